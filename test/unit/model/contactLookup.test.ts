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
  it('finds a contact by email in any case, and by phone in any format, with or without the country code', () => {
    const store = new ContactStore();
    store.upsert([summary('ada', ['Ada.L@Acme.com'], [{ phone: '+16505554444', phone_formatted: '+1 650-555-4444' }]), summary('bob', ['bob@acme.com'], [{ phone: '+442079460958' }])]);
    const lookup = new ContactLookup(store);
    for (const email of ['ada.l@acme.com', 'ADA.L@ACME.COM', 'Ada.L@Acme.com']) {
      assert.deepEqual(lookup.byEmail(email).map((c) => c.id), ['ada'], email);
    }
    for (const phone of ['+1 (650) 555-4444', '650.555.4444', '+16505554444', '6505554444', '1-650-555-4444']) {
      assert.deepEqual(lookup.byPhone(phone).map((c) => c.id), ['ada'], phone);
    }
    for (const phone of ['020 7946 0958', '+44 20 7946 0958', '00442079460958']) {
      assert.deepEqual(lookup.byPhone(phone).map((c) => c.id), ['bob'], phone);
    }
    assert.deepEqual(lookup.byEmail('nobody@acme.com'), []);
    assert.deepEqual(lookup.byPhone('555-4444'), [], 'seven digits are not the ten-digit number');
    assert.deepEqual(lookup.byPhone('+1 650-555-4445'), []);
    assert.equal(ContactLookup.matchingIndex(store.get('ada') as ContactSummary, 'phone', '(650) 555-4444'), 0);
    assert.equal(ContactLookup.matchingIndex(store.get('ada') as ContactSummary, 'email', 'ADA.L@acme.com'), 0);
    assert.equal(ContactLookup.matchingIndex(store.get('ada') as ContactSummary, 'email', 'bob@acme.com'), -1);
  });

  it('returns every contact sharing an address or number', () => {
    const store = new ContactStore();
    store.upsert([summary('a', ['team@acme.com'], [{ phone: '+16505550000' }]), summary('b', ['team@acme.com'], [{ phone: '650-555-0000' }])]);
    const lookup = new ContactLookup(store);
    assert.deepEqual(lookup.byEmail('team@acme.com').map((c) => c.id).sort(), ['a', 'b']);
    assert.deepEqual(lookup.byPhone('(650) 555-0000').map((c) => c.id).sort(), ['a', 'b']);
  });

  it('follows the store: added, changed and removed contacts', () => {
    const store = new ContactStore();
    const lookup = new ContactLookup(store);
    assert.deepEqual(lookup.byEmail('ada@acme.com'), []);
    store.upsert([summary('ada', ['ada@acme.com'], [])]);
    assert.deepEqual(lookup.byEmail('ada@acme.com').map((c) => c.id), ['ada']);
    store.upsert([summary('ada', ['ada@new.example'], [])]);
    assert.deepEqual(lookup.byEmail('ada@acme.com'), []);
    assert.deepEqual(lookup.byEmail('ada@new.example').map((c) => c.id), ['ada']);
    store.remove(['ada']);
    assert.deepEqual(lookup.byEmail('ada@new.example'), []);
  });

  it('finds every email and phone of a generated organization as a full scan does', () => {
    const data = generateDataset(3000, 600, 5);
    const contacts = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
    const store = new ContactStore();
    store.upsert(contacts);
    const lookup = new ContactLookup(store);
    let checked = 0;
    for (const c of contacts.slice(0, 200)) {
      for (const e of c.emails) {
        const expected = contacts.filter((x) => x.emails.some((y) => y.email.toLowerCase() === e.email.toLowerCase())).map((x) => x.id).sort();
        assert.deepEqual(lookup.byEmail(e.email.toUpperCase()).map((x) => x.id).sort(), expected);
        checked++;
      }
      for (const p of c.phones) {
        assert.ok(lookup.byPhone(p.phone_formatted ?? p.phone).some((x) => x.id === c.id), p.phone);
        checked++;
      }
    }
    assert.ok(checked > 200);
  });
});
