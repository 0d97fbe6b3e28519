import * as assert from 'node:assert/strict';
import { ContactLookup } from '../../../src/model/contactLookup';
import { ContactStore } from '../../../src/model/contactStore';
import { toSummary, type ContactSummary } from '../../../src/model/contactSummary';
import { generateDataset } from '../../fake/data';

function summary(id: string, emails: string[], phones: { phone: string; phone_formatted?: string }[]): ContactSummary {
  const s = toSummary({
    id,
    display_name: id,
    emails: emails.map((email) => ({ email, type: 'office', is_unsubscribed: false })),
    phones: phones.map((p) => ({ ...p, type: 'office' })),
  });
  assert.ok(s);
  return s;
}

describe('contact lookup by email or phone (hovers)', () => {
  it('finds a contact by email in any case, and by phone in any format, with or without the country code', async () => {
    const store = new ContactStore();
    store.upsert([summary('ada', ['Ada.L@Acme.com'], [{ phone: '+16505554444', phone_formatted: '+1 650-555-4444' }]), summary('bob', ['bob@acme.com'], [{ phone: '+442079460958' }])]);
    const lookup = new ContactLookup(store);
    for (const email of ['ada.l@acme.com', 'ADA.L@ACME.COM', 'Ada.L@Acme.com']) {
      assert.deepEqual((await lookup.byEmail(email)).map((c) => c.id), ['ada'], email);
    }
    for (const phone of ['+1 (650) 555-4444', '650.555.4444', '+16505554444', '6505554444', '1-650-555-4444']) {
      assert.deepEqual((await lookup.byPhone(phone)).map((c) => c.id), ['ada'], phone);
    }
    for (const phone of ['020 7946 0958', '+44 20 7946 0958', '00442079460958']) {
      assert.deepEqual((await lookup.byPhone(phone)).map((c) => c.id), ['bob'], phone);
    }
    assert.deepEqual((await lookup.byEmail('nobody@acme.com')), []);
    assert.deepEqual((await lookup.byPhone('555-4444')), [], 'seven digits are not the ten-digit number');
    assert.deepEqual((await lookup.byPhone('+1 650-555-4445')), []);
    assert.equal(ContactLookup.matchingIndex(store.get('ada') as ContactSummary, 'phone', '(650) 555-4444'), 0);
    assert.equal(ContactLookup.matchingIndex(store.get('ada') as ContactSummary, 'email', 'ADA.L@acme.com'), 0);
    assert.equal(ContactLookup.matchingIndex(store.get('ada') as ContactSummary, 'email', 'bob@acme.com'), -1);
  });

  it('returns every contact sharing an address or number', async () => {
    const store = new ContactStore();
    store.upsert([summary('a', ['team@acme.com'], [{ phone: '+16505550000' }]), summary('b', ['team@acme.com'], [{ phone: '650-555-0000' }])]);
    const lookup = new ContactLookup(store);
    assert.deepEqual((await lookup.byEmail('team@acme.com')).map((c) => c.id).sort(), ['a', 'b']);
    assert.deepEqual((await lookup.byPhone('(650) 555-0000')).map((c) => c.id).sort(), ['a', 'b']);
  });

  it('follows the store: added, changed and removed contacts', async () => {
    const store = new ContactStore();
    const lookup = new ContactLookup(store);
    assert.deepEqual((await lookup.byEmail('ada@acme.com')), []);
    store.upsert([summary('ada', ['ada@acme.com'], [])]);
    assert.deepEqual((await lookup.byEmail('ada@acme.com')).map((c) => c.id), ['ada']);
    store.upsert([summary('ada', ['ada@new.example'], [])]);
    assert.deepEqual((await lookup.byEmail('ada@acme.com')), []);
    assert.deepEqual((await lookup.byEmail('ada@new.example')).map((c) => c.id), ['ada']);
    store.remove(['ada']);
    assert.deepEqual((await lookup.byEmail('ada@new.example')), []);
  });

  it('builds in slices that give the event loop back, and answers with the store as it is now', async () => {
    const data = generateDataset(12_000, 2400, 6);
    const contacts = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
    const store = new ContactStore();
    store.upsert(contacts);
    const lookup = new ContactLookup(store);
    const target = contacts.find((c) => c.emails.length > 0) as ContactSummary;
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const pending = lookup.byEmail(target.emails[0]?.email ?? '');
    // The contact changes address while the build runs: the answer must not name it.
    store.upsert([{ ...target, emails: [] }]);
    const found = await pending;
    clearInterval(ticking);
    assert.ok(turns > 0, 'timers ran while the lookup was built');
    assert.ok(!found.some((c) => c.id === target.id), 'a contact that no longer has the address is not returned');
  });

  it('finds every email and phone of a generated organization as a full scan does', async () => {
    const data = generateDataset(3000, 600, 5);
    const contacts = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
    const store = new ContactStore();
    store.upsert(contacts);
    const lookup = new ContactLookup(store);
    let checked = 0;
    for (const c of contacts.slice(0, 200)) {
      for (const e of c.emails) {
        const expected = contacts.filter((x) => x.emails.some((y) => y.email.toLowerCase() === e.email.toLowerCase())).map((x) => x.id).sort();
        assert.deepEqual((await lookup.byEmail(e.email.toUpperCase())).map((x) => x.id).sort(), expected);
        checked++;
      }
      for (const p of c.phones) {
        assert.ok((await lookup.byPhone(p.phone_formatted ?? p.phone)).some((x) => x.id === c.id), p.phone);
        checked++;
      }
    }
    assert.ok(checked > 200);
  });
});
