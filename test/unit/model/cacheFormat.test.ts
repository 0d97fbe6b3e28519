import * as assert from 'node:assert/strict';
import { decodeHeader, decodeSlice, encodeHeader, encodeSlices } from '../../../src/model/cacheFormat';
import { ContactStore } from '../../../src/model/contactStore';
import type { ContactSummary } from '../../../src/model/contactSummary';
import { plainSummary } from '../../../src/model/packedSummary';
import { summary } from './helpers';

function encoded(contacts: ContactSummary[], names: [string, string][] = [], statuses: [string, string][] = []): { header: string; lines: string[] } {
  const store = new ContactStore();
  store.setLeadNames(names);
  store.setLeadStatuses(statuses);
  store.upsert(contacts);
  const groups = store.groups();
  const members = groups.map((g) => store.contactsOf(g.leadId));
  return { header: encodeHeader('orga_1', groups, members, 1234, 'host:1'), lines: [...encodeSlices(members)] };
}

describe('model/cacheFormat (no disk)', () => {
  it('reads back the header it writes: groups in order, names, counts and statuses', () => {
    const { header } = encoded([summary('c1', { leadId: 'l2' }), summary('c2', { leadId: 'l1' }), summary('c3', { leadId: 'l1' }), summary('c4')], [['l1', 'Acme'], ['l2', 'Beta']], [['l2', 'Qualified']]);
    assert.deepEqual(decodeHeader(header, 'orga_1'), {
      savedAt: 1234,
      writer: 'host:1',
      total: 4,
      groups: {
        leadIds: ['l1', 'l2', null],
        names: ['Acme', 'Beta', null],
        counts: [2, 1, 1],
        statuses: [null, 'Qualified', null],
      },
    });
  });

  it('writes the header as ASCII only, and reads names outside ASCII back as they were', () => {
    const names: [string, string][] = [['l1', 'Zoë Müller GmbH'], ['l2', '東京 Trading 🚀'], ['l3', 'שלום\u202e']];
    const { header } = encoded([summary('c1', { leadId: 'l1' }), summary('c2', { leadId: 'l2' }), summary('c3', { leadId: 'l3' })], names, [['l1', 'Qualifié'], ['l2', 'Qualifié']]);
    assert.ok([...header].every((c) => c.charCodeAt(0) < 0x80), 'only ASCII in the header line');
    const back = decodeHeader(header, 'orga_1');
    assert.deepEqual(new Set(back?.groups.names), new Set(names.map(([, n]) => n)));
    assert.deepEqual(back?.groups.statuses.filter((x) => x !== null), ['Qualifié', 'Qualifié']);
    assert.equal((JSON.parse(header) as { statusLabels: string[] }).statusLabels.length, 1, 'a status label is written once');
  });

  it('reads a header whose columns disagree or hold the wrong types as damaged', () => {
    const { header } = encoded([summary('c1', { leadId: 'l1' }), summary('c2')], [['l1', 'Acme']]);
    const good = JSON.parse(header) as Record<string, unknown[]>;
    assert.ok(decodeHeader(JSON.stringify(good), 'orga_1'));
    const broken: [string, unknown][] = [
      ['counts', [1]],
      ['names', [7, null]],
      ['leadIds', ['', null]],
      ['leadIds', [3, null]],
      ['statusOf', ['x', -1]],
      ['statusLabels', [1]],
      ['counts', 'two'],
    ];
    for (const [field, value] of broken) {
      assert.equal(decodeHeader(JSON.stringify({ ...good, [field]: value }), 'orga_1'), undefined, `${field}: ${JSON.stringify(value)}`);
    }
  });

  it('reads a header of another organization or format version, or no JSON, as damaged', () => {
    const { header } = encoded([summary('c1')]);
    assert.equal(decodeHeader(header, 'orga_2'), undefined);
    const other = JSON.parse(header) as { format: number };
    other.format = 1;
    assert.equal(decodeHeader(JSON.stringify(other), 'orga_1'), undefined);
    assert.equal(decodeHeader('{"format":', 'orga_1'), undefined);
  });

  it('writes 250 contacts a line and reads them back under their groups', () => {
    const contacts = Array.from({ length: 600 }, (_, i) =>
      summary(`c${String(i).padStart(3, '0')}`, {
        leadId: i % 3 === 0 ? null : `l${i % 3}`,
        displayName: `Person ${i}`,
        name: i % 2 === 0 ? `Person ${i}` : `Other ${i}`,
        emails: [{ email: `p${i}@x.io`, type: 'office', is_unsubscribed: i % 5 === 0 }],
        phones: i % 4 === 0 ? [{ phone: `+1555${i}`, phone_formatted: `+1 555 ${i}`, type: 'mobile', country: 'US' }] : [],
      }),
    );
    const { header, lines } = encoded(contacts, [['l1', 'One'], ['l2', 'Two']]);
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as unknown[]).length), [250, 250, 100]);
    const order = decodeHeader(header, 'orga_1')?.groups.leadIds ?? [];
    const back = lines.flatMap((l) => decodeSlice(l, order) ?? []);
    const byId = new Map(contacts.map((c) => [c.id, c]));
    assert.equal(back.length, contacts.length);
    for (const c of back) {
      const sent = byId.get(c.id);
      assert.ok(sent);
      assert.deepEqual(plainSummary(c), plainSummary(sent));
    }
  });

  it('reads a damaged line of contacts as undefined', () => {
    const { header, lines } = encoded([summary('c1', { leadId: 'l1' })]);
    const order = decodeHeader(header, 'orga_1')?.groups.leadIds ?? [];
    assert.ok(decodeSlice(lines[0], order));
    assert.equal(decodeSlice(lines[0], []), undefined, 'a group index past the header');
    assert.equal(decodeSlice('{"not":"rows"}', order), undefined);
    assert.equal(decodeSlice('[[null,0,null,null,null,[],[]]]', order), undefined, 'a row without an id');
    assert.equal(decodeSlice('[[', order), undefined);
  });
});
