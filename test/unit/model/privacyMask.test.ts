import * as assert from 'node:assert/strict';
import { maskEmail, maskPhone, maskSensitiveText } from '../../../src/model/privacyMask';
import { generateDataset } from '../../fake/data';

describe('privacy masks', () => {
  it('keeps the first character and the domain of an email', () => {
    assert.equal(maskEmail('jane.doe@acme.com'), 'j•••@acme.com');
    assert.equal(maskEmail('Ålesund@fjord.no'), 'Å•••@fjord.no');
    assert.equal(maskEmail('not-an-address'), '•••');
    assert.equal(maskEmail('@acme.com'), '•••');
  });

  it('keeps the country group and the last four digits of a phone', () => {
    assert.equal(maskPhone('+1 650-555-4444'), '+1 •••-•••-4444');
    assert.equal(maskPhone('(650) 555-4444'), '(•••) •••-4444');
    assert.equal(maskPhone('+16505554444'), '+•••4444');
    assert.equal(maskPhone('+44 20 7946 0958'), '+44 •• ••• 0958');
    assert.equal(maskPhone('12345'), '•••••');
  });

  it('leaves no digit of a phone but the last four, and no local part of an email', () => {
    const { contacts } = generateDataset(500, 100, 7);
    for (const c of contacts) {
      for (const e of c.emails ?? []) {
        const masked = maskEmail(e.email);
        const local = e.email.slice(0, e.email.lastIndexOf('@'));
        if (local.length > 1) {
          assert.ok(!masked.includes(local), `${masked} shows ${local}`);
        }
      }
      for (const p of c.phones ?? []) {
        const digits = p.phone.replace(/\D+/g, '');
        const shown = maskPhone(p.phone).replace(/\D+/g, '');
        assert.ok(shown.length <= 7 && digits.endsWith(shown.slice(-4)), `${p.phone} → ${maskPhone(p.phone)}`);
      }
    }
  });

  it('masks addresses and numbers inside free text and leaves other text alone', () => {
    assert.equal(
      maskSensitiveText('Copied jane@acme.com and +1 650-555-4444 for Jane (3 contacts)'),
      'Copied j•••@acme.com and +1 •••-•••-4444 for Jane (3 contacts)',
    );
    assert.equal(maskSensitiveText('Loaded 50,000 of 50,000'), 'Loaded 50,000 of 50,000');
  });
});
