// The panel in another display language: the host's bundle translates its words, and the
// language of <html lang> formats its dates and times.
import * as assert from 'assert';
import * as l10n from '@vscode/l10n';
import { usableLocale } from '../../../src/webview/locale';
import { parseL10nBundle } from '../../../src/webview/main/bundle';
import { callStatusLabel, clip, formatDateTime, formatLocalTime } from '../../../src/webview/main/format';
import { buildContactView, loadingText, noneText, type ContactView } from '../../../src/webview/main/viewModel';
import type { PanelContact } from '../../../src/webview/protocol';

const NOW = Date.parse('2024-03-05T14:07:00Z');

const CONTACT: PanelContact = {
  id: 'cont_ada',
  name: 'Ada Lovelace',
  lead_id: 'lead_eng',
  date_created: '2024-03-05T14:07:00Z',
  timezone: 'Asia/Tokyo',
  emails: [{ email: 'ada@example.com', type: 'office', is_unsubscribed: false }],
  phones: [{ phone: '+16503334444', phone_formatted: '+1 650-333-4444', type: 'mobile' }],
  recent_calls: [{ id: 'call_1', dialer_id: null, duration: 65, finish_timestamp: '2024-03-01T09:15:00Z', status: 'busy' }],
};

const GERMAN = {
  Emails: 'E-Mails',
  Phones: 'Telefonnummern',
  'Recent calls': 'Letzte Anrufe',
  'Copy email {0}': 'E-Mail {0} kopieren',
  'Copy phone {0}': 'Telefonnummer {0} kopieren',
  Busy: 'Besetzt',
  // A message with a comment for translators is keyed by message and comment.
  'Duration {0}/{0} is minutes:seconds, e.g. 1:05': 'Dauer {0}',
  'Loading…': 'Wird geladen…',
  '(no name)': '(kein Name)',
  '{0}… ({1} more characters)/{0} is the start of a long value, cut short; {1} is how many characters were left out': '{0}… ({1} weitere Zeichen)',
  'None/Shown for an empty field or an empty list of the contact': 'Keine',
};

function build(contact: PanelContact, loading = false, locale?: string): ContactView {
  return buildContactView({ contact, loading }, { now: NOW, locale, timeZone: 'UTC' });
}

function heading(v: ContactView, id: string): string | undefined {
  return v.sections.find((s) => s.id === id)?.heading;
}

describe('detail panel localization', () => {
  describe('with a bundle configured', () => {
    before(() => {
      l10n.config({ contents: GERMAN });
    });

    after(() => {
      // Back to English for the other tests.
      l10n.config({ contents: {} });
    });

    it('translates headings, labels, call statuses and aria-labels, with their values in place', () => {
      const v = build(CONTACT);
      assert.strictEqual(heading(v, 'emails'), 'E-Mails');
      assert.strictEqual(heading(v, 'phones'), 'Telefonnummern');
      assert.strictEqual(heading(v, 'recent-calls'), 'Letzte Anrufe');
      assert.strictEqual(heading(v, 'urls'), 'URLs', 'a message without a translation stays English');
      const email = v.sections.find((s) => s.id === 'emails')?.rows[0];
      assert.strictEqual(email?.copy?.ariaLabel, 'E-Mail ada@example.com kopieren');
      const phone = v.sections.find((s) => s.id === 'phones')?.rows[0];
      assert.strictEqual(phone?.copy?.ariaLabel, 'Telefonnummer +1 650-333-4444 kopieren');
      const call = v.sections.find((s) => s.id === 'recent-calls')?.rows[0];
      assert.strictEqual(call?.main.text, 'Besetzt');
      assert.strictEqual(call?.details[0], 'Dauer 1:05');
      assert.strictEqual(callStatusLabel('busy'), 'Besetzt');
    });

    it('translates the empty and loading texts, the unnamed heading and the clip note when they are used', () => {
      assert.strictEqual(noneText(), 'Keine');
      assert.strictEqual(loadingText(), 'Wird geladen…');
      const v = build({ id: 'cont_x' }, true);
      assert.strictEqual(v.name, '(kein Name)');
      assert.strictEqual(v.sections.find((s) => s.id === 'urls')?.emptyText, 'Wird geladen…');
      assert.strictEqual(build({ id: 'cont_x' }).sections.find((s) => s.id === 'urls')?.emptyText, 'Keine');
      assert.strictEqual(clip('x'.repeat(12), 10), `${'x'.repeat(10)}… (2 weitere Zeichen)`);
    });

    it('does not read placeholders inside the values it fills in', () => {
      const v = build({ id: 'cont_x', emails: [{ email: '{1}{0}@example.com', type: 'office', is_unsubscribed: false }] });
      assert.strictEqual(v.sections.find((s) => s.id === 'emails')?.rows[0]?.copy?.ariaLabel, 'E-Mail {1}{0}@example.com kopieren');
    });
  });

  describe('after the bundle is reset', () => {
    it('is English again', () => {
      const v = build(CONTACT);
      assert.strictEqual(heading(v, 'emails'), 'Emails');
      assert.strictEqual(noneText(), 'None');
      assert.strictEqual(clip('x'.repeat(12), 10), `${'x'.repeat(10)}… (2 more characters)`);
    });
  });

  it('formats dates and times in the display language of <html lang>', () => {
    const de = usableLocale('de');
    assert.strictEqual(de, 'de');
    const v = build(CONTACT, false, de);
    const created = v.sections.find((s) => s.id === 'record')?.rows.find((r) => r.label === 'Created');
    // ICU versions differ in spaces and commas, so the parts are matched, not the exact string.
    assert.match(created?.main.text ?? '', /^05\.03\.2024,?\s14:07$/);
    const local = v.sections.find((s) => s.id === 'timezone')?.rows.find((r) => r.label === 'Local time');
    assert.match(local?.main.text ?? '', /^Di\.?,?\s23:07\sGMT\+9$/, 'a German weekday');
    assert.match(formatLocalTime('Asia/Tokyo', NOW, de) ?? '', /^Di/);
    assert.match(formatDateTime('2024-03-05T14:07:00Z', { locale: usableLocale('en-us'), timeZone: 'UTC' }) ?? '', /^Mar 5, 2024/);
  });

  it('falls back to the runtime default for a language Intl cannot use (the pseudo-locale)', () => {
    assert.strictEqual(usableLocale('qps-ploc'), undefined);
    assert.strictEqual(usableLocale(''), undefined);
    assert.strictEqual(usableLocale('not a tag'), undefined);
    assert.strictEqual(formatDateTime('2024-03-05T14:07:00Z', { locale: usableLocale('qps-ploc'), timeZone: 'UTC' }), formatDateTime('2024-03-05T14:07:00Z', { timeZone: 'UTC' }));
  });

  describe('the bundle the host hands the panel', () => {
    it('takes string messages and messages with comments', () => {
      const bundle = parseL10nBundle(JSON.stringify({ Emails: 'E-Mails', 'Copy/c': { message: 'Kopieren', comment: ['c'] } }));
      assert.deepStrictEqual({ ...bundle }, { Emails: 'E-Mails', 'Copy/c': { message: 'Kopieren', comment: ['c'] } });
    });

    it('ignores no bundle, a bad one and entries that are not messages', () => {
      for (const bad of [undefined, null, '', 'not json', '[]', '"text"', '42', 'null', '{}', '{"Emails": 3}', '{"Emails": {"message": 1, "comment": []}}']) {
        assert.strictEqual(parseL10nBundle(bad), undefined, String(bad));
      }
      assert.deepStrictEqual({ ...parseL10nBundle('{"Emails": "E-Mails", "Phones": ["x"], "URLs": null}') }, { Emails: 'E-Mails' });
    });

    it('keeps a __proto__ key a message, never a prototype', () => {
      const bundle = parseL10nBundle('{"__proto__": {"message": "x", "comment": []}, "constructor": "y"}');
      assert.ok(bundle);
      assert.strictEqual(Object.getPrototypeOf(bundle), null);
      assert.deepStrictEqual(Object.keys(bundle).sort(), ['__proto__', 'constructor']);
      assert.strictEqual(({} as Record<string, unknown>).message, undefined, 'Object.prototype untouched');
    });
  });
});
