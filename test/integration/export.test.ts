import * as assert from 'assert';
import { parse as parseCsv } from 'csv-parse/sync';
import * as fs from 'fs';
import ICAL from 'ical.js';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { ensureSignedIn, getApi, serverDataset } from './helpers';

interface Written {
  count: number | undefined;
  file: string;
}

let dir: string;

/** Export Contacts… with the test-only target (no format picker, no save dialog). */
async function exportTo(name: string, format: 'csv' | 'vcard', arg?: unknown, which?: 'filtered' | 'all'): Promise<Written> {
  const file = path.join(dir, name);
  const count = await vscode.commands.executeCommand<number | undefined>('closeCrm.exportContacts', arg, undefined, {
    uri: vscode.Uri.file(file).toString(),
    format,
    ...(which ? { which } : {}),
  });
  return { count, file };
}

function csvRecords(file: string): string[][] {
  const records = parseCsv(fs.readFileSync(file), { bom: true }) as string[][];
  assert.deepStrictEqual(records[0], ['name', 'title', 'lead', 'emails', 'phones', 'contact id', 'lead id']);
  return records.slice(1);
}

function vcards(file: string): ICAL.Component[] {
  const text = fs.readFileSync(file, 'utf8');
  if (text.length === 0) return [];
  const parsed = ICAL.parse(text) as unknown[];
  return (Array.isArray(parsed[0]) ? parsed : [parsed]).map((jcal) => new ICAL.Component(jcal as unknown[]));
}

describe('Export Contacts…', () => {
  before(async () => {
    await ensureSignedIn(await getApi());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'close-export-'));
  });
  after(async () => {
    await vscode.commands.executeCommand('closeCrm.clearFilter');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports the whole organization to CSV, lead by lead in tree order, every contact once', async () => {
    const api = await getApi();
    const { contacts, leads } = await serverDataset();
    const { count, file } = await exportTo('org.csv', 'csv');
    assert.strictEqual(count, contacts.length);
    const records = csvRecords(file);
    const ids = records.map((r) => r[5]);
    assert.deepStrictEqual([...ids].sort(), contacts.map((c) => c.id).sort());
    const store = api.controller.model;
    const treeOrder = store.groups().flatMap((g) => store.contactsOf(g.leadId).map((c) => c.id));
    assert.deepStrictEqual(ids, treeOrder);
    for (const r of records) {
      const c = contacts.find((x) => x.id === r[5]);
      assert.ok(c);
      assert.strictEqual(r[6], c.lead_id ?? '');
      const lead = c.lead_id ? leads.get(c.lead_id) : undefined;
      assert.strictEqual(r[2], lead ? (lead.display_name ?? '') : '');
      const emails = (c.emails ?? []).map((e) => e.email).join('; ');
      assert.strictEqual(r[3].replace(/^'/, ''), emails);
    }
  });

  it('exports one lead to vCard 4.0, with its name as ORG and the ids', async () => {
    const { contacts, leads } = await serverDataset();
    const leadId = contacts.find((c) => c.lead_id && contacts.filter((x) => x.lead_id === c.lead_id).length >= 2)?.lead_id;
    assert.ok(leadId, 'no lead with two contacts in the data set');
    const { count, file } = await exportTo('lead.vcf', 'vcard', { leadId });
    const want = contacts.filter((c) => c.lead_id === leadId);
    assert.strictEqual(count, want.length);
    const cards = vcards(file);
    assert.deepStrictEqual(cards.map((c) => c.getFirstPropertyValue('x-close-contact-id')).sort(), want.map((c) => c.id).sort());
    for (const card of cards) {
      assert.strictEqual(card.getFirstPropertyValue('version'), '4.0');
      assert.strictEqual(card.getFirstPropertyValue('x-close-lead-id'), leadId);
      assert.strictEqual(String(card.getFirstProperty('org')?.getFirstValue()), leads.get(leadId)?.display_name);
    }
  });

  it('exports the No lead group', async () => {
    const { contacts } = await serverDataset();
    const want = contacts.filter((c) => !c.lead_id);
    assert.ok(want.length > 0, 'the data set has no contact without a lead');
    const { count, file } = await exportTo('nolead.csv', 'csv', { leadId: null });
    assert.strictEqual(count, want.length);
    assert.deepStrictEqual(csvRecords(file).map((r) => r[5]).sort(), want.map((c) => c.id).sort());
  });

  it('under a filter, exports the filtered contacts or all of them', async () => {
    const api = await getApi();
    const { contacts } = await serverDataset();
    const word = contacts.map((c) => c.display_name ?? '').find((n) => /^[A-Za-z]{4,}/.test(n))?.split(' ')[0];
    assert.ok(word);
    await vscode.commands.executeCommand('closeCrm.filter', word);
    const matched = api.controller.filtered(word);
    assert.ok(matched.matched > 0 && matched.matched < contacts.length, `filter ${word} keeps ${matched.matched}`);
    const filtered = await exportTo('filtered.csv', 'csv', undefined, 'filtered');
    assert.strictEqual(filtered.count, matched.matched);
    const ids = new Set(csvRecords(filtered.file).map((r) => r[5]));
    for (const c of contacts) {
      const summary = api.controller.model.get(c.id);
      assert.ok(summary);
      assert.strictEqual(ids.has(c.id), matched.has(summary), c.id);
    }
    const all = await exportTo('all.csv', 'csv', undefined, 'all');
    assert.strictEqual(all.count, contacts.length);
    await vscode.commands.executeCommand('closeCrm.clearFilter');
  });

  it('exports every match of a search, not only the ones the picker lists', async () => {
    const api = await getApi();
    const { count, file } = await exportTo('search.vcf', 'vcard', { query: 'a' });
    const want = api.controller.search('a', api.controller.model.size).map((h) => h.contact.id);
    assert.ok(want.length > 100, `only ${want.length} matches`);
    assert.strictEqual(count, want.length);
    assert.deepStrictEqual(vcards(file).map((c) => c.getFirstPropertyValue('uid')), want);
  });
});
