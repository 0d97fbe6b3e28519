import * as assert from 'node:assert/strict';
import { ContactStore } from '../../../src/model/contactStore';
import { toSummary, type ContactSummary } from '../../../src/model/contactSummary';
import { plainSummary } from '../../../src/model/packedSummary';
import { SearchIndex } from '../../../src/model/search/searchIndex';
import { parseQuery } from '../../../src/model/searchText';
import { foldForSearch, oracleQuery, oracleRows, oracleSearch } from '../../shared/searchOracle';
import { generateDataset } from '../../fake/data';
import { summary } from './helpers';

function build(contacts: ContactSummary[], leadNames: [string, string][] = []): { store: ContactStore; index: SearchIndex } {
  const store = new ContactStore();
  const index = new SearchIndex((leadId) => store.membersOf(leadId));
  store.setLeadNames(leadNames);
  for (const [id, name] of leadNames) {
    index.setLeadName(id, name);
  }
  store.upsert(contacts);
  index.upsert(contacts);
  return { store, index };
}

const ids = (list: ContactSummary[]): string[] => list.map((c) => c.id);

/** The reference's ids for queries over the store as it is now (its fields folded once). */
function reference(store: ContactStore): (query: string, limit: number) => string[] {
  const rows = oracleRows(store.all(), (id) => store.leadName(id));
  return (query, limit) => ids(oracleSearch(rows, (id) => store.leadName(id), query, limit));
}

describe('model/SearchIndex', () => {
  const people = [
    summary('c1', {
      leadId: 'l1',
      displayName: 'Zoë Ångström',
      title: 'Chief Wizard',
      emails: [{ email: 'zoe.angstrom@acme.io', type: 'office', is_unsubscribed: false }],
      phones: [{ phone: '+16503334444', phone_formatted: '+1 650-333-4444', type: 'mobile' }],
    }),
    summary('c2', { leadId: 'l2', displayName: 'Bob Stone', title: 'Engineer', emails: [{ email: 'bob@stone.dev', type: 'home', is_unsubscribed: true }] }),
    summary('c3', { leadId: null, displayName: 'Robert Zoeller', phones: [{ phone: '+44 20 7946 0018', type: 'office' }] }),
    summary('c4', { leadId: 'l2', displayName: '山田 太郎', name: 'Yamada Taro' }),
  ];
  const { index } = build(people, [
    ['l1', 'Acme Rockets'],
    ['l2', 'Stone & Sons'],
  ]);

  it('matches names with accents folded and case ignored', () => {
    assert.deepEqual(ids(index.search('zoe', 10)), ['c1', 'c3']);
    assert.deepEqual(ids(index.search('ANGSTROM', 10)), ['c1']);
    assert.deepEqual(ids(index.search('山田', 10)), ['c4']);
    assert.deepEqual(ids(index.search('yamada', 10)), ['c4']);
  });

  it('matches any part of an email', () => {
    assert.deepEqual(ids(index.search('acme.io', 10)), ['c1']);
    assert.deepEqual(ids(index.search('stone.dev', 10)), ['c2']);
    assert.deepEqual(ids(index.search('ngstrom@', 10)), ['c1']);
  });

  it('matches phone digits whatever the formatting, contiguously', () => {
    assert.deepEqual(ids(index.search('650 333', 10)), ['c1']);
    assert.deepEqual(ids(index.search('(650) 333-4444', 10)), ['c1']);
    assert.deepEqual(ids(index.search('7946-0018', 10)), ['c3']);
    assert.deepEqual(ids(index.search('650 4444', 10)), [], 'digits must be contiguous');
  });

  it('matches the lead name and the title', () => {
    assert.deepEqual(ids(index.search('rockets', 10)), ['c1']);
    assert.deepEqual(ids(index.search('sons', 10)).sort(), ['c2', 'c4']);
    assert.deepEqual(ids(index.search('wizard', 10)), ['c1']);
  });

  it('requires every word (AND)', () => {
    assert.deepEqual(ids(index.search('stone engineer', 10)), ['c2']);
    assert.deepEqual(ids(index.search('stone wizard', 10)), []);
    assert.deepEqual(ids(index.search('zoe 650', 10)), ['c1']);
  });

  it('ranks label prefix first, then word prefix, then substring, and caps', () => {
    const { index: idx } = build([
      summary('a', { displayName: 'Mary Anne' }),
      summary('b', { displayName: 'Annabel Lee' }),
      summary('c', { displayName: 'Joanne Smith' }),
      summary('d', { displayName: 'Anne' }),
    ]);
    assert.deepEqual(ids(idx.search('anne', 10)), ['d', 'a', 'c']);
    assert.deepEqual(ids(idx.search('ann', 10)), ['b', 'd', 'a', 'c']);
    assert.deepEqual(ids(idx.search('ann', 2)), ['b', 'd']);
  });

  it('returns the first contacts by label for an empty query', () => {
    assert.deepEqual(ids(index.search('', 2)), ['c2', 'c3']);
  });

  it('forgets removed contacts and sees replaced ones', () => {
    const { store, index: idx } = build([summary('x', { displayName: 'Old Name' })]);
    assert.deepEqual(ids(idx.search('old', 5)), ['x']);
    const fresh = summary('x', { displayName: 'New Name' });
    store.upsert([fresh]);
    idx.upsert([fresh]);
    assert.deepEqual(ids(idx.search('old', 5)), []);
    assert.deepEqual(ids(idx.search('new', 5)), ['x']);
    idx.remove(['x']);
    assert.deepEqual(ids(idx.search('name', 5)), []);
  });

  it('stays equal to a full scan after compaction drops many replaced contacts', () => {
    const data = generateDataset(2000, 300, 11);
    const all = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
    const names: [string, string][] = data.leads.map((l) => [l.id, l.display_name ?? l.id]);
    const { store, index: idx } = build(all, names);
    idx.search('warm', 1);
    const renamed = all.slice(0, 1600).map((c) => ({ ...plainSummary(c), displayName: `Zed ${c.displayName ?? ''}` }));
    store.upsert(renamed);
    idx.upsert(renamed);
    const expected = reference(store);
    for (const q of ['zed', 'zed a', '', 'gmail', '55', 'a']) {
      assert.deepEqual(ids(idx.search(q, 30)), expected(q, 30), q);
    }
    assert.equal(idx.size, 2000);
  });

  describe('word-start postings', () => {
    const crowd = [
      summary('c1', { displayName: 'Anna Clark', title: 'Client Lead' }),
      summary('c2', { displayName: 'Clara Mills' }),
      summary('c3', { displayName: 'Bo Clive' }),
      summary('c4', { displayName: 'Mac Lean', emails: [{ email: 'maclean@cloud.io', type: 'office', is_unsubscribed: false }] }),
      summary('c5', { displayName: 'Paul McClain' }),
      summary('c6', { leadId: 'l6', displayName: 'Zoe Ray' }),
    ];
    const same = (idx: SearchIndex, store: ContactStore, q: string, limit: number): string[] => {
      const got = ids(idx.search(q, limit));
      assert.deepEqual(got, ids(oracleSearch(store.all(), (id) => store.leadName(id), q, limit)), `${q} / ${limit}`);
      return got;
    };

    it('answers from the postings when tier 1 fills the page, in label order', () => {
      const { store, index: idx } = build(crowd, [['l6', 'Clover Inc']]);
      // Two-character term: every key starting "cl" (clark, client, clive, cloud, the lead's clover).
      assert.deepEqual(same(idx, store, 'cl', 5), ['c2', 'c1', 'c3', 'c4', 'c6']);
      assert.equal(idx.lastPlan, 'wordStarts');
      // Three-character key: "cla" is clark and clara, not clive.
      assert.deepEqual(same(idx, store, 'cla', 2), ['c2', 'c1']);
      assert.equal(idx.lastPlan, 'wordStarts');
      // Two terms: the postings are intersected.
      assert.deepEqual(same(idx, store, 'ann cl', 1), ['c1']);
      assert.equal(idx.lastPlan, 'wordStarts');
    });

    it('falls back to a scan when tier 1 is short, keeping mid-word matches last', () => {
      const { store, index: idx } = build(crowd, [['l6', 'Clover Inc']]);
      assert.deepEqual(same(idx, store, 'cl', 10), ['c2', 'c1', 'c3', 'c4', 'c6', 'c5']);
      assert.notEqual(idx.lastPlan, 'wordStarts');
      // A term starting with a non-word character is never looked up in the postings.
      same(idx, store, '@cloud', 10);
      assert.notEqual(idx.lastPlan, 'wordStarts');
    });

    it('follows lead renames', () => {
      const { store, index: idx } = build(crowd, [['l6', 'Clover Inc']]);
      assert.deepEqual(same(idx, store, 'clover', 1), ['c6']);
      store.setLeadNames([['l6', 'Bramble Ltd']]);
      idx.setLeadName('l6', 'Bramble Ltd');
      assert.deepEqual(same(idx, store, 'bram', 1), ['c6']);
      assert.equal(idx.lastPlan, 'wordStarts');
      assert.deepEqual(same(idx, store, 'clover', 1), []);
    });

    it('forgets replaced contacts and keeps its postings through compaction', () => {
      const many = Array.from({ length: 1500 }, (_, i) => summary(`m${i}`, { displayName: `Person ${i} Clayton` }));
      const { store, index: idx } = build(many);
      assert.equal(same(idx, store, 'clay', 50).length, 50);
      assert.equal(idx.lastPlan, 'wordStarts');
      const renamed = many.slice(0, 1400).map((c) => ({ ...plainSummary(c), displayName: `Person ${c.id} Dalton` }));
      store.upsert(renamed);
      idx.upsert(renamed);
      assert.equal(same(idx, store, 'clay', 200).length, 100);
      assert.equal(same(idx, store, 'dalt', 50).length, 50);
      assert.equal(idx.lastPlan, 'wordStarts');
    });

    it('finds a term by its least frequent character, overlapping copies included', () => {
      const filler = Array.from({ length: 40 }, (_, i) => summary(`f${i}`, { displayName: `Eeee Reese ${i}` }));
      const odd = [summary('o1', { displayName: 'Eeeezq Smith' }), summary('o2', { displayName: 'Mezquita Lopez' }), summary('o3', { displayName: 'Ezq' })];
      const { store, index: idx } = build(filler.concat(odd));
      assert.deepEqual(same(idx, store, 'ezq', 10), ['o3', 'o1', 'o2']);
      assert.deepEqual(same(idx, store, 'eezq', 10), ['o1']);
    });
  });

  it('uses the postings on generated data, with many candidates, as a full scan would', function () {
    this.timeout(30_000);
    const data = generateDataset(3000, 600, 5);
    const all = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
    const names: [string, string][] = data.leads.map((l) => [l.id, l.display_name ?? l.id]);
    const { store, index: idx } = build(all, names);
    const plans = new Set<string>();
    const expected = reference(store);
    for (const q of ['com', 'co', 'example', 'ma', 'ja sm', 'mi cl', 'eli', 'gm', 'ste an', 'acme', 'in', '16', '44 20']) {
      for (const limit of [3, 50]) {
        assert.deepEqual(ids(idx.search(q, limit)), expected(q, limit), `${q} / ${limit}`);
        plans.add(idx.lastPlan);
      }
    }
    idx.search('com', 50);
    assert.equal(idx.lastPlan, 'wordStarts');
    assert.ok(plans.has('walk') || plans.has('scan'), 'some queries need tier 2');
  });

  it('scans the packed text (rarest character first) when tier 1 is short, as a full scan would', function () {
    this.timeout(30_000);
    // Above the walk limit (5,000), so short tier-1 queries go to the scan.
    const data = generateDataset(6000, 1200, 3);
    const all = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
    const names: [string, string][] = data.leads.map((l) => [l.id, l.display_name ?? l.id]);
    const { store, index: idx } = build(all, names);
    const queries = ['ez', 'nan cl', 'eli va', 'son', 'ill', 'rtin', '0199', '650 3', 'amp', 'ware', 'ch sm', 'ogi', 'inc'];
    for (const c of all.filter((_, i) => i % 500 === 0)) {
      const words = (c.displayName ?? '').split(' ');
      queries.push(`${(words[0] ?? '').slice(1, 4)} ${(words[1] ?? '').slice(1, 3)}`, (c.phones[0]?.phone ?? '123').replace(/\D/g, '').slice(3, 7));
    }
    let scans = 0;
    const expected = reference(store);
    for (const q of queries) {
      assert.deepEqual(ids(idx.search(q, 50)), expected(q, 50), q);
      scans += idx.lastPlan === 'scan' ? 1 : 0;
    }
    assert.ok(scans >= 5, `${scans} queries scanned`);
  });

  it('parses phone-like queries into one digit term', () => {
    assert.deepEqual(parseQuery('+1 (650) 333').terms, ['1650333']);
    assert.deepEqual(parseQuery('bob 650-333').terms, ['bob', '650333']);
  });

  it('gives the same results as a full scan on generated data (with churn)', function () {
    this.timeout(30_000);
    const data = generateDataset(3000, 600, 7);
    const all = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
    const names: [string, string][] = data.leads.map((l) => [l.id, l.display_name ?? l.id]);
    const { store, index: idx } = build(all.slice(0, 2500), names.slice(0, 500));
    // Churn: replace some, remove some, add the rest, so chunks hold dead slots.
    const changed = all.slice(0, 800).map((c, i) => ({ ...plainSummary(c), displayName: i % 2 ? `${c.displayName ?? ''} Junior` : c.displayName }));
    store.upsert(changed);
    idx.upsert(changed);
    const gone = all.slice(900, 1100).map((c) => c.id);
    store.remove(gone);
    idx.remove(gone);
    store.upsert(all.slice(2500));
    idx.upsert(all.slice(2500));
    store.setLeadNames(names.slice(500));
    for (const [id, name] of names.slice(500)) {
      idx.setLeadName(id, name);
    }
    const queries = ['', 'a', 'jo', 'junior', 'smith', 'gmail', '.com', '555', '650 3', '+1 (', 'inc', 'manager', 'jun sm', 'é', 'zzzz'];
    for (const c of all.slice(0, 3000).filter((_, i) => i % 97 === 0)) {
      queries.push((c.displayName ?? '').slice(0, 3), c.emails[0]?.email.split('@')[1] ?? 'x', (c.phones[0]?.phone ?? '12').replace(/\D/g, '').slice(2, 6));
    }
    const expected = reference(store);
    for (const q of queries) {
      for (const limit of [5, 50]) {
        assert.deepEqual(ids(idx.search(q, limit)), expected(q, limit), `query ${JSON.stringify(q)} limit ${limit}`);
      }
    }
  });

  describe('the reference it is checked against (test/shared/searchOracle.ts)', () => {
    it('folds case, accents, compatibility forms and control runs by itself', () => {
      assert.equal(foldForSearch('Zoë ÅNGSTRÖM'), 'zoe angstrom');
      assert.equal(foldForSearch('ﬁle ６５０'), 'file 650');
      assert.equal(foldForSearch('a\u0000\u0301\u0007b\tc'), 'a b c');
      assert.equal(foldForSearch('x'.repeat(600)).length, 512);
    });

    it('reads phone words as digits, one run when the whole query is a number', () => {
      assert.deepEqual(oracleQuery(' +1 (650)  333 '), { terms: ['1650333'], whole: '+1 (650) 333' });
      assert.deepEqual(oracleQuery('Bob 650-333 bob'), { terms: ['bob', '650333'], whole: 'bob 650-333 bob' });
      assert.deepEqual(oracleQuery('   '), { terms: [], whole: '' });
    });

    it('ranks label prefix, then word starts, then the rest, by label then id', () => {
      const rows = [
        summary('b', { displayName: 'Joanne' }),
        summary('a', { displayName: 'Mary Anne' }),
        summary('c', { displayName: 'Anne', leadId: 'l' }),
        summary('d', { displayName: 'Mary Anne' }),
      ];
      assert.deepEqual(ids(oracleSearch(rows, () => undefined, 'anne', 10)), ['c', 'a', 'd', 'b']);
      assert.deepEqual(ids(oracleSearch(rows, (id) => (id === 'l' ? 'Rockets Inc' : undefined), 'rock', 10)), ['c']);
    });
  });
});
