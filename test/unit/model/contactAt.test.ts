import * as assert from 'node:assert/strict';
import { contactTokenAt } from '../../../src/model/contactAt';

/** The token under the `|` of `marked` (the bar is taken out of the line). */
function at(marked: string): { kind: string; text: string } | undefined {
  const offset = marked.indexOf('|');
  const token = contactTokenAt(marked.replace('|', ''), offset);
  if (token) {
    assert.equal(marked.replace('|', '').slice(token.start, token.end), token.text, 'the range is the text');
  }
  return token && { kind: token.kind, text: token.text };
}

describe('the email or phone number under a position', () => {
  it('finds an email address anywhere in it, not around it', () => {
    assert.deepEqual(at('Write to |ada.l@acme.com today'), { kind: 'email', text: 'ada.l@acme.com' });
    assert.deepEqual(at('Write to ada.l@ac|me.com.'), { kind: 'email', text: 'ada.l@acme.com' });
    assert.deepEqual(at('<a href="mailto:ADA@Acme.COM|">'), { kind: 'email', text: 'ADA@Acme.COM' });
    assert.deepEqual(at('"Ada" <ada+crm@acme.co.uk|>'), { kind: 'email', text: 'ada+crm@acme.co.uk' });
    assert.equal(at('Write| to ada@acme.com'), undefined);
    assert.equal(at('user@localhost|'), undefined, 'no domain with a dot');
  });

  it('finds a phone number in any format', () => {
    for (const written of ['+1 (650) 555-4444', '650.555.4444', '+16505554444', '(650) 555-4444', '650-555-4444', '+44 20 7946 0958', '0049 30 1234567', '+1 650 555 4444']) {
      const line = `call ${written} now`;
      for (const offset of [5, 5 + Math.floor(written.length / 2), 5 + written.length]) {
        const token = contactTokenAt(line, offset);
        assert.equal(token?.kind, 'phone', `${written} at ${offset}`);
        assert.equal(token.text.replace(/\D/g, ''), written.replace(/\D/g, ''), `${written} at ${offset}: ${token.text}`);
      }
    }
    assert.deepEqual(at('tel: (650) 5|55-4444.'), { kind: 'phone', text: '(650) 555-4444' });
    assert.deepEqual(at('x 650-555-4444| y'), { kind: 'phone', text: '650-555-4444' });
  });

  it('leaves alone short numbers, long digit runs and digits inside words', () => {
    assert.equal(at('version 1.2|.3'), undefined);
    assert.equal(at('port 80|80'), undefined);
    assert.equal(at('id 1234567890123456|7890'), undefined, 'more digits than any phone number');
    assert.equal(at('hash a1b2c3d4e5f6789012|34'), undefined);
    assert.equal(at('cont_65055544|44x'), undefined);
    assert.equal(at('call 650-555-4444 |later'), undefined);
  });

  it('does not search minified lines', () => {
    const line = `${'x'.repeat(20_000)} ada@acme.com`;
    assert.equal(contactTokenAt(line, line.length - 3), undefined);
  });
});
