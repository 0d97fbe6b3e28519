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

    it('counts the matches only when there are more than the limit (one search for one contact)', () => {
      const probe = loaded(people, leads);
      assert.deepEqual(ids(findContacts(probe.search, 'Hank Scorpio', 10)), ['c3']);
      assert.equal(probe.queries.length, 1);
      findContacts(probe.search, 'CTO', 1);
      assert.deepEqual(probe.queries.slice(1), ['CTO', 'CTO'], 'a page of 2, then the count');
    });

    it('counts up to COUNT_CAP and then says "more than"', () => {
      const many = Array.from({ length: COUNT_CAP + 30 }, (_, i) => summary(`m${i}`, { leadId: 'big', displayName: `Person ${i}`, title: 'Engineer' }));
      const big = loaded(many, [['big', 'Big Corp']]);
      const found = findContacts(big.search, 'engineer at big corp', 20);
      assert.equal(found.hits.length, 20);
      assert.equal(found.total, COUNT_CAP);
      assert.equal(found.moreThanTotal, true);
    });

    it('leaves out the words no contact holds before combining the others', () => {
      const probe = loaded(people, leads);
      const found = findContacts(probe.search, 'Is Jane Doe at Zzyzx?', 10);
      assert.deepEqual(ids(found), ['c1']);
      assert.equal(found.termsMatched, 2);
      assert.deepEqual(found.terms, ['Jane', 'Doe', 'Zzyzx']);
      // Every word, then each word alone, then the live words together.
      assert.deepEqual(probe.queries, ['Jane Doe Zzyzx', 'Jane', 'Doe', 'Zzyzx', 'Jane Doe']);
      const dead = loaded(people, leads);
      assert.deepEqual(ids(findContacts(dead.search, 'quokka wombat', 10)), []);
      assert.equal(dead.queries.length, 3);
    });

    it('combines at most the 5 longest words however long the sentence (2^5 - 1 searches)', () => {
      const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
      const probe = loaded(words.map((w, i) => summary(`w${i}`, { displayName: `${w} person` })));
      const found = findContacts(probe.search, words.join(' '), 10);
      assert.equal(found.termsMatched, 1);
      assert.equal(found.hits.length, 5);
      const combined = probe.queries.slice(1 + words.length);
      assert.equal(combined.length, 31, probe.queries.join(' | '));
      assert.ok(combined.every((q) => !/\b(echo|golf|hotel)\b/.test(q)), combined.join(' | '));
    });
  });
});
