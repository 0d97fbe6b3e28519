import * as assert from 'node:assert/strict';
import { maskRecord } from '../../../src/model/maskRecord';
import { MASKED_VALUES, REAL_VALUES, shownLabel, shownValues } from '../../../src/model/shownValues';
import { toSummary, type ContactSummary } from '../../../src/model/contactSummary';
import { contactPickText, copyChoices } from '../../../src/ui/pickItems';
import { generateDataset } from '../../fake/data';
import { leaksIn, secretsOf } from '../../shared/privacyLeaks';

describe('privacy mode: what is shown of a contact', () => {
  const data = generateDataset(300, 60, 11);
  const secrets = secretsOf(data.contacts);
  const summaries = data.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);

  it('picks the masks only when privacy mode is on', () => {
    assert.equal(shownValues(false), REAL_VALUES);
    assert.equal(shownValues(true), MASKED_VALUES);
    assert.equal(REAL_VALUES.email('ada@acme.com'), 'ada@acme.com');
    assert.equal(MASKED_VALUES.email('ada@acme.com'), 'a•••@acme.com');
    assert.equal(MASKED_VALUES.phone('+1 650-555-4444'), '+1 •••-•••-4444');
  });

  it('keeps names, and masks a label that fell back to the email', () => {
    assert.equal(shownLabel({ displayName: 'Ada Lovelace', name: null, emails: [] }, MASKED_VALUES), 'Ada Lovelace');
    const unnamed = { displayName: null, name: null, emails: [{ email: 'ada@acme.com', type: 'office', is_unsubscribed: false }] };
    assert.equal(shownLabel(unnamed, REAL_VALUES), 'ada@acme.com');
    assert.equal(shownLabel(unnamed, MASKED_VALUES), 'a•••@acme.com');
  });

  it('search items and copy pickers show no email or phone when masked, and copy the real values', () => {
    let withBoth = 0;
    for (const contact of summaries) {
      const hit = { contact, leadLabel: 'Acme', score: 1 } as unknown as Parameters<typeof contactPickText>[0];
      const masked = contactPickText(hit, MASKED_VALUES);
      assert.deepEqual(leaksIn(JSON.stringify(masked), secrets), [], `${contact.id} search item`);
      const plain = contactPickText(hit);
      assert.equal(masked.label, plain.label.includes('@') ? MASKED_VALUES.text(plain.label) : plain.label, 'names stay');
      if (contact.emails.length > 0 && contact.phones.length > 0) {
        withBoth++;
        assert.ok(plain.detail?.includes(contact.emails[0].email), 'shown when privacy mode is off');
      }
      for (const kind of ['email', 'phone'] as const) {
        const choices = copyChoices(contact, kind, MASKED_VALUES);
        const real = copyChoices(contact, kind);
        assert.deepEqual(leaksIn(JSON.stringify(choices.map((c) => [c.label, c.description])), secrets), [], `${contact.id} ${kind} picker`);
        assert.deepEqual(
          choices.map((c) => c.value),
          real.map((c) => c.value),
          'the values copied are the real ones',
        );
      }
    }
    assert.ok(withBoth > 50);
  });

  it('masks every email and phone of a full record, wherever it sits, and keeps ids and dates', () => {
    for (const contact of data.contacts) {
      const masked = maskRecord(contact);
      assert.deepEqual(leaksIn(JSON.stringify(masked), secrets), [], contact.id);
      assert.equal(masked.id, contact.id);
      assert.equal(masked.lead_id, contact.lead_id);
      assert.equal(masked.date_created, contact.date_created);
      // Names stay, unless Close made one of the email (display_name falls back to it).
      assert.equal(masked.display_name, MASKED_VALUES.text(contact.display_name ?? ''));
      if (!(contact.display_name ?? '').includes('@')) {
        assert.equal(masked.display_name, contact.display_name);
      }
      assert.deepEqual(masked.phones?.map((p) => p.tz_ids), contact.phones?.map((p) => p.tz_ids));
      assert.deepEqual(masked.recent_calls, contact.recent_calls, 'calls hold ids, dates and durations only');
    }
    const withEmail = data.contacts.find((c) => (c.emails?.length ?? 0) > 0 && (c.subscriptions?.length ?? 0) > 0);
    assert.ok(withEmail);
    const masked = maskRecord(withEmail);
    assert.equal(masked.emails?.[0].email, MASKED_VALUES.email(withEmail.emails?.[0].email ?? ''));
    assert.equal(masked.subscriptions?.[0].contact_email, MASKED_VALUES.email(withEmail.subscriptions?.[0].contact_email ?? ''));
  });

  it('masks addresses and numbers in free-text fields (a title, a URL) too', () => {
    const masked = maskRecord({
      id: 'cont_1',
      title: 'Call me at +1 650-555-4444',
      urls: [{ url: 'mailto:ada@acme.com', type: 'url' }],
      custom: { nested: ['ada@acme.com'] },
    });
    assert.equal(masked.title, 'Call me at +1 •••-•••-4444');
    assert.equal(masked.urls[0].url, 'mailto:a•••@acme.com');
    assert.deepEqual(masked.custom.nested, ['a•••@acme.com']);
  });
});
