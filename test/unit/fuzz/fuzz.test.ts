// A seeded fuzzer (no Math.random: the same seed gives the same cases): random and mutated
// Close payloads fed to the response parser, the model (toSummary, store, search index, and
// the real loader over HTTP), the detail panel's view model and link vetting, and the panel
// HTML builder. No throw escapes (except the parser's typed CloseError) and no markup escapes.
import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import { CloseError } from '../../../src/close/errors';
import type { Contact } from '../../../src/close/types';
import { checkListEnvelope, checkMe, checkRecord, parseJsonBody } from '../../../src/close/validate';
import { ContactsController } from '../../../src/model/contactsController';
import { ContactStore } from '../../../src/model/contactStore';
import { contactLabel, SUMMARY_FIELDS, toSummary, type ContactSummary } from '../../../src/model/contactSummary';
import { SearchIndex } from '../../../src/model/search/searchIndex';
import { escapeHtml } from '../../../src/ui/panel/panelHtml';
import { leadPageUrl, mailtoLink, safeLink, telLink } from '../../../src/webview/links';
import { buildContactView } from '../../../src/webview/main/viewModel';
import { parseHostMessage, parsePanelState, parseWebviewMessage } from '../../../src/webview/protocol';
import { Rng } from '../../fake/data';
import { generateDataset, startFakeClose } from '../../fake/server';
import { oracleSearch } from '../../shared/searchOracle';
import { assertPanelHtmlEscapes, assertPlainView, SAFE_SCHEME } from '../faults/viewChecks';

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const CASES = 2000;
const HTTP_BATCHES = 12;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const NASTY_STRINGS = [
  '',
  ' ',
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '<!--',
  ']]>',
  '"\'><svg/onload=alert(1)>',
  '[x](command:workbench.action.quit)',
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'command:workbench.action.quit',
  'file:///etc/passwd',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vscode://x',
  'mailto:a@b.c?cc=evil@x.y&body=hi',
  'tel:+1 650 555 0100',
  'https://example.com/\u0000x',
  'http://[::1]:80/',
  'https://user:pw@example.com/',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\u202eevil',
  '\ud800',
  '\udfff\ud800',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦',
  'Ω≈ç√∫',
  'ｆｕｌｌｗｉｄｔｈ',
  '\t\n\r\u2028\u2029',
  '%00%3Cscript%3E',
  '&lt;b&gt;',
  '${alert(1)}',
  '{{constructor.constructor("alert(1)")()}}',
  '.*+?^$()[]{}|\\',
  '+1 (650) 555-0100',
  '650 555',
  'cont_',
  'lead_',
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

class Fuzzer {
  constructor(readonly rng: Rng) {}

  string(): string {
    const r = this.rng.next();
    if (r < 0.45) {
      return this.rng.pick(NASTY_STRINGS);
    }
    if (r < 0.55) {
      return this.rng.pick(NASTY_STRINGS).repeat(this.rng.between(2, 1000));
    }
    if (r < 0.6) {
      return 'x'.repeat(this.rng.between(10_000, 60_000));
    }
    let out = '';
    const length = this.rng.between(0, 40);
    for (let i = 0; i < length; i++) {
      const kind = this.rng.next();
      out +=
        kind < 0.6
          ? String.fromCharCode(this.rng.between(0x20, 0x7e))
          : kind < 0.8
            ? String.fromCharCode(this.rng.between(0, 0x1f))
            : String.fromCharCode(this.rng.between(0x80, 0xffff));
    }
    return out;
  }

  number(): number {
    return this.rng.pick([0, -1, 1, 1.5, -0, 2 ** 53, -(2 ** 31), 1e308, -1e-308, 42, 3600]);
  }

  /** Any JSON value, `depth` levels deep at most. */
  value(depth: number): Json {
    const r = this.rng.next();
    if (depth <= 0 || r < 0.5) {
      const pick = this.rng.int(5);
      return pick === 0 ? null : pick === 1 ? this.rng.chance(0.5) : pick === 2 ? this.number() : this.string();
    }
    if (r < 0.75) {
      return Array.from({ length: this.rng.between(0, 5) }, () => this.value(depth - 1));
    }
    const out: { [key: string]: Json } = {};
    const keys = this.rng.between(0, 5);
    for (let i = 0; i < keys; i++) {
      const key = this.rng.chance(0.2) ? this.rng.pick(PROTO_KEYS) : this.rng.chance(0.5) ? this.rng.pick(SUMMARY_FIELDS) : this.string().slice(0, 20);
      defineOwn(out, key, this.value(depth - 1));
    }
    return out;
  }

  /** A few mutations of a JSON value: drop, retype, replace with garbage, add prototype keys. */
  mutate(value: Json, rounds: number): Json {
    let out = value;
    for (let i = 0; i < rounds; i++) {
      out = this.mutateOnce(out, 0);
    }
    return out;
  }

  private mutateOnce(value: Json, depth: number): Json {
    if (value === null || typeof value !== 'object' || depth > 6 || this.rng.chance(0.15)) {
      return this.rng.chance(0.3) ? this.value(3) : this.replacement(value);
    }
    if (Array.isArray(value)) {
      const copy = [...value];
      const action = this.rng.int(4);
      if (action === 0 && copy.length > 0) {
        copy.splice(this.rng.int(copy.length), 1);
      } else if (action === 1) {
        copy.push(this.value(3));
      } else if (copy.length > 0) {
        const at = this.rng.int(copy.length);
        copy[at] = this.mutateOnce(copy[at] as Json, depth + 1);
      }
      return copy;
    }
    const copy: { [key: string]: Json } = {};
    for (const key of Object.keys(value)) {
      defineOwn(copy, key, value[key] as Json);
    }
    const keys = Object.keys(copy);
    const action = this.rng.int(5);
    if (action === 0 && keys.length > 0) {
      delete copy[this.rng.pick(keys)];
    } else if (action === 1) {
      defineOwn(copy, this.rng.pick(PROTO_KEYS), this.value(2));
    } else if (action === 2) {
      defineOwn(copy, this.string().slice(0, 30), this.value(2));
    } else if (keys.length > 0) {
      const key = this.rng.pick(keys);
      defineOwn(copy, key, this.mutateOnce(copy[key] as Json, depth + 1));
    }
    return copy;
  }

  /** Same slot, wrong or hostile content. */
  private replacement(value: Json): Json {
    const choices: Json[] = [null, this.string(), this.number(), true, [], {}, [this.string()], { id: this.string() }];
    if (typeof value === 'string') {
      choices.push(`${value}${this.rng.pick(NASTY_STRINGS)}`, value.toUpperCase(), this.rng.pick(NASTY_STRINGS));
    }
    return this.rng.pick(choices);
  }
}

/** Sets an own property even for `__proto__` (as JSON.parse would), never the prototype. */
function defineOwn(target: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function expectCloseErrorOrValue<T>(fn: () => T, where: string): T | undefined {
  try {
    return fn();
  } catch (err) {
    assert.ok(err instanceof CloseError, `${where}: threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    assert.equal(err.kind, 'badResponse', `${where}: kind`);
    assert.ok(err.message.length < 600, `${where}: the message stays short`);
    return undefined;
  }
}

function assertSummary(s: ContactSummary, where: string): void {
  assert.equal(typeof s.id, 'string', `${where}: id`);
  assert.ok(s.id.length > 0, `${where}: id not empty`);
  assert.ok(s.leadId === null || typeof s.leadId === 'string', `${where}: leadId`);
  for (const field of [s.displayName, s.name, s.title]) {
    assert.ok(field === null || typeof field === 'string', `${where}: text field`);
  }
  assert.ok(Array.isArray(s.emails) && s.emails.every((e) => typeof e.email === 'string' && e.email.length > 0 && typeof e.type === 'string'), `${where}: emails`);
  assert.ok(Array.isArray(s.phones) && s.phones.every((p) => typeof p.phone === 'string' && typeof p.type === 'string'), `${where}: phones`);
  assert.equal(typeof contactLabel(s), 'string', `${where}: label`);
}

function assertLink(value: string | null, where: string): void {
  if (value !== null) {
    assert.equal(typeof value, 'string', where);
    assert.match(value, SAFE_SCHEME, `${where}: ${value.slice(0, 60)}`);
    // eslint-disable-next-line no-control-regex
    assert.ok(!/[\u0000-\u001f\u007f]/.test(value), `${where}: no control characters`);
  }
}

function noPollution(where: string): void {
  const probe: Record<string, unknown> = {};
  assert.equal(Object.keys(Object.prototype).length, 0, `${where}: Object.prototype gained keys`);
  assert.equal(probe.polluted, undefined, where);
}

describe('fuzz: random and mutated Close payloads', function () {
  this.timeout(60_000);
  const base = generateDataset(300, 60, 77);
  const baseContacts = clone(base.contacts) as unknown as Json[];
  const now = Date.UTC(2026, 5, 1, 12);

  it(`the parser, model, view model, links and panel HTML survive ${CASES} cases (seed ${SEED})`, () => {
    const fuzz = new Fuzzer(new Rng(SEED));
    const store = new ContactStore();
    const index = new SearchIndex();
    let parsedOk = 0;
    let rejected = 0;
    let summaries = 0;
    for (let n = 0; n < CASES; n++) {
      const where = `case ${n} (seed ${SEED})`;
      const record: Json = fuzz.rng.chance(0.8) ? fuzz.mutate(fuzz.rng.pick(baseContacts), fuzz.rng.between(1, 4)) : fuzz.value(4);
      const page: Json = fuzz.rng.chance(0.7)
        ? { has_more: fuzz.rng.chance(0.5), data: [record, fuzz.mutate(fuzz.rng.pick(baseContacts), 1)] }
        : fuzz.mutate({ has_more: true, data: [record] }, fuzz.rng.between(1, 3));

      // 1. Response parser and validators: a value, or a typed badResponse.
      let body = JSON.stringify(page);
      if (fuzz.rng.chance(0.2)) {
        body = body.slice(0, fuzz.rng.int(body.length + 1));
      } else if (fuzz.rng.chance(0.1)) {
        body = fuzz.rng.pick(['<html><body><h1>502 Bad Gateway</h1></body></html>', '', '   ', 'null', 'NaN', '{"a":', '\ufeff{}', fuzz.string()]);
      }
      const contentType = fuzz.rng.pick(['application/json', 'text/html; charset=utf-8', undefined, 'application/json; charset=utf-8', 'text/plain']);
      const parsed = expectCloseErrorOrValue(() => parseJsonBody(body, contentType, '/contact/', 200), `${where} parseJsonBody`);
      const envelope = parsed === undefined ? undefined : expectCloseErrorOrValue(() => checkListEnvelope<Contact>(parsed, '/contact/'), `${where} checkListEnvelope`);
      expectCloseErrorOrValue(() => checkRecord<Contact>(parsed ?? record, '/contact/x/'), `${where} checkRecord`);
      expectCloseErrorOrValue(() => checkMe<Record<string, unknown>>(parsed ?? record, '/me/'), `${where} checkMe`);
      if (envelope) {
        parsedOk++;
        assert.ok(Array.isArray(envelope.data) && typeof envelope.has_more === 'boolean', `${where}: envelope shape`);
      } else {
        rejected++;
      }

      // 2. Model: tolerant summaries, the store and the search index.
      const items: unknown[] = envelope ? envelope.data : [record];
      const batch: ContactSummary[] = [];
      for (const item of items) {
        const s = toSummary(item as Partial<Contact>);
        if (s) {
          assertSummary(s, where);
          batch.push(s);
        }
      }
      summaries += batch.length;
      store.upsert(batch);
      index.upsert(batch);
      if (fuzz.rng.chance(0.1) && store.size > 0) {
        const victim = fuzz.rng.pick([...store.all()]).id;
        store.remove([victim]);
        index.remove([victim]);
      }
      if (fuzz.rng.chance(0.05)) {
        const leadId = fuzz.rng.chance(0.5) ? (batch[0]?.leadId ?? 'lead_x') : fuzz.string().slice(0, 50);
        const name = fuzz.string().slice(0, 200);
        store.setLeadNames([[leadId, name]]);
        index.setLeadName(leadId, name);
      }
      if (n % 50 === 0) {
        const query = fuzz.rng.chance(0.5) ? fuzz.rng.pick(NASTY_STRINGS) : fuzz.string().slice(0, 12);
        const hits = index.search(query, 20);
        const reference = oracleSearch(store.all(), (id) => store.leadName(id), query, 20);
        assert.deepEqual(hits.map((c) => c.id), reference.map((c) => c.id), `${where}: index and full scan agree on ${JSON.stringify(query)}`);
      }

      // 3. The webview: the message check, the view model and link vetting.
      webviewCase(fuzz, record, where);
    }
    index.drain();
    noPollution('after the cases');
    assert.ok(parsedOk > CASES / 10 && rejected > CASES / 20, `both outcomes exercised: ${parsedOk} parsed, ${rejected} rejected`);
    assert.ok(summaries > CASES / 2, `${summaries} summaries`);
    assert.equal(index.size, store.size, 'the index holds the same contacts as the store');
  });

  /** One case for the webview side; a throw names the case and its input. */
  function webviewCase(fuzz: Fuzzer, record: Json, where: string): void {
    let input: unknown = record;
    try {
      const message = fuzz.rng.chance(0.7)
        ? { type: 'contact', contact: record, loading: fuzz.rng.chance(0.3), now, lead: fuzz.rng.chance(0.5) ? { id: fuzz.string(), name: fuzz.string(), htmlUrl: fuzz.rng.pick(NASTY_STRINGS) } : fuzz.value(2) }
        : fuzz.value(3);
      input = message;
      const received = parseHostMessage(message);
      if (received) {
        assertPlainView(buildContactView(received, { now, locale: 'en-US', timeZone: 'UTC' }), where);
      }
      // Even what the message check would refuse must not break the view model.
      const loose = { contact: record, loading: fuzz.rng.chance(0.5), lead: undefined } as unknown as Parameters<typeof buildContactView>[0];
      assertPlainView(buildContactView(loose, { now }), `${where} (unchecked)`);
      parseWebviewMessage(fuzz.value(3));
      parseWebviewMessage({ type: fuzz.rng.pick(['copy', 'open', 'ready', 'openLead', 'retry']), kind: fuzz.rng.pick(['email', 'phone', 'x']), value: fuzz.value(1), url: fuzz.value(1) });
      parsePanelState(fuzz.value(2));
      const text = fuzz.string();
      input = text;
      assertLink(safeLink(text), `${where} safeLink`);
      assertLink(safeLink(`${fuzz.rng.pick(['https://', 'http://', 'mailto:', 'tel:', 'javascript:', 'command:', ''])}${text}`), `${where} safeLink(prefixed)`);
      assertLink(mailtoLink(text), `${where} mailtoLink`);
      assertLink(telLink(text), `${where} telLink`);
      assertLink(leadPageUrl(fuzz.string(), fuzz.rng.chance(0.5) ? text : undefined), `${where} leadPageUrl`);

      // 4. HTML the extension builds from data: the panel shell's title.
      assertPanelHtmlEscapes(text, where);
      assert.ok(!/[<>"']/.test(escapeHtml(text)), `${where}: escapeHtml`);
    } catch (err) {
      if (err instanceof assert.AssertionError) {
        throw err;
      }
      const shown = JSON.stringify(input, (_key, value: unknown) => (typeof value === 'string' && value.length > 80 ? `${value.slice(0, 80)}…` : value));
      throw new Error(`${where}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)} escaped, for input ${(shown ?? 'undefined').slice(0, 600)}`);
    }
  }

  it(`the real loader survives mutated pages over HTTP (${HTTP_BATCHES} data sets)`, async () => {
    const fuzz = new Fuzzer(new Rng(SEED + 1));
    for (let b = 0; b < HTTP_BATCHES; b++) {
      // Records stay objects (the fake server projects `_fields` from them); inside, anything goes.
      const contacts = baseContacts.slice(b * 20, b * 20 + 80).map((c, i) => {
        const mutated = fuzz.rng.chance(0.7) ? fuzz.mutate(c, fuzz.rng.between(1, 4)) : c;
        return (mutated !== null && typeof mutated === 'object' && !Array.isArray(mutated) ? mutated : { id: `cont_replaced_${b}_${i}` }) as unknown as Contact;
      });
      const expected = new Map<string, ContactSummary>();
      let skipped = 0;
      for (const c of contacts) {
        const wire = clone(Object.fromEntries(SUMMARY_FIELDS.filter((f) => Object.prototype.hasOwnProperty.call(c, f)).map((f) => [f, (c as unknown as Record<string, unknown>)[f]])));
        const s = toSummary(wire as Partial<Contact>);
        if (s) {
          expected.set(s.id, s);
        } else {
          skipped++;
        }
      }
      const fake = await startFakeClose({ dataset: { contacts, leads: base.leads } });
      const client = new CloseClient({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 5000, retryBaseDelayMs: 5 });
      const controller = new ContactsController({ client, pageSize: 15, organizationId: 'orga_fuzz' });
      try {
        await controller.refresh();
        const status = controller.status;
        const where = `HTTP batch ${b} (seed ${SEED + 1})`;
        assert.equal(status.phase, 'complete', `${where}: ${status.error?.message ?? ''}`);
        assert.equal(status.skippedRecords, skipped, `${where}: skipped records counted`);
        assert.deepEqual(new Set([...controller.model.all()].map((c) => c.id)), new Set(expected.keys()), `${where}: every record with an id is shown once`);
        for (const query of ['<', 'a', '650', fuzz.rng.pick(NASTY_STRINGS)]) {
          const hits = controller.search(query, 25);
          assert.ok(hits.every((h) => typeof h.leadLabel === 'string' && typeof contactLabel(h.contact) === 'string'), where);
        }
      } finally {
        controller.dispose();
        await fake.close();
      }
    }
    noPollution('after the HTTP batches');
  });
});
