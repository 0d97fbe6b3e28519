import * as assert from 'node:assert/strict';
import { ContactFilter, parseFilter } from '../../../src/model/contactFilter';
import { ContactStore } from '../../../src/model/contactStore';
import { toSummary, type ContactSummary } from '../../../src/model/contactSummary';
import { SearchIndex } from '../../../src/model/search/searchIndex';
import { normalize } from '../../../src/model/searchText';
import { oracleRows, oracleSearch } from '../../shared/searchOracle';
import { generateDataset } from '../../fake/data';
import { summary } from './helpers';

interface Built {
  store: ContactStore;
  index: SearchIndex;
  filter: ContactFilter;
}

function build(contacts: ContactSummary[], leads: [string, string, string?][] = []): Built {
  const store = new ContactStore();
  const index = new SearchIndex((leadId) => store.membersOf(leadId));
  store.setLeadNames(leads.map(([id, name]) => [id, name]));
  store.setLeadStatuses(leads.filter((l): l is [string, string, string] => l[2] !== undefined).map(([id, , status]) => [id, status]));
  for (const [id, name] of leads) {
    index.setLeadName(id, name);
  }
  store.upsert(contacts);
  index.upsert(contacts);
  return { store, index, filter: new ContactFilter(store, index) };
}

const sortedIds = (list: readonly ContactSummary[]): string[] => list.map((c) => c.id).sort();

describe('model/ContactFilter', () => {
  const people = [
    summary('c1', {
      leadId: 'l1',
      displayName: 'Zoë Ångström',
      title: 'Chief Wizard',
      emails: [{ email: 'zoe@acme.io', type: 'office', is_unsubscribed: false }],
      phones: [{ phone: '+16503334444', phone_formatted: '+1 650-333-4444', type: 'mobile' }],
    }),
    summary('c2', { leadId: 'l1', displayName: 'Al Rocket' }),
    summary('c3', { leadId: 'l2', displayName: 'Bob Stone', title: 'Engineer' }),
    summary('c4', { leadId: 'l2', displayName: 'Dana Acme' }),
    summary('c5', { leadId: null, displayName: 'Robert Zoeller' }),
    summary('c6', { leadId: 'l3', displayName: 'Eve Nolead' }),
  ];
  const leads: [string, string, string?][] = [
    ['l1', 'Acme Rockets', 'Qualified'],
    ['l2', 'Stone & Sons', 'Not Interested'],
    ['l3', 'Third', undefined],
  ];

  it('keeps the leads and contacts that match, with counts', () => {
    const { filter } = build(people, leads);
    const r = filter.apply('zoe');
    assert.deepEqual(
      r.groups().map((g) => [g.leadId, g.matched, g.count]),
      [
        ['l1', 1, 2],
        [null, 1, 1],
      ],
    );
    assert.deepEqual(sortedIds(r.contactsOf('l1')), ['c1']);
    assert.deepEqual(r.contactsOf('l2'), []);
    assert.equal(r.matched, 2);
    assert.equal(r.total, 6);
  });

  it('matches like search: lead name, email, title, phone digits in any format', () => {
    const { filter } = build(people, leads);
    assert.deepEqual(sortedIds(filter.apply('acme').groups().flatMap((g) => filter.apply('acme').contactsOf(g.leadId))), ['c1', 'c2', 'c4']);
    assert.deepEqual(sortedIds(filter.apply('(650) 333-44').contactsOf('l1')), ['c1']);
    assert.deepEqual(filter.apply('ENGINEER').groups().map((g) => g.leadId), ['l2']);
    assert.equal(filter.apply('nobody-here').matched, 0);
    assert.equal(filter.apply('  ').matched, 6, 'an empty filter keeps everything');
  });

  it('matches status:, case-insensitive, by prefix, combined with words', () => {
    const { filter } = build(people, leads);
    assert.deepEqual(filter.apply('status:qualified').groups().map((g) => g.leadId), ['l1']);
    assert.deepEqual(filter.apply('STATUS:QUAL').groups().map((g) => g.leadId), ['l1']);
    assert.deepEqual(filter.apply('status:not').groups().map((g) => g.leadId), ['l2']);
    assert.deepEqual(filter.apply('status:not_inter').groups().map((g) => g.leadId), ['l2']);
    const both = filter.apply('status:qualified zoe');
    assert.deepEqual(sortedIds(both.groups().flatMap((g) => both.contactsOf(g.leadId))), ['c1'], 'c5 matches zoe but has no lead');
    assert.equal(filter.apply('acme status:not').matched, 1, 'Dana Acme at Stone & Sons');
    assert.equal(filter.apply('status:customer').matched, 0);
  });

  it('parses status terms apart from words', () => {
    assert.deepEqual(parseFilter('  status:Qualified acme  corp '), { words: 'acme corp', statuses: ['qualified'] });
    assert.deepEqual(parseFilter('status:a status:b'), { words: '', statuses: ['a', 'b'] });
  });

  it('follows the store: new matching contacts appear, changed ones go', () => {
    const { store, index, filter } = build(people, leads);
    assert.equal(filter.apply('rocket').matched, 2);
    const added = [summary('c7', { leadId: 'l2', displayName: 'Rocket Man' })];
    store.upsert(added);
    index.upsert(added);
    const after = filter.apply('rocket');
    assert.deepEqual(sortedIds(after.contactsOf('l2')), ['c7']);
    assert.equal(after.matched, 3);
    assert.equal(filter.apply('dana').matched, 1);
    const renamed = [{ ...people[3], displayName: 'Dina Acme' }];
    store.upsert(renamed);
    index.upsert(renamed);
    assert.equal(filter.apply('dana').matched, 0);
    store.setLeadStatuses([['l3', 'Qualified Again']]);
    assert.deepEqual(filter.apply('status:qual').groups().map((g) => g.leadId), ['l1', 'l3']);
  });

  it('finds every match of a large organization, the same as a full scan, also while narrowing', () => {
    const data = generateDataset(6000, 900, 3);
    const all = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
    const { store, index, filter } = build(
      all,
      data.leads.map((l) => [l.id, l.display_name ?? l.id, l.status_label ?? undefined]),
    );
    const plans = new Set<string>();
    const rows = oracleRows(store.all(), (id) => store.leadName(id));
    // Typed letter by letter: the later queries narrow the earlier ones.
    for (const q of ['a', 'an', 'ann', 'anna', 'com', 'co', 'gm', 'gmail', 'gmail.com', '6', '65', '650', 'ma ja', 'ste an', 'acme', 'inc']) {
      const got = filter.apply(q);
      plans.add(index.lastMatchPlan);
      const expected = oracleSearch(rows, (id) => store.leadName(id), q, Infinity);
      assert.equal(got.matched, expected.length, q);
      assert.deepEqual(sortedIds(got.groups().flatMap((g) => got.contactsOf(g.leadId))), sortedIds(expected), q);
    }
    assert.ok(plans.has('narrowed') && plans.has('scan'), [...plans].join());
    const qualified = filter.apply('status:qualified');
    const leadsQualified = new Set(data.leads.filter((l) => normalize(l.status_label ?? '') === 'qualified').map((l) => l.id));
    assert.equal(qualified.matched, all.filter((c) => c.leadId !== null && leadsQualified.has(c.leadId)).length);
    assert.ok(qualified.matched > 0);
  });

  it('does not narrow from matches the store has changed since (new contacts are found while typing)', () => {
    const data = generateDataset(3000, 500, 9);
    const all = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
    const { store, index, filter } = build(all, data.leads.map((l) => [l.id, l.display_name ?? l.id]));
    filter.apply('zyx');
    const added = [summary('new1', { displayName: 'Zyxwv Newcomer' })];
    store.upsert(added);
    index.upsert(added);
    const typed = filter.apply('zyxw');
    assert.equal(typed.has(added[0]), true, 'a contact that came after the previous keystroke');
    filter.apply('zyxwv');
    assert.equal(index.lastMatchPlan, 'narrowed', 'with nothing changed the next keystroke narrows');
  });

  it('answers the same query on an unchanged store from what it kept', () => {
    const { filter } = build(people, leads);
    assert.equal(filter.apply('acme'), filter.apply(' acme '));
  });
});
