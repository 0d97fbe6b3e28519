import * as assert from 'assert';
import type { Contact, ContactEmail } from '../../src/close/types';
import { ensureSignedIn, expectedContactLabel, getApi, leadNames, serverDataset } from './helpers';

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

describe('contacts tree', () => {
  before(async () => ensureSignedIn(await getApi()));

  it('groups every contact by lead: names, "N contacts", sorted, No lead last', async () => {
    const api = await getApi();
    const { contacts, leads } = await serverDataset();
    const byLead = new Map<string | null, Contact[]>();
    for (const c of contacts) {
      const key = c.lead_id ?? null;
      byLead.set(key, [...(byLead.get(key) ?? []), c]);
    }
    const groups = await api.snapshotTree(1);
    assert.strictEqual(groups.length, byLead.size, 'one group per lead (plus No lead)');

    // The fixture has contacts without a lead, so the No lead group is always there.
    const noLead = byLead.get(null) ?? [];
    assert.ok(noLead.length > 0, 'the fixture has contacts without a lead');
    const named = groups.slice(0, -1);
    const last = groups[groups.length - 1];
    assert.strictEqual(last?.label, 'No lead');
    assert.strictEqual(last?.description, noLead.length === 1 ? '1 contact' : `${noLead.length} contacts`, 'No lead has no status');
    for (let i = 1; i < named.length; i++) {
      const a = named[i - 1]?.label ?? '';
      const b = named[i]?.label ?? '';
      assert.ok(collator.compare(a, b) <= 0, `groups out of order: "${a}" before "${b}"`);
    }
    const remaining = new Map([...byLead].filter(([k]) => k !== null));
    for (const g of named) {
      const match = [...remaining].find(([leadId, members]) => {
        const n = members.length;
        const status = leads.get(leadId as string)?.status_label;
        const counted = n === 1 ? '1 contact' : `${n} contacts`;
        return leadNames(leads.get(leadId as string)).includes(g.label) && g.description === (status ? `${counted} · ${status}` : counted);
      });
      assert.ok(match, `group "${g.label}" (${g.description}) matches no lead of the server`);
      remaining.delete(match[0]);
      assert.strictEqual(g.collapsible, true);
      assert.strictEqual(g.accessibilityLabel, `${g.label}, lead, ${g.description}`, 'what a screen reader says for a lead row');
    }
    assert.strictEqual(remaining.size, 0);
  });

  it('lists each lead\'s contacts with label and title, and their emails and phones', async () => {
    const api = await getApi();
    const { contacts, leads } = await serverDataset();
    const groups = await api.snapshotTree(3);
    const byId = new Map(contacts.map((c) => [c.id, c]));
    let checked = 0;
    for (const g of groups) {
      const leadContacts = contacts.filter((c) =>
        g.label === 'No lead' ? (c.lead_id ?? null) === null : leadNames(leads.get(c.lead_id ?? '')).includes(g.label),
      );
      const labels = (g.children ?? []).map((n) => n.label);
      assert.deepStrictEqual([...labels].sort(), leadContacts.map(expectedContactLabel).sort(), `contacts of "${g.label}"`);
      for (let i = 1; i < labels.length; i++) {
        assert.ok(collator.compare(labels[i - 1] ?? '', labels[i] ?? '') <= 0, `contacts of "${g.label}" out of order`);
      }
      for (const node of g.children ?? []) {
        const c = leadContacts.find((x) => expectedContactLabel(x) === node.label && (x.title || undefined) === (node.description || undefined));
        assert.ok(c && byId.has(c.id), `contact row "${node.label}" (${node.description}) not found`);
        const childLabels = (node.children ?? []).map((n) => n.label);
        const want = [...(c.emails ?? []).map((e) => e.email), ...(c.phones ?? []).map((p) => p.phone_formatted || p.phone)];
        assert.deepStrictEqual([...childLabels].sort(), [...want].sort(), `children of "${node.label}"`);
        for (const child of node.children ?? []) {
          const email: ContactEmail | undefined = c.emails?.find((e) => e.email === child.label);
          assert.match(child.accessibilityLabel ?? '', email ? /^[^,]+, email\b/ : /^[^,]+, phone\b/, `screen reader label of ${child.label}`);
          if (email) {
            assert.ok(child.description?.includes(email.type), `email type missing on ${child.label}`);
            assert.strictEqual(child.description?.includes('unsubscribed'), email.is_unsubscribed, `unsubscribed flag on ${child.label}`);
          }
        }
        checked++;
      }
    }
    assert.strictEqual(checked, contacts.length);
  });

  it('says how many contacts and leads it shows', async () => {
    const api = await getApi();
    const { contacts } = await serverDataset();
    const groups = await api.snapshotTree(1);
    const leadCount = groups.filter((g) => g.label !== 'No lead').length;
    const description = api.viewText().description ?? '';
    assert.match(description, new RegExp(`${contacts.length.toLocaleString('en-US')} contacts`));
    assert.match(description, new RegExp(`${leadCount.toLocaleString('en-US')} lead`));
  });
});
