import * as assert from 'node:assert/strict';
import { ContactStore } from '../../../src/model/contactStore';
import { noLeadLabel, type StoreChange } from '../../../src/model/contactsModel';
import { contactLabel, toSummary } from '../../../src/model/contactSummary';
import { summary } from './helpers';

describe('model/ContactStore', () => {
  it('groups by lead, sorted by label case-insensitively and numerically, No lead last', () => {
    const store = new ContactStore();
    store.setLeadNames([
      ['lead_b', 'beta'],
      ['lead_a', 'Alpha'],
      ['lead_10', 'Item 10'],
      ['lead_9', 'Item 9'],
    ]);
    store.upsert([
      summary('c1', { leadId: null, displayName: 'Zed' }),
      summary('c2', { leadId: 'lead_b', displayName: 'Bob' }),
      summary('c3', { leadId: 'lead_a', displayName: 'Ann' }),
      summary('c4', { leadId: 'lead_10', displayName: 'Ten' }),
      summary('c5', { leadId: 'lead_9', displayName: 'Nine' }),
      summary('c6', { leadId: 'lead_a', displayName: 'aaron' }),
    ]);
    assert.deepEqual(
      store.groups().map((g) => [g.label, g.count]),
      [['Alpha', 2], ['beta', 1], ['Item 9', 1], ['Item 10', 1], [noLeadLabel(), 1]],
    );
    assert.deepEqual(store.contactsOf('lead_a').map((c) => c.displayName), ['aaron', 'Ann']);
    assert.equal(store.size, 6);
    assert.equal(store.leadCount, 4, 'the No lead group is not counted as a lead');
  });

  it('labels a group with the lead id until its name arrives, then moves it', () => {
    const store = new ContactStore();
    store.upsert([summary('c1', { leadId: 'lead_zzz' }), summary('c2', { leadId: 'lead_mmm' })]);
    assert.deepEqual(store.groups().map((g) => [g.label, g.named]), [['lead_mmm', false], ['lead_zzz', false]]);
    store.setLeadNames([['lead_zzz', 'Acme']]);
    assert.deepEqual(store.groups().map((g) => [g.label, g.named]), [['Acme', true], ['lead_mmm', false]]);
  });

  it('keeps the leads still shown by id below the named ones and above No lead, so the top rows hold still', () => {
    const store = new ContactStore();
    store.setLeadNames([['lead_z', 'Zeta']]);
    store.upsert([summary('c1', { leadId: null }), summary('c2', { leadId: 'lead_aaa' }), summary('c3', { leadId: 'lead_z' }), summary('c4', { leadId: 'lead_b' })]);
    assert.deepEqual(store.groups().map((g) => g.label), ['Zeta', 'lead_aaa', 'lead_b', noLeadLabel()]);
    store.setLeadNames([['lead_b', 'Beta']]);
    assert.deepEqual(store.groups().map((g) => g.label), ['Beta', 'Zeta', 'lead_aaa', noLeadLabel()]);
    const rebuilt = new ContactStore();
    rebuilt.resetTo(store.contactsOf('lead_aaa').concat(store.contactsOf('lead_b'), store.contactsOf('lead_z')), [['lead_b', 'Beta'], ['lead_z', 'Zeta']]);
    assert.deepEqual(rebuilt.groups().map((g) => g.label), ['Beta', 'Zeta', 'lead_aaa']);
  });

  it('replaces a contact by id, moving it between leads without duplicates', () => {
    const store = new ContactStore();
    store.upsert([summary('c1', { leadId: 'l1', displayName: 'A' })]);
    const replaced = store.upsert([summary('c1', { leadId: 'l2', displayName: 'A2' })]);
    assert.equal(replaced.length, 1);
    assert.equal(store.size, 1);
    assert.deepEqual(store.groups().map((g) => g.leadId), ['l2']);
    assert.equal(store.get('c1')?.displayName, 'A2');
  });

  it('replaceLead keeps only the given contacts of that lead', () => {
    const store = new ContactStore();
    store.upsert([summary('c1', { leadId: 'l1' }), summary('c2', { leadId: 'l1' }), summary('c3', { leadId: 'l2' })]);
    const { removed } = store.replaceLead('l1', [summary('c2', { leadId: 'l1', displayName: 'new' }), summary('c4', { leadId: 'l1' })]);
    assert.deepEqual(removed.map((c) => c.id), ['c1']);
    assert.deepEqual(store.contactsOf('l1').map((c) => c.id).sort(), ['c2', 'c4']);
    assert.equal(store.get('c2')?.displayName, 'new');
    assert.equal(store.contactsOf('l2').length, 1);
  });

  it('emits one groups change per batch, or the leads touched when counts stay', () => {
    const store = new ContactStore();
    const changes: StoreChange[] = [];
    store.onDidChange((c) => changes.push(c));
    store.upsert([summary('c1', { leadId: 'l1' }), summary('c2', { leadId: 'l1' }), summary('c3', { leadId: 'l2' })]);
    assert.deepEqual(changes, [{ kind: 'groups' }]);
    changes.length = 0;
    store.replaceLead('l1', [summary('c1', { leadId: 'l1', displayName: 'x' }), summary('c2', { leadId: 'l1' })]);
    assert.deepEqual(changes, [{ kind: 'lead', leadId: 'l1' }]);
    changes.length = 0;
    store.setLeadNames([['l9', 'Unused lead']]);
    assert.deepEqual(changes, []);
    changes.length = 0;
    store.clear();
    assert.deepEqual(changes, [{ kind: 'reset' }]);
    assert.equal(store.groups().length, 0);
  });

  it('shows seeded groups in the cache order at once, and puts them in order when the seed ends', () => {
    const store = new ContactStore();
    const changes: StoreChange[] = [];
    store.onDidChange((c) => changes.push(c));
    // A cache written under another collation: out of order here.
    store.seedGroups({ leadIds: ['lead_b', 'lead_a', null], names: ['beta', 'Alpha', null], counts: [1, 1, 1], statuses: [null, null, null] });
    assert.deepEqual(store.groups().map((g) => g.label), ['beta', 'Alpha', noLeadLabel()]);
    store.upsert([summary('c1', { leadId: 'lead_a' }), summary('c2', { leadId: 'lead_b' }), summary('c3')]);
    changes.length = 0;
    store.finishSeed();
    assert.deepEqual(store.groups().map((g) => g.label), ['Alpha', 'beta', noLeadLabel()]);
    assert.ok(changes.some((c) => c.kind === 'groups'), 'the new order is announced');
  });

  it('shows seeded rows from the columns at once: a repeated lead once, names, statuses and counts; the rest follows on first use', () => {
    const store = new ContactStore();
    store.seedGroups({
      leadIds: ['lead_a', 'lead_b', 'lead_a', null],
      names: ['Alpha', null, 'Again', null],
      counts: [2, 1, 9, 3],
      statuses: ['Qualified', null, 'Lost', null],
    });
    assert.deepEqual(store.groups(), [
      { leadId: 'lead_a', label: 'Alpha', named: true, count: 2, status: 'Qualified' },
      { leadId: 'lead_b', label: 'lead_b', named: false, count: 1, status: null },
      { leadId: null, label: noLeadLabel(), named: true, count: 3, status: null },
    ]);
    assert.ok(Object.isFrozen(store.groups()[0]));
    // Reads that need the store's own groups build them from the same columns.
    assert.equal(store.leadName('lead_a'), 'Alpha');
    assert.equal(store.leadStatus('lead_a'), 'Qualified');
    assert.equal(store.leadLabel('lead_b'), 'lead_b');
    assert.equal(store.leadCount, 2);
    store.upsert([summary('c1', { leadId: 'lead_a' }), summary('c2', { leadId: 'lead_b' })]);
    assert.deepEqual(store.groups().map((g) => [g.leadId, g.count]), [['lead_a', 2], ['lead_b', 1], [null, 3]], 'counts read the seed until it ends');
    store.finishSeed();
    assert.deepEqual(store.groups().map((g) => [g.leadId, g.count]), [['lead_a', 1], ['lead_b', 1]], 'the real counts; the empty No lead group goes');
  });

  it('seeded contacts streaming in change only their leads (the rows show the cached counts), until one shows a new count', () => {
    const store = new ContactStore();
    store.seedGroups({ leadIds: ['lead_a', 'lead_b'], names: ['Alpha', 'Beta'], counts: [2, 1], statuses: [null, null] });
    const changes: StoreChange[] = [];
    store.onDidChange((c) => changes.push(c));
    store.upsert([summary('c1', { leadId: 'lead_a' })]);
    store.upsert([summary('c2', { leadId: 'lead_a' }), summary('c3', { leadId: 'lead_b' })]);
    assert.deepEqual(changes, [
      { kind: 'lead', leadId: 'lead_a' },
      { kind: 'lead', leadId: 'lead_a' },
      { kind: 'lead', leadId: 'lead_b' },
    ]);
    changes.length = 0;
    store.upsert([summary('c4', { leadId: 'lead_b' })]);
    assert.deepEqual(changes, [{ kind: 'groups' }], 'more contacts than the cache said: the row changes');
    assert.deepEqual(store.groups().map((g) => g.count), [2, 2]);
  });

  it('seeded groups can be built a few at a time (the warm start spreads them over turns); whatever needs them builds the rest', () => {
    const store = new ContactStore();
    const seed = { leadIds: ['lead_a', 'lead_b', 'lead_c', null], names: ['Alpha', 'Beta', 'Gamma', null], counts: [1, 1, 1, 1], statuses: ['Qualified', null, null, null] };
    store.seedGroups(seed);
    assert.equal(store.leadCount, 3, 'counted from the seed without building it');
    assert.equal(store.buildSeededGroups(2), false, 'two of four built');
    assert.equal(store.leadCount, 3);
    assert.equal(store.leadName('lead_c'), 'Gamma', 'a row not built yet: asking builds the rest');
    assert.equal(store.buildSeededGroups(2), true, 'nothing left');
    assert.equal(store.leadStatus('lead_a'), 'Qualified');
    store.upsert([summary('c1', { leadId: 'lead_b' })]);
    store.finishSeed();
    assert.deepEqual(store.groups().map((g) => [g.leadId, g.count]), [['lead_b', 1]]);

    store.seedGroups(seed);
    assert.equal(store.buildSeededGroups(1), false);
    store.upsert([summary('c2', { leadId: 'lead_c' })]);
    store.finishSeed();
    assert.deepEqual(store.groups().map((g) => g.leadId), ['lead_c'], 'a change mid-build builds the rest first');
  });

  it('a seed replaced or cleared before first use leaves nothing of it behind', () => {
    const store = new ContactStore();
    store.seedGroups({ leadIds: ['lead_a'], names: ['Alpha'], counts: [1], statuses: [null] });
    store.clear();
    assert.equal(store.leadName('lead_a'), undefined);
    assert.deepEqual(store.groups(), []);
    store.seedGroups({ leadIds: ['lead_a'], names: ['Alpha'], counts: [1], statuses: [null] });
    store.resetTo([summary('c1', { leadId: 'lead_b' })], [['lead_b', 'Beta']]);
    assert.deepEqual(store.groups().map((g) => g.label), ['Beta']);
    assert.equal(store.leadName('lead_a'), undefined);
  });

  it('resetTo builds the same groups as incremental upserts', () => {
    const contacts = Array.from({ length: 300 }, (_, i) => summary(`c${i}`, { leadId: i % 7 === 0 ? null : `l${i % 23}`, displayName: `N ${(i * 37) % 101}` }));
    const names: [string, string][] = Array.from({ length: 23 }, (_, i) => [`l${i}`, `Lead ${(i * 5) % 23}`]);
    const a = new ContactStore();
    a.setLeadNames(names);
    for (let i = 0; i < contacts.length; i += 50) {
      a.upsert(contacts.slice(i, i + 50));
    }
    const b = new ContactStore();
    b.resetTo(contacts, names);
    assert.deepEqual(a.groups(), b.groups());
    for (const g of a.groups()) {
      assert.deepEqual(a.contactsOf(g.leadId).map((c) => c.id), b.contactsOf(g.leadId).map((c) => c.id));
    }
  });
});

describe('model/contactSummary', () => {
  it('labels with display_name, then name, then first email, then (no name)', () => {
    assert.equal(contactLabel(summary('a', { displayName: 'D', name: 'N' })), 'D');
    assert.equal(contactLabel(summary('a', { name: 'N' })), 'N');
    assert.equal(contactLabel(summary('a', { emails: [{ email: 'x@y.z', type: 'office', is_unsubscribed: false }] })), 'x@y.z');
    assert.equal(contactLabel(summary('a')), '(no name)');
  });

  it('keeps one text per phone when the formatted number has the same digits, both when not', () => {
    const same = toSummary({ id: 'c1', phones: [{ phone: '+16503334444', phone_formatted: '+1 650-333-4444', type: 'office' }] });
    assert.deepEqual(same?.phones, [{ phone: '+1 650-333-4444', type: 'office' }]);
    const different = toSummary({ id: 'c2', phones: [{ phone: '+16503334444', phone_formatted: '(650) 333-4444', type: 'mobile' }] });
    assert.deepEqual(different?.phones, [{ phone: '+16503334444', phone_formatted: '(650) 333-4444', type: 'mobile' }]);
  });

  it('tolerates records that break the schema and skips ones without an id', () => {
    assert.equal(toSummary({ name: 'no id' }), undefined);
    assert.equal(toSummary({ id: '' }), undefined);
    const huge = 'x'.repeat(1_000_000);
    const raw: Record<string, unknown> = {
      id: 'c1',
      name: huge,
      display_name: null as unknown as string,
      title: null,
      emails: [null, { email: 'a@b.c' }, { nope: 1 }],
      phones: 'oops',
      'custom.cf_1': 'whatever',
    };
    const s = toSummary(raw);
    assert.ok(s);
    assert.equal(s.name?.length, 1_000_000);
    assert.deepEqual(s.emails, [{ email: 'a@b.c', type: 'other', is_unsubscribed: false }]);
    assert.deepEqual(s.phones, []);
    assert.equal(s.leadId, null);
  });
});
