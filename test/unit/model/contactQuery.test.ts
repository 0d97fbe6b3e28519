import * as assert from 'node:assert/strict';
import { COUNT_CAP, findContacts, queryWords, searchTerms } from '../../../src/model/contactQuery';
import type { ContactSummary } from '../../../src/model/contactSummary';
import { summary } from './helpers';
import { loaded } from './lookupHelpers';

const email = (address: string): ContactSummary['emails'][number] => ({ email: address, type: 'office', is_unsubscribed: false });
const phone = (formatted: string): ContactSummary['phones'][number] => ({ phone: formatted, type: 'office' });

const people = [
  summary('c1', { leadId: 'acme', displayName: 'Jane Doe', title: 'CTO', emails: [email('jane.doe@acme.io')], phones: [phone('+1 650-555-0134')] }),
  summary('c2', { leadId: 'acme', displayName: 'Adam Director', title: 'Director of Operations', emails: [email('adam@acme.io')] }),
  summary('c3', { leadId: 'globex', displayName: 'Hank Scorpio', title: 'CTO', emails: [email('hank@globex.com')] }),
  summary('c4', { leadId: 'initech', displayName: 'Bill Lumbergh', title: 'VP of Sales', phones: [phone('+44 20 7946 0018')] }),
  summary('c5', { leadId: null, displayName: 'An Nguyen', title: 'Founder' }),
];
const leads: [string, string][] = [
  ['acme', 'Acme Rockets'],
  ['globex', 'Globex Corporation'],
  ['initech', 'Initech'],
];

const ids = (found: ReturnType<typeof findContacts>): string[] => found.hits.map((h) => h.contact.id);

describe('model/contactQuery', () => {
  describe('queryWords and searchTerms', () => {
    it('trims the punctuation of a sentence and drops possessives', () => {
      assert.deepEqual(queryWords('  who is "the" CTO at Acme\'s office?! '), ['who', 'is', 'the', 'CTO', 'at', 'Acme', 'office']);
      assert.deepEqual(queryWords('mail jane.doe@acme.io.'), ['mail', 'jane.doe@acme.io']);
    });

    it('drops the words of a question, keeps names, titles and companies', () => {
      assert.deepEqual(searchTerms('Who is the CTO at Acme?'), ['CTO', 'Acme']);
      assert.deepEqual(searchTerms("What's Jane Doe's email address"), ['Jane', 'Doe']);
      assert.deepEqual(searchTerms('find contacts of Globex please'), ['Globex']);
    });

    it('keeps every word when all of them are stop words (a person named "An")', () => {
      assert.deepEqual(searchTerms('An'), ['An']);
      assert.deepEqual(searchTerms('who is it'), ['who', 'is', 'it']);
    });

    it('merges a run of phone-like words into one digit string', () => {
      assert.deepEqual(searchTerms('who has +1 (650) 555-0134?'), ['16505550134']);
      assert.deepEqual(searchTerms('650 555 0134 at Acme'), ['6505550134', 'Acme']);
    });

    it('drops repeated words and empty queries', () => {
      assert.deepEqual(searchTerms('acme ACME Acme'), ['acme']);
      assert.deepEqual(searchTerms('   '), []);
      assert.deepEqual(searchTerms('?? !'), []);
    });
  });

  describe('findContacts', () => {
    const { search } = loaded(people, leads);

    it('answers "who is the CTO at Acme?" with the CTO at Acme first, by title and lead name', () => {
      const found = findContacts(search, 'who is the CTO at Acme?', 10);
      assert.equal(found.termsMatched, 2);
      assert.deepEqual(found.terms, ['CTO', 'Acme']);
      // "Director" holds "cto" inside a word: it may follow, never lead.
      assert.equal(ids(found)[0], 'c1');
      assert.ok(!ids(found).includes('c3'), 'the CTO of Globex is not at Acme');
    });

    it('finds by name, by company, by email and by phone digits in any format', () => {
      assert.deepEqual(ids(findContacts(search, 'Hank Scorpio', 10)), ['c3']);
      assert.deepEqual(ids(findContacts(search, 'Initech', 10)), ['c4']);
      assert.deepEqual(ids(findContacts(search, 'hank@globex.com', 10)), ['c3']);
      assert.deepEqual(ids(findContacts(search, '(650) 555-0134', 10)), ['c1']);
      assert.deepEqual(ids(findContacts(search, '7946 0018', 10)), ['c4']);
    });

    it('matches plural words by their singular ("CTOs")', () => {
      const found = findContacts(search, 'CTOs at Globex', 10);
      assert.deepEqual(ids(found), ['c3']);
      assert.equal(found.termsMatched, 2);
    });

    it('when no contact holds every word, returns those holding the most, and says how many', () => {
      const found = findContacts(search, 'Is Jane Doe at Initech?', 10);
      assert.deepEqual(found.terms, ['Jane', 'Doe', 'Initech']);
      assert.equal(found.termsMatched, 2);
      assert.deepEqual(ids(found), ['c1']);
    });

    it('ranks a fallback by words that start a word: the CTOs and Initech before the Director', () => {
      // "cto" is inside "Director": a weaker match than the title CTO or the lead Initech.
      const found = findContacts(search, 'CTO Initech', 10);
      assert.equal(found.termsMatched, 1);
      assert.deepEqual(ids(found).slice(0, 3).sort(), ['c1', 'c3', 'c4']);
      assert.equal(ids(found)[3], 'c2');
    });

    it('finds nothing for words nobody holds, and nothing for an empty query', () => {
      assert.deepEqual(ids(findContacts(search, 'Zaphod Beeblebrox', 10)), []);
      const empty = findContacts(search, '  ?  ', 10);
      assert.deepEqual(empty.terms, []);
      assert.deepEqual(ids(empty), []);
    });

    it('returns at most `limit` hits and counts the rest', () => {
      const found = findContacts(search, 'acme', 1);
      assert.equal(found.hits.length, 1);
      assert.equal(found.total, 2);
      assert.equal(found.moreThanTotal, false);
      assert.deepEqual(ids(findContacts(search, 'acme', 0)), []);
    });

    it('counts up to COUNT_CAP and then says "more than"', () => {
      const many = Array.from({ length: COUNT_CAP + 30 }, (_, i) => summary(`m${i}`, { leadId: 'big', displayName: `Person ${i}`, title: 'Engineer' }));
      const big = loaded(many, [['big', 'Big Corp']]);
      const found = findContacts(big.search, 'engineer at big corp', 20);
      assert.equal(found.hits.length, 20);
      assert.equal(found.total, COUNT_CAP);
      assert.equal(found.moreThanTotal, true);
    });

    it('tries at most 2^5 - 2 word combinations however long the sentence', () => {
      const probe = loaded(people, leads);
      findContacts(probe.search, 'alpha bravo charlie delta echo foxtrot golf hotel', 10);
      assert.ok(probe.queries.length <= 2 + 30, `${probe.queries.length} searches`);
      // The longest words are the ones tried.
      assert.ok(probe.queries.slice(1).every((q) => !/\b(golf|echo)\b/.test(q)), probe.queries.join(' | '));
    });
  });
});
