import * as assert from 'node:assert/strict';
import { toSummary, type ContactSummary } from '../../../src/model/contactSummary';
import { MASKED_VALUES, REAL_VALUES } from '../../../src/model/shownValues';
import { CARD_COMMANDS, contactCard, markdownText } from '../../../src/ui/hovers/hoverCard';

const HOSTILE = [
  '[x](command:workbench.action.quit)',
  '<img src=x onerror=alert(1)>',
  '**bold** _it_ `code` # heading',
  '![img](https://evil.example/x.png)',
  'https://evil.example www.evil.example',
  '&lt;b&gt; &amp;',
  'line\nbreak\r\n- list',
  '$(alert) \\[escaped\\]',
];

/** What a Markdown reader shows of escaped text: each backslash escape back to its character. */
function unescape(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function contact(name: string, title: string): ContactSummary {
  const c = toSummary({
    id: 'cont_1',
    lead_id: 'lead_1',
    display_name: name,
    title,
    emails: [{ email: 'Ada@Acme.com', type: 'office', is_unsubscribed: false }],
    phones: [{ phone: '+16505554444', phone_formatted: '+1 650-555-4444', type: 'office' }],
  });
  assert.ok(c);
  return c;
}

/** The card's links: [text](target). Escaped brackets are not links. */
function links(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!\\)\[(?:[^\]\\]|\\.)*\]\(([^)]*)\)/g)].map((m) => m[1]);
}

describe('contact hover card', () => {
  it('escapes every character Markdown could read as markup, and reads back as the text', () => {
    for (const value of HOSTILE) {
      const escaped = markdownText(value);
      assert.equal(unescape(escaped), value.replace(/[\r\n]+/g, ' '), value);
      // No ASCII punctuation is left unescaped.
      assert.doesNotMatch(escaped.replace(/\\[!-/:-@[-`{-~]/g, ''), /[!-/:-@[-`{-~]/, value);
    }
  });

  it('links only to Open Contact and Copy of this contact, whatever the names hold', () => {
    for (const hostile of HOSTILE) {
      const card = contactCard(contact(hostile, hostile), { kind: 'email', text: 'ada@acme.com' }, { label: hostile, status: hostile }, REAL_VALUES);
      const targets = links(card);
      assert.equal(targets.length, 2, card);
      for (const target of targets) {
        const command = /^command:([\w.]+)\?/.exec(target)?.[1];
        assert.ok(command && CARD_COMMANDS.includes(command), target);
        assert.deepEqual(JSON.parse(decodeURIComponent(target.slice(target.indexOf('?') + 1)))[0], target.includes('openContact') ? 'cont_1' : { contactId: 'cont_1', index: 0 });
      }
      assert.ok(!card.includes('\n\n'), 'one paragraph: no line of a name starts a block');
      assert.ok(unescape(card).includes(hostile.replace(/[\r\n]+/g, ' ')), 'the name reads as it is');
    }
  });

  it('shows name, title, lead, status and the hovered value; masked in privacy mode', () => {
    const c = contact('Ada Lovelace', 'CTO');
    const real = unescape(contactCard(c, { kind: 'phone', text: '(650) 555-4444' }, { label: 'Acme', status: 'Qualified' }, REAL_VALUES));
    for (const part of ['**Ada Lovelace** · CTO', 'Lead: Acme · Qualified', '+1 650-555-4444', 'Open Contact', 'Copy Phone']) {
      assert.ok(real.includes(part), `${part} in ${real}`);
    }
    const masked = contactCard(c, { kind: 'email', text: 'ada@acme.com' }, { label: 'Acme', status: undefined }, MASKED_VALUES);
    const shown = unescape(masked.slice(0, masked.indexOf('[Open')));
    assert.ok(shown.includes('A•••@Acme.com'), shown);
    assert.ok(!shown.toLowerCase().includes('ada@acme.com'), shown);
    assert.ok(shown.includes('Lead: Acme') && !shown.includes('Qualified'));
    assert.ok(!decodeURIComponent(masked).toLowerCase().includes('ada@acme.com'), 'not even in the links');
  });
});
