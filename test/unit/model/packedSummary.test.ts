import * as assert from 'node:assert/strict';
import { decodeSlice, encodeSlices } from '../../../src/model/cacheFormat';
import { toSummary, type ContactSummary } from '../../../src/model/contactSummary';
import { packSummary, plainSummary } from '../../../src/model/packedSummary';

const fields = { id: 'c1', leadId: 'l1', displayName: 'Ann Lee', name: 'Ann Lee', title: 'CEO' };

describe('model/packedSummary', () => {
  it('gives back every email and phone as they went in, in order', () => {
    const emails = [
      { email: 'ann@acme.io', type: 'office', is_unsubscribed: false },
      { email: 'änn@例え.jp', type: 'home', is_unsubscribed: true },
    ];
    const phones = [
      { phone: '+1 650-333-4444', type: 'mobile', country: 'US' },
      { phone: '+16503334444', phone_formatted: '(650) 333-4444', type: 'office' },
      { phone: '12', type: 'other' },
    ];
    const s = packSummary(fields, emails, phones);
    assert.deepEqual(plainSummary(s), { ...fields, emails, phones });
    assert.deepEqual(s.emails, emails);
    assert.deepEqual(s.phones, phones);
  });

  it('keeps the emails and phones in one string, not in arrays of objects', () => {
    const s = packSummary(fields, [{ email: 'ann@acme.io', type: 'office', is_unsubscribed: false }], [{ phone: '+1 650-333-4444', type: 'mobile' }]);
    const own = Object.values(s);
    assert.equal(own.filter((v) => typeof v === 'object' && v !== null).length, 0);
    assert.ok(!Object.keys(s).includes('emails'));
  });

  it('handles contacts with phones only, emails only and neither', () => {
    const phoneOnly = packSummary(fields, [], [{ phone: '+44 20 4946 8761', type: 'office', country: 'GB' }]);
    assert.deepEqual(phoneOnly.emails, []);
    assert.deepEqual(phoneOnly.phones, [{ phone: '+44 20 4946 8761', type: 'office', country: 'GB' }]);
    const emailOnly = packSummary(fields, [{ email: 'a@b.c', type: 'other', is_unsubscribed: false }], []);
    assert.deepEqual(emailOnly.phones, []);
    const neither = packSummary({ ...fields, title: null, leadId: null }, [], []);
    assert.deepEqual(plainSummary(neither), { ...fields, title: null, leadId: null, emails: [], phones: [] });
  });

  it('keeps texts holding the packing separator whole (damaged data stays plain)', () => {
    const emails = [{ email: 'odd\u0001mail@x.io', type: 'office', is_unsubscribed: false }];
    const phones = [{ phone: '+1 555\u00010100', type: 'mo\u0001bile' }];
    const s = packSummary(fields, emails, phones);
    assert.deepEqual(s.emails, emails);
    assert.deepEqual(s.phones, phones);
  });

  it('serializes to JSON with its emails and phones', () => {
    const s = toSummary({ id: 'c9', display_name: 'Bo', emails: [{ email: 'bo@x.io', type: 'office', is_unsubscribed: false }], phones: [{ phone: '+15550100', phone_formatted: '+1 555-0100', type: 'mobile' }] });
    assert.ok(s);
    const json = JSON.parse(JSON.stringify(s)) as ContactSummary;
    assert.deepEqual(json.emails, [{ email: 'bo@x.io', type: 'office', is_unsubscribed: false }]);
    assert.deepEqual(json.phones, [{ phone: '+1 555-0100', type: 'mobile' }]);
    assert.ok(!('channels' in json));
  });

  it('survives the cache: a packed summary written and read back is the same contact', () => {
    const s = packSummary(fields, [{ email: 'ann@acme.io', type: 'office', is_unsubscribed: true }], [{ phone: '+16503334444', phone_formatted: '(650) 333-4444', type: 'office', country: 'US' }]);
    const lines = [...encodeSlices([[s]])];
    const back = decodeSlice(lines[0], ['l1']);
    assert.ok(back);
    assert.deepEqual(back.map(plainSummary), [plainSummary(s)]);
  });
});
