import * as assert from 'assert';
import type { Contact } from '../../../src/close/types';
import type { PanelContact } from '../../../src/webview/protocol';
import { MAX_SHOWN_CHARS } from '../../../src/webview/main/format';
import { buildContactView, loadingText, noneText, type ContactView, type SectionId, type ViewRow } from '../../../src/webview/main/viewModel';

const NOW = Date.parse('2024-03-05T14:07:00Z');
const OPTIONS = { now: NOW, locale: 'en-US', timeZone: 'UTC' };

const FULL: Contact = {
  id: 'cont_ada',
  name: 'Ada Lovelace',
  display_name: 'Ada L.',
  title: 'Analyst',
  lead_id: 'lead_eng',
  organization_id: 'orga_1',
  created_by: 'user_creator',
  updated_by: 'user_updater',
  date_created: '2024-01-02T10:00:00Z',
  date_updated: '2024-02-03T11:30:00Z',
  lead_suggestions_operation_id: 'op_42',
  timezone: 'America/Los_Angeles',
  timezone_source: 'phone-number',
  emails: [
    { email: 'ada@example.com', type: 'office', is_unsubscribed: false },
    { email: 'old@example.com', type: 'home', is_unsubscribed: true },
  ],
  phones: [
    {
      phone: '+16503334444',
      phone_formatted: '+1 650-333-4444',
      type: 'mobile',
      country: 'US',
      outbound_sms_blocked: true,
      tz_ids: ['America/Los_Angeles'],
    },
  ],
  urls: [{ url: 'https://ada.example.com/', type: 'url' }],
  integration_links: [{ name: 'LinkedIn search', url: 'https://www.linkedin.com/search?q=ada' }],
  recent_calls: [{ id: 'call_1', dialer_id: null, duration: 125, finish_timestamp: '2024-03-01T09:15:00Z', status: 'no-answer' }],
  subscriptions: [
    {
      subscription_id: 'sub_1',
      sequence_id: 'seq_1',
      sequence_name: 'Onboarding',
      sequence_status: 'active',
      subscription_status: 'finished',
      subscription_status_reason: 'reply-received',
      contact_email: 'ada@example.com',
      date_created: '2024-02-01T00:00:00Z',
      initial_email_id: null,
      start_date: '2024-02-01T08:00:00Z',
    },
  ],
};

function view(contact: unknown, extra: { loading?: boolean; error?: string; lead?: { id: string; name?: string; status?: string; htmlUrl?: string } } = {}): ContactView {
  return buildContactView({ contact: contact as PanelContact, loading: extra.loading ?? false, error: extra.error, lead: extra.lead }, OPTIONS);
}

function section(v: ContactView, id: SectionId): { rows: ViewRow[]; emptyText: string } {
  const found = v.sections.find((s) => s.id === id);
  assert.ok(found, `section ${id}`);
  return found;
}

function fact(v: ContactView, id: SectionId, label: string): ViewRow {
  const row = section(v, id).rows.find((r) => r.label === label);
  assert.ok(row, `${id}/${label}`);
  return row;
}

/** Every string a view would put on the page, with its link. */
function allText(v: ContactView): string[] {
  const out = [v.name, v.title ?? '', v.error ?? ''];
  for (const s of v.sections) {
    out.push(s.heading, s.emptyText);
    for (const r of s.rows) {
      out.push(r.label ?? '', r.main.text, ...r.details, r.copy?.ariaLabel ?? '');
    }
  }
  return out;
}

function allLinks(v: ContactView): string[] {
  return v.sections.flatMap((s) => s.rows.map((r) => r.main.href)).filter((h): h is string => h !== null);
}

describe('detail panel view model', () => {
  it('shows every field of the seed Contact', () => {
    const v = view(FULL, { lead: { id: 'lead_eng', name: 'Engines Inc', status: 'Qualified', htmlUrl: 'https://app.close.com/lead/lead_eng/' } });
    assert.strictEqual(v.name, 'Ada L.');
    assert.strictEqual(fact(v, 'lead', 'Status').main.text, 'Qualified');
    assert.strictEqual(v.title, 'Analyst');
    assert.strictEqual(fact(v, 'about', 'Name').main.text, 'Ada Lovelace');
    assert.strictEqual(fact(v, 'about', 'Display name').main.text, 'Ada L.');
    assert.strictEqual(fact(v, 'lead', 'Name').main.text, 'Engines Inc');
    const openInClose = fact(v, 'lead', 'Web app');
    assert.deepStrictEqual(openInClose.main, { text: 'Open in Close', href: 'https://app.close.com/lead/lead_eng/' });
    assert.strictEqual(openInClose.opensLead, true);

    const [work, old] = section(v, 'emails').rows;
    assert.strictEqual(work.testId, 'email-row');
    assert.deepStrictEqual(work.main, { text: 'ada@example.com', href: 'mailto:ada@example.com' });
    assert.deepStrictEqual(work.details, ['office']);
    assert.deepStrictEqual(work.copy, { kind: 'email', value: 'ada@example.com', index: 0, ariaLabel: 'Copy email ada@example.com' });
    assert.deepStrictEqual(old.details, ['home', 'unsubscribed']);

    const [phone] = section(v, 'phones').rows;
    assert.strictEqual(phone.testId, 'phone-row');
    assert.deepStrictEqual(phone.main, { text: '+1 650-333-4444', href: 'tel:+16503334444' });
    assert.deepStrictEqual(phone.details, ['mobile', 'US', 'SMS blocked', 'Time zones: America/Los_Angeles']);
    assert.deepStrictEqual(phone.copy, { kind: 'phone', value: '+1 650-333-4444', index: 0, ariaLabel: 'Copy phone +1 650-333-4444' });

    assert.deepStrictEqual(section(v, 'urls').rows[0].main, { text: 'https://ada.example.com/', href: 'https://ada.example.com/' });
    assert.deepStrictEqual(section(v, 'urls').rows[0].details, ['url']);
    assert.deepStrictEqual(section(v, 'integration-links').rows[0].main, { text: 'LinkedIn search', href: 'https://www.linkedin.com/search?q=ada' });

    const [call] = section(v, 'recent-calls').rows;
    assert.strictEqual(call.main.text, 'No answer');
    assert.strictEqual(call.details[0], 'Duration 2:05');
    assert.match(call.details[1], /^Finished Mar 1, 2024,?\s9:15\sAM$/);

    const [sub] = section(v, 'subscriptions').rows;
    assert.strictEqual(sub.main.text, 'Onboarding');
    assert.deepStrictEqual(sub.details.slice(0, 4), ['Sequence active', 'Subscription finished', 'Reason: reply received', 'To ada@example.com']);

    assert.strictEqual(fact(v, 'timezone', 'Time zone').main.text, 'America/Los_Angeles');
    assert.deepStrictEqual(fact(v, 'timezone', 'Time zone').details, ['source: phone number']);
    const local = fact(v, 'timezone', 'Local time');
    assert.match(local.main.text, /^Tue,?\s6:07\sAM\sPST$/);
    assert.strictEqual(local.liveTimeZone, 'America/Los_Angeles');

    assert.match(fact(v, 'record', 'Created').main.text, /^Jan 2, 2024,?\s10:00\sAM$/);
    assert.strictEqual(fact(v, 'record', 'Created by').main.text, 'user_creator');
    assert.match(fact(v, 'record', 'Updated').main.text, /^Feb 3, 2024,?\s11:30\sAM$/);
    assert.strictEqual(fact(v, 'record', 'Updated by').main.text, 'user_updater');
    assert.strictEqual(fact(v, 'ids', 'Contact ID').main.text, 'cont_ada');
    assert.strictEqual(fact(v, 'ids', 'Lead ID').main.text, 'lead_eng');
    assert.strictEqual(fact(v, 'ids', 'Organization ID').main.text, 'orga_1');
    assert.strictEqual(fact(v, 'ids', 'Lead suggestions operation').main.text, 'op_42');
    assert.strictEqual(v.loading, false);
    assert.strictEqual(v.error, null);
  });

  it('falls back from display_name to name, first email, then (no name)', () => {
    assert.strictEqual(view({ id: 'c', display_name: '', name: 'Grace' }).name, 'Grace');
    assert.strictEqual(view({ id: 'c', display_name: '', name: null, emails: [{ email: 'g@x.io' }] }).name, 'g@x.io');
    assert.strictEqual(view({ id: 'c' }).name, '(no name)');
  });

  it('while loading a list summary, says Loading for what the list did not have and shows what it had', () => {
    const summary: PanelContact = { id: 'cont_ada', lead_id: 'lead_eng', display_name: 'Ada L.', name: 'Ada', title: null, emails: FULL.emails, phones: [] };
    const v = view(summary, { loading: true, lead: { id: 'lead_eng' } });
    assert.strictEqual(v.loading, true);
    assert.strictEqual(section(v, 'emails').rows.length, 2);
    assert.strictEqual(section(v, 'phones').rows.length, 0);
    assert.strictEqual(section(v, 'phones').emptyText, noneText());
    for (const id of ['urls', 'integration-links', 'recent-calls', 'subscriptions'] as const) {
      assert.strictEqual(section(v, id).rows.length, 0);
      assert.strictEqual(section(v, id).emptyText, loadingText(), id);
    }
    assert.strictEqual(fact(v, 'record', 'Created').main.text, loadingText());
    assert.strictEqual(fact(v, 'about', 'Title').main.text, noneText());
    assert.strictEqual(fact(v, 'lead', 'Name').main.text, 'lead_eng', 'the id until the name is known');
  });

  it('says None for empty or missing sections once loaded, and No lead without a lead', () => {
    const v = view({ id: 'c', name: 'N', display_name: 'N', title: null, lead_id: null, emails: [], timezone: null });
    for (const id of ['emails', 'phones', 'urls', 'integration-links', 'recent-calls', 'subscriptions'] as const) {
      assert.strictEqual(section(v, id).rows.length, 0);
      assert.strictEqual(section(v, id).emptyText, noneText(), id);
    }
    assert.strictEqual(section(v, 'lead').rows.length, 0);
    assert.strictEqual(section(v, 'lead').emptyText, 'No lead');
    assert.strictEqual(fact(v, 'timezone', 'Time zone').main.text, noneText());
    assert.ok(!section(v, 'ids').rows.some((r) => r.label === 'Lead suggestions operation'), 'omitted when not set');
  });

  it('shows an unknown time zone as text without a local time', () => {
    const v = view({ ...FULL, timezone: 'Mars/Olympus_Mons' });
    assert.strictEqual(fact(v, 'timezone', 'Time zone').main.text, 'Mars/Olympus_Mons');
    const local = fact(v, 'timezone', 'Local time');
    assert.strictEqual(local.main.text, 'Unknown: not a time zone this system knows');
    assert.strictEqual(local.liveTimeZone, undefined);
  });

  it('carries the load error for the Retry state', () => {
    const v = view({ id: 'c' }, { error: 'Could not load this contact from Close. Close did not answer in time.' });
    assert.strictEqual(v.error, 'Could not load this contact from Close. Close did not answer in time.');
  });

  describe('hostile data', () => {
    const HTML = '<img src=x onerror=alert(1)>';
    const SCRIPT = '</script><script>alert(2)</script>';

    it('keeps HTML payloads as plain strings, exactly as typed', () => {
      const hostile: Contact = {
        ...FULL,
        name: HTML,
        display_name: SCRIPT,
        title: '[click](command:closeCrm.signOut)',
        emails: [{ email: `${HTML}@x.com`, type: SCRIPT, is_unsubscribed: false }],
        phones: [{ phone: SCRIPT, phone_formatted: HTML, type: HTML }],
        urls: [{ url: HTML, type: SCRIPT }],
        integration_links: [{ name: HTML, url: 'https://example.com/?q=<script>' }],
        subscriptions: [{ ...FULL.subscriptions![0], sequence_name: SCRIPT }],
        timezone: HTML,
        created_by: SCRIPT,
      };
      const v = view(hostile, { lead: { id: 'lead_eng', name: HTML } });
      assert.strictEqual(v.name, SCRIPT);
      assert.strictEqual(v.title, '[click](command:closeCrm.signOut)');
      assert.strictEqual(fact(v, 'about', 'Name').main.text, HTML);
      assert.strictEqual(fact(v, 'lead', 'Name').main.text, HTML);
      const email = section(v, 'emails').rows[0];
      assert.deepStrictEqual(email.main, { text: `${HTML}@x.com`, href: null }, 'not a mailto link');
      assert.strictEqual(email.copy?.value, `${HTML}@x.com`);
      const phone = section(v, 'phones').rows[0];
      assert.deepStrictEqual(phone.main, { text: HTML, href: null }, 'not a tel link');
      assert.deepStrictEqual(section(v, 'urls').rows[0].main, { text: HTML, href: null });
      assert.strictEqual(section(v, 'subscriptions').rows[0].main.text, SCRIPT);
      assert.strictEqual(fact(v, 'timezone', 'Time zone').main.text, HTML);
      assert.strictEqual(fact(v, 'timezone', 'Local time').main.text, 'Unknown: not a time zone this system knows');
      assert.strictEqual(fact(v, 'record', 'Created by').main.text, SCRIPT);
      for (const href of allLinks(v)) {
        assert.match(href, /^(https:|mailto:|tel:)/);
        assert.ok(!href.includes('<'), href);
      }
    });

    it('links a mailto: url or integration link to its address only, without attach=, body= or cc=', () => {
      const url = 'mailto:ada@example.com?attach=/etc/passwd&body=hi&cc=eve@evil.com';
      const v = view({ ...FULL, urls: [{ url, type: 'url' }], integration_links: [{ name: 'Mail', url }] });
      assert.deepStrictEqual(section(v, 'urls').rows[0].main, { text: url, href: 'mailto:ada@example.com' });
      assert.strictEqual(section(v, 'integration-links').rows[0].main.href, 'mailto:ada@example.com');
    });

    it('never links javascript:, command:, file: or data: urls and integration links, and shows them as text', () => {
      const bad = ['javascript:alert(1)', 'command:closeCrm.signOut', 'file:///etc/passwd', 'data:text/html,<b>x</b>', 'JAVASCRIPT:alert(1)', 'vscode://x'];
      const v = view({
        ...FULL,
        urls: bad.map((url) => ({ url, type: 'url' })),
        integration_links: bad.map((url, i) => ({ name: `Link ${i}`, url })),
      });
      const urls = section(v, 'urls').rows;
      const links = section(v, 'integration-links').rows;
      assert.deepStrictEqual(urls.map((r) => r.main), bad.map((text) => ({ text, href: null })));
      assert.ok(urls.every((r) => r.details.includes('not a web, mail or phone link: not opened')));
      assert.deepStrictEqual(links.map((r) => r.main.href), bad.map(() => null));
      assert.deepStrictEqual(links.map((r) => r.details[0]), bad);
      assert.ok(allLinks(v).every((h) => /^(https?:|mailto:|tel:)/.test(h)));
    });

    it('survives missing arrays, nulls where required, wrong types and unknown fields', () => {
      const broken = {
        id: 'cont_broken',
        name: null,
        display_name: null,
        title: 42,
        organization_id: null,
        created_by: { nested: true },
        date_created: 'not a date',
        date_updated: null,
        emails: [null, 7, 'x@y.z', { email: null }, { email: 'ok@example.com', type: null, is_unsubscribed: 'yes' }],
        phones: { not: 'an array' },
        urls: null,
        integration_links: [{}],
        recent_calls: [{ status: 'busy', duration: 'long', finish_timestamp: 17 }, null],
        subscriptions: [{ sequence_name: null, sequence_id: null }],
        timezone: 12,
        'custom.cf_abc': '<b>custom</b>',
      };
      const v = view(broken);
      assert.strictEqual(v.name, 'ok@example.com');
      assert.strictEqual(v.title, '42');
      assert.deepStrictEqual(section(v, 'emails').rows.map((r) => r.main.text), ['ok@example.com']);
      assert.deepStrictEqual(section(v, 'emails').rows[0].details, [], 'no "unsubscribed" unless it is true');
      assert.strictEqual(section(v, 'phones').emptyText, noneText());
      assert.strictEqual(section(v, 'urls').emptyText, noneText());
      assert.strictEqual(section(v, 'integration-links').rows.length, 0);
      assert.deepStrictEqual(section(v, 'recent-calls').rows.map((r) => [r.main.text, r.details]), [['Busy', []]]);
      assert.strictEqual(section(v, 'subscriptions').rows.length, 0);
      assert.strictEqual(fact(v, 'record', 'Created').main.text, 'not a date');
      assert.strictEqual(fact(v, 'record', 'Created by').main.text, noneText());
      assert.strictEqual(fact(v, 'record', 'Updated').main.text, noneText());
      assert.strictEqual(fact(v, 'ids', 'Organization ID').main.text, noneText());
      assert.ok(!allText(v).some((t) => t.includes('custom')), 'unknown fields are not shown');
    });

    it('renders a 1 MB name, clipped, with the rest of the record intact', () => {
      const huge = 'N'.repeat(1024 * 1024);
      const v = view({ ...FULL, name: huge, display_name: huge, emails: [{ email: 'ada@example.com', type: huge, is_unsubscribed: false }] });
      assert.ok(v.name.length < MAX_SHOWN_CHARS + 50);
      assert.ok(v.name.endsWith(`… (${huge.length - MAX_SHOWN_CHARS} more characters)`));
      assert.ok(allText(v).every((t) => t.length < MAX_SHOWN_CHARS + 50));
      assert.strictEqual(section(v, 'emails').rows[0].main.text, 'ada@example.com');
      assert.strictEqual(section(v, 'phones').rows.length, 1);
      assert.strictEqual(fact(v, 'ids', 'Contact ID').main.text, 'cont_ada');
    });

    it('offers no copy button for a value too long to send back', () => {
      const v = view({ id: 'c', emails: [{ email: `${'a'.repeat(20_000)}@x.com`, type: 'office', is_unsubscribed: false }] });
      assert.strictEqual(section(v, 'emails').rows[0].copy, undefined);
    });

    it('survives 1,000 randomly mutated records: no throw, only safe links, no raw huge text', () => {
      let seed = 12345;
      const rand = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const values: unknown[] = [null, undefined, 0, -1, 1e308, Number.NaN, true, '', HTML, SCRIPT, 'javascript:alert(1)', 'command:x', 'x'.repeat(5000), [], [null], {}, [{}], { email: HTML }, 'Mars/Nowhere', '2024-13-45T99:99:99Z'];
      const keys = Object.keys(FULL);
      for (let i = 0; i < 1000; i++) {
        const mutated: Record<string, unknown> = JSON.parse(JSON.stringify(FULL)) as Record<string, unknown>;
        for (let j = 0; j < 1 + rand(6); j++) {
          const key = keys[rand(keys.length)];
          const target = mutated[key];
          if (Array.isArray(target) && target.length > 0 && rand(2) === 0) {
            const item = target[rand(target.length)] as Record<string, unknown>;
            const itemKeys = Object.keys(item);
            item[itemKeys[rand(itemKeys.length)]] = values[rand(values.length)];
          } else {
            mutated[key] = values[rand(values.length)];
          }
        }
        const v = view(mutated, { loading: rand(2) === 0, lead: rand(2) === 0 ? { id: String(values[rand(values.length)] ?? 'l') } : undefined });
        for (const href of allLinks(v)) {
          assert.match(href, /^(https?:|mailto:|tel:)/, href);
        }
        const long = allText(v).find((t) => typeof t !== 'string' || t.length >= MAX_SHOWN_CHARS + 50);
        assert.strictEqual(long, undefined, `case ${i}`);
      }
    });

    it('does not throw on a non-object contact', () => {
      const v = view(null);
      assert.strictEqual(v.name, '(no name)');
    });
  });

  describe('in privacy mode', () => {
    it('makes no mailto: or tel: link of the masked values, and names each copy button by its place', () => {
      const masked = buildContactView({ contact: FULL as PanelContact, loading: false, privacy: true }, OPTIONS);
      for (const id of ['emails', 'phones'] as const) {
        const rows = section(masked, id).rows;
        assert.ok(rows.length > 0);
        rows.forEach((row, i) => {
          assert.strictEqual(row.main.href, null, `${id} ${i}`);
          assert.strictEqual(row.copy?.index, i);
        });
      }
      const plain = view(FULL);
      assert.ok(section(plain, 'emails').rows.every((r) => r.main.href?.startsWith('mailto:')));
      assert.ok(section(plain, 'phones').rows.every((r) => r.main.href?.startsWith('tel:')));
    });

    it('keeps the place in the record when entries before it are skipped', () => {
      const v = view({ id: 'c', emails: [null, { email: '' }, { email: 'b@example.com', type: 'office' }] });
      assert.strictEqual(section(v, 'emails').rows[0].copy?.index, 2);
    });
  });
});

