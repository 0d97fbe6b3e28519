// Issue 5, items 11-13: hostile and off-schema data typed into Close survives the tree's
// real loader, search and the detail panel's view model as plain text; only http(s),
// mailto and tel ever become links.
import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import type { Contact, Lead } from '../../../src/close/types';
import { ContactsController } from '../../../src/model/contactsController';
import { contactLabel, type ContactSummary } from '../../../src/model/contactSummary';
import { describeStatus } from '../../../src/ui/tree/statusText';
import { leadPageUrl, safeLink } from '../../../src/webview/links';
import { buildContactView } from '../../../src/webview/main/viewModel';
import { parseHostMessage, type ContactMessage } from '../../../src/webview/protocol';
import { generateDataset, startFakeClose, type FakeClose } from '../../fake/server';
import { oracleSearch } from '../../shared/searchOracle';
import { assertPanelHtmlEscapes, assertPlainView, viewStrings } from './viewChecks';

const MARKUP = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '[x](command:workbench.action.quit)',
  '"><svg onload=alert(1)>',
  "'; alert(1); //",
  '$(alert) **bold** <b>b</b>',
  '&lt;img src=x&gt; &amp; \u202egnp.exe',
];
const BAD_LINKS = [
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(document.cookie)',
  'java\tscript:alert(1)',
  'command:workbench.action.quit',
  'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%22%7D',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'vscode://vscode.git/clone?url=x',
  '//evil.example.com/x',
  'https://user:pass@evil.example.com/',
];
const MEGA = 1024 * 1024;

function payload(i: number): string {
  return MARKUP[i % MARKUP.length] as string;
}

function badLink(i: number): string {
  return BAD_LINKS[i % BAD_LINKS.length] as string;
}

type Loose = Record<string, unknown>;

/** Every string field the seed defines holds a payload; ids keep their shape so they stay unique. */
function poison(contact: Contact, i: number): Contact {
  const p = (k: number): string => `${payload(i + k)} ${i}`;
  return {
    ...contact,
    name: p(0),
    display_name: p(1),
    title: p(2),
    created_by: p(3),
    updated_by: p(4),
    date_created: p(5),
    date_updated: badLink(i),
    organization_id: p(6),
    timezone: p(7),
    timezone_source: p(8),
    lead_suggestions_operation_id: p(9),
    emails: [
      { email: `${p(0)}@example.com`, type: p(1), is_unsubscribed: false },
      { email: badLink(i), type: p(2), is_unsubscribed: true },
    ],
    phones: [
      { phone: `+1 650 555 ${String(1000 + i).slice(-4)}`, phone_formatted: p(3), type: p(4), country: p(5), tz_ids: [p(6)] },
      { phone: badLink(i + 1), type: p(6) },
    ],
    urls: [
      { url: badLink(i), type: p(0) },
      { url: badLink(i + 3), type: p(1) },
      { url: 'https://example.com/ok', type: 'url' },
    ],
    integration_links: [
      { name: p(2), url: badLink(i + 5) },
      { name: badLink(i + 6), url: 'mailto:ok@example.com' },
    ],
    recent_calls: [{ id: p(1), status: p(2) as never, duration: 61, finish_timestamp: p(3) } as never],
    subscriptions: [
      {
        id: p(0),
        contact_email: p(1),
        sequence_id: p(2),
        sequence_name: p(3),
        sequence_status: p(4) as never,
        start_date: p(5),
        subscription_id: p(6),
        subscription_status: p(7) as never,
        subscription_status_reason: p(8) as never,
      } as never,
    ],
  };
}

interface HostileData {
  contacts: Contact[];
  leads: Lead[];
  /** Records the loader must skip (no usable id). */
  withoutId: number;
  /** The contact with the 1 MB name. */
  megaId: string;
  /** Contacts with hostile lead ids. */
  hostileLeadIds: string[];
}

/** A JSON record with own `__proto__` / `constructor` keys, as a hostile server could send. */
function withPrototypeKeys(contact: Contact): Contact {
  const raw = JSON.parse(
    JSON.stringify(contact).replace(/^\{/, '{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"hasOwnProperty":1,'),
  ) as Contact;
  return raw;
}

function hostileDataset(): HostileData {
  const base = generateDataset(80, 12, 505);
  const leads: Lead[] = base.leads.map((lead, i) => ({ ...lead, display_name: `${payload(i)} lead ${i}`, name: payload(i + 1), html_url: badLink(i) }));
  const contacts = base.contacts.map((c, i) => poison(c, i));
  // Hostile lead ids (the tree groups by them; the panel links to them).
  const hostileLeadIds = ['lead_<img src=x onerror=alert(1)>', 'lead_[x](command:workbench.action.quit)'];
  (contacts[1] as Contact).lead_id = hostileLeadIds[0];
  (contacts[2] as Contact).lead_id = hostileLeadIds[1];
  leads.push({ id: hostileLeadIds[0] as string, display_name: '</script><script>alert("lead")</script>' });

  const megaId = 'cont_megaName000000000000000000000000000000000';
  const mega = { ...(contacts[3] as Contact), id: megaId, name: 'M'.repeat(MEGA), display_name: `Mega ${'N'.repeat(MEGA)}` };
  const loose = (record: Loose): Contact => record as unknown as Contact;
  const offSchema: Contact[] = [
    mega,
    // No usable id: skipped and counted.
    loose({ name: 'No id at all', emails: [{ email: 'noid@example.com' }] }),
    loose({ id: null, name: 'Null id' }),
    loose({ id: '', name: 'Empty id' }),
    loose({ id: { $gt: '' }, name: 'Object id' }),
    // Nulls where the seed says required, unknown fields, arrays missing or not arrays.
    loose({ id: 'cont_nulls00000000000000000000000000000000000', name: null, display_name: null, title: null, organization_id: null, date_created: null, date_updated: null, emails: null, phones: null, lead_id: null }),
    loose({ id: 'cont_unknown0000000000000000000000000000000000', display_name: 'Unknown fields', favourite_color: '<b>red</b>', nested: { deep: [1, { x: null }] }, emails: 'not a list', phones: { phone: '+1' } }),
    loose({ id: 'cont_missing0000000000000000000000000000000000', display_name: 'Arrays missing' }),
    loose({ id: 'cont_badentries00000000000000000000000000000', display_name: 'Bad entries', emails: [null, 1, 'x@example.com', { email: 5 }, { email: null }, {}], phones: [null, [], { phone: null }, { phone_formatted: 7 }], urls: [null, { url: 42 }], integration_links: [{}, null] }),
    withPrototypeKeys({ ...(contacts[4] as Contact), id: 'cont_proto000000000000000000000000000000000000' }),
  ];
  contacts.splice(10, 0, ...offSchema);
  return { contacts, leads, withoutId: 4, megaId, hostileLeadIds };
}

function allHrefs(view: ReturnType<typeof buildContactView>): string[] {
  return view.sections.flatMap((s) => s.rows.map((r) => r.main.href)).filter((h): h is string => h !== null);
}

describe('hostile data (issue 5, items 11-13)', function () {
  this.timeout(30_000);
  let fake: FakeClose;
  let controller: ContactsController;
  let data: HostileData;
  const logs: string[] = [];

  before(async () => {
    data = hostileDataset();
    fake = await startFakeClose({ dataset: { contacts: data.contacts, leads: data.leads } });
    const client = new CloseClient({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 5000, retryBaseDelayMs: 5, log: (l) => logs.push(l) });
    controller = new ContactsController({ client, pageSize: 20, organizationId: 'orga_hostile', log: (l) => logs.push(l) });
    await controller.refresh();
  });

  after(async () => {
    controller?.dispose();
    await fake?.close();
  });

  it('the load completes; records without an id are skipped and counted', () => {
    const status = controller.status;
    assert.equal(status.phase, 'complete', status.error?.message);
    assert.equal(status.skippedRecords, data.withoutId);
    assert.equal(controller.model.size, data.contacts.length - data.withoutId);
    assert.match(describeStatus(status, Date.now()).message ?? '', new RegExp(`${data.withoutId} records without an id were skipped`));
  });

  it('nothing on Object.prototype was polluted by __proto__ / constructor keys', () => {
    const probe: Record<string, unknown> = {};
    assert.equal(probe.polluted, undefined);
    assert.equal(probe.isAdmin, undefined);
    assert.ok(controller.model.get('cont_proto000000000000000000000000000000000000'), 'the record with prototype keys still loads');
  });

  it('tree labels and lead groups are the typed text, as plain strings', () => {
    for (const group of controller.model.groups()) {
      assert.equal(typeof group.label, 'string');
      for (const c of controller.model.contactsOf(group.leadId)) {
        assert.equal(typeof contactLabel(c), 'string');
      }
    }
    const first = controller.model.get((data.contacts[0] as Contact).id) as ContactSummary;
    assert.equal(contactLabel(first), (data.contacts[0] as Contact).display_name, 'markup is shown as typed, not interpreted or stripped');
    const hostileGroup = controller.model.groups().find((g) => g.leadId === data.hostileLeadIds[0]);
    assert.ok(hostileGroup, 'a hostile lead id still forms its group');
    assert.equal(hostileGroup.label, '</script><script>alert("lead")</script>');
    const unnamed = controller.model.groups().find((g) => g.leadId === data.hostileLeadIds[1]);
    assert.equal(unnamed?.label, data.hostileLeadIds[1], 'a lead without a name shows its id as text');
    // Off-schema records render with the label fallbacks.
    assert.equal(contactLabel(controller.model.get('cont_nulls00000000000000000000000000000000000') as ContactSummary), '(no name)');
    assert.equal(contactLabel(controller.model.get('cont_missing0000000000000000000000000000000000') as ContactSummary), 'Arrays missing');
    const bad = controller.model.get('cont_badentries00000000000000000000000000000') as ContactSummary;
    assert.deepEqual(
      bad.emails.map((e) => e.email),
      ['5'],
      'entries that are not email records are dropped; a number is shown as text',
    );
    assert.deepEqual(bad.phones.map((p) => p.phone), ['7']);
  });

  it('search finds hostile text as text, bounded on a 1 MB name, same as a full scan', () => {
    const lookup = (leadId: string): string | undefined => controller.model.leadName(leadId);
    for (const query of ['<img', 'onerror=alert(1)', '</script>', 'command:workbench', '[x](', '"><svg', '\u202e', 'javascript:', '$(alert)', '.*', '(', 'Mega N']) {
      const started = performance.now();
      const hits = controller.search(query, 50);
      const took = performance.now() - started;
      assert.ok(took < 500, `query ${JSON.stringify(query)} took ${took.toFixed(0)} ms`);
      for (const hit of hits) {
        assert.equal(typeof contactLabel(hit.contact), 'string');
        assert.equal(typeof hit.leadLabel, 'string');
      }
      const reference = oracleSearch(controller.model.all(), lookup, query, 50).map((c) => c.id);
      assert.deepEqual(hits.map((h) => h.contact.id), reference, `query ${JSON.stringify(query)}`);
    }
    assert.ok(controller.search('<img src=x', 50).length > 0, 'markup is searchable text');
    assert.ok(controller.search('Mega NNNN', 5).some((h) => h.contact.id === data.megaId), 'the 1 MB name is found by its start');
  });

  it('the detail panel view model shows every hostile value as plain text; only http(s)/mailto/tel are links', async () => {
    const now = Date.UTC(2026, 0, 1);
    let checked = 0;
    for (const raw of data.contacts) {
      const id = (raw as unknown as Loose).id;
      if (typeof id !== 'string' || id === '') {
        continue;
      }
      // The panel gets the full record from GET /contact/{id}/ (ids with markup are checked from the list record).
      const full: Contact = /^[A-Za-z0-9_]+$/.test(id) ? await controller.fetchContact(id) : raw;
      const leadId = typeof full.lead_id === 'string' ? full.lead_id : undefined;
      const lead = leadId ? data.leads.find((l) => l.id === leadId) : undefined;
      const message: ContactMessage = {
        type: 'contact',
        contact: full,
        loading: false,
        now,
        ...(leadId ? { lead: { id: leadId, name: lead?.display_name ?? undefined, htmlUrl: lead?.html_url ?? undefined } } : {}),
      };
      // What the host posts is checked again by the webview before it renders.
      const received = parseHostMessage(JSON.parse(JSON.stringify(message)));
      assert.ok(received, `the message for ${id} is accepted`);
      const view = buildContactView(received, { now, locale: 'en-US', timeZone: 'UTC' });
      assertPlainView(view, id);
      for (const href of allHrefs(view)) {
        assert.ok(!/^(javascript|command|file|data|vbscript|vscode):/i.test(href), `${id}: ${href}`);
      }
      const urls = view.sections.find((s) => s.id === 'urls');
      for (const row of urls?.rows ?? []) {
        if (BAD_LINKS.includes(row.main.text)) {
          assert.equal(row.main.href, null, `${id}: ${row.main.text} is shown as text, not a link`);
        }
      }
      const integration = view.sections.find((s) => s.id === 'integration-links');
      for (const row of integration?.rows ?? []) {
        const entry = (full.integration_links ?? []).find((l) => l.name === row.main.text);
        if (entry && BAD_LINKS.includes(entry.url)) {
          assert.equal(row.main.href, null, `${id}: integration link ${entry.url} is not opened`);
          assert.ok(row.details.some((d) => d.includes('not opened')), 'the user sees why');
        }
      }
      const openInClose = view.sections.find((s) => s.id === 'lead')?.rows.find((r) => r.opensLead);
      if (openInClose) {
        assert.match(openInClose.main.href ?? '', /^https:\/\/app\.close\.com\/lead\//, 'a hostile html_url falls back to the lead page built from its id');
      }
      if (id === data.megaId) {
        assert.ok(view.name.length < 2100, 'the 1 MB name is clipped in the heading');
        assert.ok(viewStrings(view).every((s) => s.length < 2100));
      }
      assertPanelHtmlEscapes(view.name, `panel title of ${id}`);
      checked++;
    }
    assert.ok(checked >= 80, `${checked} contacts checked`);
  });

  it('links: every scheme but http(s), mailto and tel is refused', () => {
    for (const url of BAD_LINKS) {
      assert.equal(safeLink(url), null, url);
    }
    for (const url of BAD_LINKS) {
      assert.match(leadPageUrl('lead_x', url) ?? '', /^https:\/\/app\.close\.com\/lead\/lead_x\/$/);
    }
    assert.equal(leadPageUrl('lead_<img src=x>/../../x'), 'https://app.close.com/lead/lead_%3Cimg%20src%3Dx%3E%2F..%2F..%2Fx/');
  });

  it('the panel HTML escapes every hostile title', () => {
    for (const title of [...MARKUP, ...BAD_LINKS, '<'.repeat(1000), `${'x'.repeat(MEGA)}<script>`]) {
      assertPanelHtmlEscapes(title, JSON.stringify(title.slice(0, 40)));
    }
  });

  it('the API key appears in no log line', () => {
    assert.ok(logs.length > 0);
    assert.ok(logs.every((line) => !line.includes(fake.apiKey)));
  });
});
