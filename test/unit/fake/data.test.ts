import * as assert from 'node:assert/strict';
import type { CallStatus, Contact } from '../../../src/close/types';
import { compareContacts, generateDataset, Rng } from '../../fake/data';

const CALL_STATUSES: CallStatus[] = ['created', 'in-progress', 'completed', 'cancel', 'no-answer', 'busy', 'failed', 'timeout'];
const RUN_STATUSES = ['active', 'paused', 'finished', 'goal', 'error'];
const WORKFLOW_STATUSES = ['active', 'paused', 'draft'];
const ID = (prefix: string): RegExp => new RegExp(`^${prefix}_[0-9A-Za-z]{43}$`);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;

describe('fake Close data generator', () => {
  const dataset = generateDataset(5000, 1000, 11);
  const contacts = dataset.contacts;
  const share = (test: (c: Contact) => boolean): number => contacts.filter(test).length / contacts.length;

  it('is deterministic: same seed, same data; another seed, other data', () => {
    assert.deepEqual(generateDataset(300, 60, 11), generateDataset(300, 60, 11));
    assert.notDeepEqual(generateDataset(300, 60, 11).contacts[0], generateDataset(300, 60, 12).contacts[0]);
  });

  it('does not use Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random used');
    };
    try {
      generateDataset(200, 40, 5);
    } finally {
      Math.random = original;
    }
  });

  it('makes the requested counts with Close-style ids, all unique', () => {
    assert.equal(contacts.length, 5000);
    assert.equal(dataset.leads.length, 1000);
    assert.ok(contacts.every((c) => ID('cont').test(c.id)));
    assert.ok(dataset.leads.every((l) => ID('lead').test(l.id)));
    assert.equal(new Set(contacts.map((c) => c.id)).size, 5000);
    assert.ok(contacts.every((c) => ID('orga').test(c.organization_id)));
    assert.equal(new Set(contacts.map((c) => c.organization_id)).size, 1);
    assert.ok(contacts.every((c) => c.created_by === null || ID('user').test(c.created_by)));
    assert.ok(contacts.every((c) => c.updated_by === null || ID('user').test(c.updated_by)));
  });

  it('orders contacts by date_created then id, with some ties', () => {
    for (let i = 1; i < contacts.length; i++) {
      assert.ok(compareContacts(contacts[i - 1] as Contact, contacts[i] as Contact) < 0, `order at ${i}`);
    }
    const ties = contacts.filter((c, i) => i > 0 && c.date_created === contacts[i - 1]?.date_created).length;
    assert.ok(ties > 50, `ties: ${ties}`);
    assert.ok(contacts.every((c) => ISO.test(c.date_created) && ISO.test(c.date_updated) && c.date_updated >= c.date_created));
  });

  it('leaves about 3% without a lead and points the rest at existing leads', () => {
    const noLead = share((c) => c.lead_id === null);
    assert.ok(noLead > 0.015 && noLead < 0.05, `no lead: ${noLead}`);
    const leadIds = new Set(dataset.leads.map((l) => l.id));
    assert.ok(contacts.every((c) => c.lead_id === null || leadIds.has(c.lead_id ?? '')));
  });

  it('has a few contacts with an empty display_name or a null name', () => {
    const emptyDisplay = contacts.filter((c) => c.display_name === '').length;
    const nullName = contacts.filter((c) => c.name === null).length;
    assert.ok(emptyDisplay >= 5 && emptyDisplay < 150, `empty display_name: ${emptyDisplay}`);
    assert.ok(nullName >= 5 && nullName < 150, `null name: ${nullName}`);
  });

  it('mixes Latin, accented, Japanese, Cyrillic, Arabic and Greek names', () => {
    const names = contacts.map((c) => c.name ?? '');
    for (const [script, pattern] of [
      ['accented', /[À-ɏ]/],
      ['Japanese', /[\u3040-\u30ff\u4e00-\u9fff]/],
      ['Cyrillic', /[\u0400-\u04ff]/],
      ['Arabic', /[\u0600-\u06ff]/],
      ['Greek', /[\u0370-\u03ff]/],
    ] as const) {
      assert.ok(names.some((n) => pattern.test(n)), script);
    }
    assert.ok(share((c) => /^[A-Za-z' -]+$/.test(c.name ?? '')) > 0.6, 'mostly plain Latin');
    assert.ok(share((c) => typeof c.title === 'string' && c.title.length > 0) > 0.6, 'most have a job title');
  });

  it('gives 0-3 typed emails, some unsubscribed', () => {
    const counts = new Set(contacts.map((c) => c.emails?.length));
    assert.deepEqual([...counts].sort(), [0, 1, 2, 3]);
    const emails = contacts.flatMap((c) => c.emails ?? []);
    assert.ok(emails.every((e) => /^[^@\s]+@[^@\s]+\.[a-z]+$/.test(e.email)), 'addresses look like addresses');
    assert.deepEqual([...new Set(emails.map((e) => e.type))].sort(), ['direct', 'home', 'office', 'other']);
    const unsubscribed = emails.filter((e) => e.is_unsubscribed).length / emails.length;
    assert.ok(unsubscribed > 0.02 && unsubscribed < 0.15, `unsubscribed ${unsubscribed}`);
  });

  it('gives 0-3 phones in E.164 with a matching formatted number, country, SMS flag and time zones', () => {
    assert.deepEqual([...new Set(contacts.map((c) => c.phones?.length))].sort(), [0, 1, 2, 3]);
    const phones = contacts.flatMap((c) => c.phones ?? []);
    for (const phone of phones) {
      assert.match(phone.phone, /^\+[1-9]\d{7,14}$/);
      assert.match(phone.phone_formatted ?? '', /^\+\d{1,3} [\d -]+$/);
      assert.equal((phone.phone_formatted ?? '').replace(/\D/g, ''), phone.phone.slice(1));
      assert.ok(phone.tz_ids && phone.tz_ids.length > 0 && phone.tz_ids.every((tz) => tz.includes('/')));
      assert.equal(typeof phone.outbound_sms_blocked, 'boolean');
    }
    const us = phones.find((p) => p.country === 'US');
    assert.match(us?.phone_formatted ?? '', /^\+1 \d{3}-\d{3}-\d{4}$/);
    const countries = new Set(phones.map((p) => p.country));
    for (const country of ['US', 'GB', 'DE']) {
      assert.ok(countries.has(country), country);
    }
    assert.ok(phones.some((p) => p.outbound_sms_blocked));
  });

  it('fills urls, integration links, recent calls and subscriptions with every seed field', () => {
    assert.ok(contacts.some((c) => (c.urls ?? []).length > 0));
    assert.ok(contacts.flatMap((c) => c.urls ?? []).every((u) => u.type === 'url' && u.url.startsWith('https://')));
    assert.ok(contacts.every((c) => (c.integration_links ?? []).every((l) => l.name.length > 0 && l.url.startsWith('https://'))));
    const calls = contacts.flatMap((c) => c.recent_calls ?? []);
    assert.ok(calls.length > 100);
    for (const call of calls) {
      assert.ok(CALL_STATUSES.includes(call.status));
      assert.ok(Number.isInteger(call.duration) && call.duration >= 0);
      assert.match(call.finish_timestamp, ISO);
      assert.match(call.id, ID('acti'));
      assert.ok(call.dialer_id === null || typeof call.dialer_id === 'string');
    }
    assert.ok(calls.some((c) => c.dialer_id === null) && calls.some((c) => c.dialer_id !== null));
    const subs = contacts.flatMap((c) => c.subscriptions ?? []);
    assert.ok(subs.length > 100);
    for (const sub of subs) {
      assert.deepEqual(Object.keys(sub).sort(), [
        'contact_email', 'date_created', 'initial_email_id', 'sequence_id', 'sequence_name', 'sequence_status',
        'start_date', 'subscription_id', 'subscription_status', 'subscription_status_reason',
      ]);
      assert.ok(WORKFLOW_STATUSES.includes(sub.sequence_status));
      assert.ok(RUN_STATUSES.includes(sub.subscription_status));
    }
    assert.ok(subs.some((s) => s.subscription_status_reason !== null));
  });

  it('sets timezone and its source, null where unknown', () => {
    assert.ok(contacts.some((c) => c.timezone === null && c.timezone_source === null));
    assert.ok(contacts.some((c) => typeof c.timezone === 'string' && c.timezone_source === 'phone'));
  });

  it('names leads like companies, with html_url, case-only duplicates and lowercase starts', () => {
    for (const lead of dataset.leads) {
      assert.equal(lead.html_url, `https://app.close.com/lead/${lead.id}/`);
      assert.ok((lead.display_name ?? '').length > 0);
    }
    const names = dataset.leads.map((l) => l.display_name ?? '');
    const byLower = new Map<string, Set<string>>();
    for (const name of names) {
      const set = byLower.get(name.toLowerCase()) ?? new Set<string>();
      set.add(name);
      byLower.set(name.toLowerCase(), set);
    }
    assert.ok([...byLower.values()].some((set) => set.size > 1), 'some names differ only by case');
    assert.ok(names.some((n) => /^[a-z]/.test(n)), 'some start lowercase');
  });

  it('Rng is a seeded uniform source', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const values = Array.from({ length: 1000 }, () => a.next());
    assert.deepEqual(values, Array.from({ length: 1000 }, () => b.next()));
    assert.ok(values.every((v) => v >= 0 && v < 1));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    assert.ok(Math.abs(mean - 0.5) < 0.05);
  });

  it('generates 100,000 contacts with unique ids, each lead it names among its leads', function () {
    // Generous: the benchmark and the 50k VS Code runs need it; its speed is measured there.
    this.timeout(60_000);
    const big = generateDataset(100_000, 20_000, 1);
    assert.equal(big.contacts.length, 100_000);
    assert.equal(new Set(big.contacts.map((c) => c.id)).size, 100_000);
    const leadIds = new Set(big.leads.map((l) => l.id));
    assert.ok(big.contacts.every((c) => !c.lead_id || leadIds.has(c.lead_id)));
  });
});
