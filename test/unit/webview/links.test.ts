import * as assert from 'assert';
import { leadPageUrl, mailtoLink, safeLink, telLink } from '../../../src/webview/links';

describe('webview links', () => {
  describe('safeLink', () => {
    it('keeps http, https, mailto and tel links', () => {
      assert.strictEqual(safeLink('https://example.com/a?b=1#c'), 'https://example.com/a?b=1#c');
      assert.strictEqual(safeLink('http://example.com'), 'http://example.com/');
      assert.strictEqual(safeLink('mailto:ada@example.com'), 'mailto:ada@example.com');
      assert.strictEqual(safeLink('tel:+16503334444'), 'tel:+16503334444');
      assert.strictEqual(safeLink('  HTTPS://Example.com/  '), 'https://example.com/');
    });

    it('refuses every other scheme, however it is disguised', () => {
      for (const url of [
        'javascript:alert(1)',
        'JavaScript:alert(1)',
        ' javascript:alert(1)',
        'java\tscript:alert(1)',
        'java\nscript:alert(1)',
        'command:workbench.action.terminal.new',
        'command:closeCrm.signOut?%5B%5D',
        'file:///etc/passwd',
        'vscode://file/etc/passwd',
        'data:text/html,<script>alert(1)</script>',
        'vbscript:msgbox(1)',
        'ftp://example.com/',
        'blob:https://example.com/x',
      ]) {
        assert.strictEqual(safeLink(url), null, url);
      }
    });

    it('refuses non-strings, empty, relative, hostless and credential-carrying links', () => {
      for (const url of [undefined, null, 42, {}, '', '   ', '/relative', 'example.com', 'https://', 'https://user:pw@example.com/', 'https://evil.com@', 'mailto:']) {
        assert.strictEqual(safeLink(url), null, String(url));
      }
      assert.strictEqual(safeLink(`https://example.com/${'a'.repeat(5000)}`), null);
    });
  });

  it('keeps only the address of a mailto: link, dropping attach=, body=, cc= and the rest', () => {
    for (const url of [
      'mailto:ada@example.com?attach=/etc/passwd',
      'mailto:ada@example.com?body=hello&cc=eve@evil.com',
      'mailto:ada@example.com?cc=eve@evil.com&bcc=mallory@evil.com',
      'MAILTO:ada@example.com#x',
    ]) {
      assert.strictEqual(safeLink(url), 'mailto:ada@example.com', url);
    }
    for (const url of ['mailto:?to=ada@example.com', 'mailto:ada@example.com,eve@evil.com', 'mailto:ada%2Ceve@evil.com', 'mailto:a%40b@x.com', 'mailto:not-an-address']) {
      assert.strictEqual(safeLink(url), null, url);
    }
  });

  it('opens tel: only for digits, +, spaces, dashes, dots and brackets', () => {
    assert.strictEqual(safeLink('tel:+1 650-333-4444'), 'tel:+16503334444');
    assert.strictEqual(safeLink('tel:(650) 333.4444'), 'tel:6503334444');
    for (const url of ['tel:+1650;ext=12', 'tel:555-CALL-NOW', 'tel:123?body=x', 'tel:1234#x', 'tel:12', 'tel:1/2/3/4', 'tel:%E0%A4%A']) {
      assert.strictEqual(safeLink(url), null, url);
    }
  });

  it('mailtoLink links plain addresses only (no extra mail headers)', () => {
    assert.strictEqual(mailtoLink('ada@example.com'), 'mailto:ada@example.com');
    assert.strictEqual(mailtoLink('ada@example.com?cc=eve@evil.com'), null);
    assert.strictEqual(mailtoLink('ada@example.com&body=x'), null);
    assert.strictEqual(mailtoLink('<img src=x onerror=alert(1)>@x.com'), null);
    assert.strictEqual(mailtoLink('not an email'), null);
  });

  it('telLink keeps the digits and a leading plus, and refuses anything else', () => {
    assert.strictEqual(telLink('+1 650-333-4444'), 'tel:+16503334444');
    assert.strictEqual(telLink('(650) 333.4444'), 'tel:6503334444');
    assert.strictEqual(telLink('javascript:alert(1)'), null);
    assert.strictEqual(telLink('12'), null);
    assert.strictEqual(telLink('555-CALL-NOW'), null);
    assert.strictEqual(telLink('650/333/4444'), null);
  });

  it('leadPageUrl prefers a safe https html_url and otherwise builds the app.close.com page', () => {
    assert.strictEqual(leadPageUrl('lead_1', 'https://app.close.com/lead/lead_1/'), 'https://app.close.com/lead/lead_1/');
    assert.strictEqual(leadPageUrl('lead_1'), 'https://app.close.com/lead/lead_1/');
    assert.strictEqual(leadPageUrl('lead_1', 'javascript:alert(1)'), 'https://app.close.com/lead/lead_1/');
    assert.strictEqual(leadPageUrl('lead_1', 'http://app.close.com/lead/lead_1/'), 'https://app.close.com/lead/lead_1/');
    assert.strictEqual(leadPageUrl('../../evil?x=1#'), 'https://app.close.com/lead/..%2F..%2Fevil%3Fx%3D1%23/');
    assert.strictEqual(leadPageUrl('  '), null);
    assert.strictEqual(leadPageUrl('lead_\ud800'), null, 'a lone surrogate cannot be encoded: no link, no throw');
  });
});
