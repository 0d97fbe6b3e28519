// Issue 8, point 5: the cache belongs to the key's organization. A user in two organizations
// has two keys; the fake Close serves both. No key ever shows the other organization's contacts.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloseClient } from '../../../src/close/client';
import type { Me } from '../../../src/close/types';
import { checkMe } from '../../../src/close/validate';
import { accountFromMe, keyFingerprint } from '../../../src/model/account';
import { cacheFileName } from '../../../src/model/contactCache';
import { ContactsController } from '../../../src/model/contactsController';
import { startFakeClose, type FakeClose, type FakeTenant } from '../../fake/server';

const SECOND_KEY = 'fake_close_key_second_org_Qm7Rt2';

function me(partial: Partial<Me>): Me {
  return { id: 'user_1', email: 'sam@example.com', first_name: 'Sam', last_name: 'Seller', organizations: [], ...partial };
}

describe('model/account: the key\'s organization', () => {
  const orgs = [
    { id: 'orga_A', name: 'A Sales' },
    { id: 'orga_B', name: 'B Sales' },
  ];

  it('is organization_id from GET /me/, not organizations[0]', () => {
    const account = accountFromMe(me({ organization_id: 'orga_B', organizations: orgs }));
    assert.equal(account.organizationId, 'orga_B');
    assert.equal(account.organizationName, 'B Sales');
  });

  it('without organization_id, the only organization is taken, but never one of several', () => {
    assert.equal(accountFromMe(me({ organizations: [orgs[0] as (typeof orgs)[0]] })).organizationId, 'orga_A');
    const several = accountFromMe(me({ organizations: orgs }));
    assert.equal(several.organizationId, undefined);
    assert.equal(several.organizationName, undefined);
    assert.equal(several.userName, 'Sam Seller');
  });

  it('an organization_id that is not a non-empty string is dropped, so it cannot name a cache', () => {
    for (const bad of [5, '', null, { id: 'orga_A' }]) {
      const checked = checkMe<Me>({ id: 'user_1', email: 'sam@example.com', organization_id: bad, organizations: orgs }, '/me/');
      assert.equal('organization_id' in checked, false);
      assert.equal(accountFromMe(checked).organizationId, undefined);
    }
    assert.equal(checkMe<Me>({ id: 'user_1', email: 'e', organization_id: 'orga_B' }, '/me/').organization_id, 'orga_B');
  });

  it('the fingerprint that binds stored facts to a key differs per key and does not contain it', () => {
    const a = keyFingerprint('api_key_one_1234567890');
    assert.notEqual(a, keyFingerprint('api_key_two_1234567890'));
    assert.equal(a, keyFingerprint('api_key_one_1234567890'));
    assert.ok(!a.includes('api_key_one'));
  });
});

describe('model/ContactsController: the cache belongs to the key\'s organization', () => {
  let fake: FakeClose;
  let second: FakeTenant;
  let dir: string;
  const controllers: ContactsController[] = [];

  before(async () => {
    fake = await startFakeClose({ contacts: 150, seed: 11, secondOrganization: { apiKey: SECOND_KEY, contacts: 90, seed: 12 } });
    second = fake.second as FakeTenant;
  });
  after(async () => fake.close());
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-org-'));
  });
  afterEach(async () => {
    for (const c of controllers.splice(0)) {
      c.dispose();
      await c.whenCacheWritten();
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  function clientFor(key: string): CloseClient {
    return new CloseClient({ baseUrl: fake.url, apiKey: key, retryBaseDelayMs: 2, maxAttempts: 2, timeoutMs: 2000 });
  }

  function controller(key: string, organizationId: string | undefined): ContactsController {
    const c = new ContactsController({ client: clientFor(key), pageSize: 40, organizationId, cacheDir: dir });
    controllers.push(c);
    return c;
  }

  const orgA = (): string => fake.me.organization_id as string;
  const orgB = (): string => second.me.organization_id as string;
  const idsOf = (tenant: FakeTenant): Set<string> => new Set(tenant.dataset.contacts.map((c) => c.id));

  /** Loads with key A so that A's cache exists on disk. */
  async function cacheOfA(): Promise<void> {
    const a = controller(fake.apiKey, orgA());
    await a.refresh();
    await a.whenCacheWritten();
    assert.equal(a.status.phase, 'complete');
  }

  it('the fake: each key has its own organization; GET /me/ lists both and names the key\'s own', async () => {
    const [meA, meB] = await Promise.all([clientFor(fake.apiKey).getMe(), clientFor(SECOND_KEY).getMe()]);
    assert.notEqual(orgA(), orgB());
    assert.equal(meA.organization_id, orgA());
    assert.equal(meB.organization_id, orgB());
    assert.deepEqual(meB.organizations.map((o) => o.id), [orgA(), orgB()], 'organizations[0] is not the second key\'s');
    assert.equal(accountFromMe(meB).organizationId, orgB());
    const page = await clientFor(SECOND_KEY).listContacts({ limit: 5, fields: ['id', 'organization_id'] });
    assert.ok(page.data.every((c) => c.organization_id === orgB() && !idsOf(fake).has(c.id)));
  });

  it('with the organization not known yet, no cache is read; the contacts name it and their cache is written', async () => {
    await cacheOfA();
    const b = controller(SECOND_KEY, undefined);
    assert.equal(await b.restoreFromCache(), false);
    assert.equal(b.model.size, 0);
    await b.refresh();
    assert.equal(b.organizationId, orgB());
    await b.whenCacheWritten();
    assert.deepEqual((await fs.readdir(dir)).sort(), [cacheFileName(orgA()), cacheFileName(orgB())].sort());
  });

  it('a load whose contacts belong to another organization than the cache shown drops the cache view at once and never mixes', async () => {
    await cacheOfA();
    const aIds = idsOf(fake);
    const bIds = idsOf(second);
    // Wrong facts: key B's controller believes it is organization A, and shows A's cache.
    const b = controller(SECOND_KEY, orgA());
    assert.equal(await b.restoreFromCache(), true);
    assert.equal(b.model.size, aIds.size);
    const mixed: number[] = [];
    b.onDidChangeStatus(() => {
      const shown = Array.from(b.model.all(), (c) => c.id);
      if (shown.some((id) => bIds.has(id)) && shown.some((id) => aIds.has(id))) {
        mixed.push(shown.length);
      }
    });
    await b.refresh();
    assert.deepEqual(mixed, [], 'no update showed contacts of both organizations');
    assert.equal(b.status.phase, 'complete');
    assert.equal(b.organizationId, orgB());
    assert.deepEqual(new Set(Array.from(b.model.all(), (c) => c.id)), bIds);
    assert.equal(b.status.cachedAt, undefined);
    await b.whenCacheWritten();
    // A's cache still holds A's contacts only; B's went to B's own file.
    const a2 = controller(fake.apiKey, orgA());
    assert.equal(await a2.restoreFromCache(), true);
    assert.deepEqual(new Set(Array.from(a2.model.all(), (c) => c.id)), aIds);
    const b2 = controller(SECOND_KEY, orgB());
    assert.equal(await b2.restoreFromCache(), true);
    assert.deepEqual(new Set(Array.from(b2.model.all(), (c) => c.id)), bIds);
  });

  it('lead names that came before the first contacts stay when those contacts name another organization', async () => {
    // The first contact page fails once and is sent again 150 ms later: the lead page is in first.
    fake.setFaults({ failSkip: { skip: 0, status: 503, times: 1 } });
    const client = new CloseClient({ baseUrl: fake.url, apiKey: SECOND_KEY, retryBaseDelayMs: 150, maxAttempts: 2, timeoutMs: 2000 });
    const b = new ContactsController({ client, pageSize: 40, organizationId: orgA(), cacheDir: dir });
    controllers.push(b);
    await b.refresh();
    assert.equal(b.organizationId, orgB());
    assert.ok(fake.requests.some((r) => r.status === 503), 'the first contact page was sent again');
    const unnamed = b.model.groups().filter((g) => g.leadId !== null && !g.named);
    assert.deepEqual(unnamed.map((g) => g.leadId), [], "every lead of B's contacts shows its name");
  });

  it('GET /me/ naming another organization than the contacts changes nothing once they bound it', async () => {
    const b = controller(SECOND_KEY, undefined);
    await b.refresh();
    assert.equal(b.bindOrganization(orgA()), false);
    assert.equal(b.organizationId, orgB());
    assert.equal(b.bindOrganization(orgB()), true);
  });
});
