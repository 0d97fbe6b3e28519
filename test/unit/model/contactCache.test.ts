import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ContactCache } from '../../../src/model/contactCache';
import { ContactStore } from '../../../src/model/contactStore';
import type { ContactSummary } from '../../../src/model/contactSummary';
import { plainSummary } from '../../../src/model/packedSummary';
import { summary } from './helpers';

async function write(cache: ContactCache, contacts: ContactSummary[], names: [string, string][], savedAt?: number, statuses: [string, string][] = []): Promise<void> {
  const store = new ContactStore();
  store.setLeadNames(names);
  store.setLeadStatuses(statuses);
  store.upsert(contacts);
  await cache.write(store.groups(), (leadId) => store.contactsOf(leadId), savedAt);
}

describe('model/ContactCache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-cache-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('round-trips summaries and lead names, per organization', async () => {
    const contacts = [
      summary('c1', {
        leadId: 'l1',
        displayName: 'Ann',
        name: 'Ann',
        title: 'CEO',
        emails: [{ email: 'ann@x.io', type: 'office', is_unsubscribed: true }],
        phones: [{ phone: '+15550100', phone_formatted: '+1 555-0100', type: 'mobile', country: 'US' }],
      }),
      summary('c2', { leadId: null, name: 'Only name' }),
      summary('c3', { leadId: 'l2', displayName: '山田' }),
    ];
    const cache = new ContactCache(dir, 'orga_1');
    await write(cache, contacts, [['l1', 'Lead One']], 1234, [['l1', 'Qualified']]);
    const back = await cache.read();
    assert.ok(back);
    assert.equal(back.savedAt, 1234);
    const byId = (list: ContactSummary[]): ContactSummary[] => [...list].sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(byId(back.contacts).map(plainSummary), byId(contacts).map(plainSummary));
    assert.deepEqual(back.leadNames, [['l1', 'Lead One']]);
    assert.deepEqual(back.groups, {
      leadIds: ['l1', 'l2', null],
      names: ['Lead One', null, null],
      counts: [1, 1, 1],
      statuses: ['Qualified', null, null],
    });
    assert.equal(await new ContactCache(dir, 'orga_2').read(), undefined);
  });

  it('reads files of the format before 0.2 (a row per group), with and without lead statuses', async () => {
    const cache = new ContactCache(dir, 'orga_1');
    const header = '{"format":2,"organizationId":"orga_1","savedAt":1,"total":3,"groups":[["l1","Acme",1],["l2","Beta",1,"Qualified"],[null,null,1]]}';
    await fs.writeFile(cache.file, `${header}\n[["c1",0,"Ann",0,null,[],[]],["c2",1,"Bo",0,null,[],[]],["c3",2,"Cy",0,null,[],[]]]\n`);
    const back = await cache.read();
    assert.deepEqual(back?.groups, { leadIds: ['l1', 'l2', null], names: ['Acme', 'Beta', null], counts: [1, 1, 1], statuses: [null, 'Qualified', null] });
    assert.deepEqual(back?.contacts.map((c) => c.leadId), ['l1', 'l2', null]);
  });

  it('ignores and deletes a corrupt file without throwing', async () => {
    const cache = new ContactCache(dir, 'orga_1');
    const header = '{"format":2,"organizationId":"orga_1","savedAt":1,"total":1,"groups":[[null,null,1]]}';
    for (const body of ['{"format":2,"groups":[', '[]\n', `${header}\n[[1]]\n`, `${header}\n[["c1",5,null,null,null,[],[]]]\n`, `${header}\n`]) {
      await fs.writeFile(cache.file, body);
      assert.equal(await cache.read(), undefined);
      await assert.rejects(fs.access(cache.file));
    }
  });

  it('deletes its file and keeps the organization id out of the path', async () => {
    const cache = new ContactCache(dir, '../../evil');
    assert.equal(path.dirname(cache.file), dir);
    await write(cache, [summary('c1')], []);
    await cache.delete();
    assert.deepEqual(await fs.readdir(dir), []);
  });
});
