// Export and copy through the real UI (code-server with the packaged .vsix, Chromium): Export
// Contacts… of the organization to CSV and of a lead (its context menu) to vCard, each through
// the format picker and VS Code's own save dialog (code-server shows its simple file dialog,
// typed into like a user would), both files read back with real parsers; then two contact rows
// selected with a click and a Shift-click and copied with Copy Email from the context menu.
//   node out/test/e2e/exportFlow.js [--vsix close-contacts.vsix]
import * as assert from 'assert';
import { parse as parseCsv } from 'csv-parse/sync';
import * as fs from 'fs';
import ICAL from 'ical.js';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { Contact } from '../../src/close/types';
import { nameAndEmail } from '../../src/model/nameAndEmail';
import type { FakeClose } from '../fake/server';
import type { CodeServer } from '../host/codeServer';
import { waitFor } from '../host/wait';
import { closeAllEditors, readClipboard, runFromPalette, shot, signInThroughWelcome, treeRows, UI_TIMEOUT } from './ui';
import { runWorkbenchFlow } from './workbench';

function contactLabel(c: Contact): string {
  return c.display_name || c.name || c.emails?.[0]?.email || '(no name)';
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A lead's contacts in the tree's order (the store sorts them so). */
function contactsOfLead(fake: FakeClose, leadId: string): Contact[] {
  return fake.dataset.contacts
    .filter((c) => c.lead_id === leadId)
    .sort((a, b) => collator.compare(contactLabel(a), contactLabel(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A lead whose name no other lead's contains, with at least two contacts that have a subscribed email. */
function leadToUse(fake: FakeClose): { id: string; name: string } {
  const leads = fake.dataset.leads.map((l) => ({ id: l.id, name: l.display_name ?? '' }));
  const found = leads.find(
    (l) =>
      l.name.length >= 4 &&
      leads.every((o) => o.id === l.id || !o.name.toLowerCase().includes(l.name.toLowerCase())) &&
      contactsOfLead(fake, l.id).slice(0, 2).filter((c) => c.emails?.some((e) => !e.is_unsubscribed)).length === 2,
  );
  assert.ok(found, 'no suitable lead in the data set');
  return found;
}

/** Picks the format in the quick pick, then types `file` into the save dialog and accepts it. */
async function chooseFormatAndSave(page: Page, format: 'CSV' | 'vCard 4.0', file: string, expectedName: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.monaco-list-row', { hasText: format }).first().click({ timeout: UI_TIMEOUT });
  // The simple file dialog: a quick input holding the default path.
  const input = widget.locator('input.input');
  const proposed = await waitFor(async () => (await input.inputValue().catch(() => '')).endsWith(expectedName), UI_TIMEOUT, 100);
  assert.ok(proposed, `the save dialog proposes …/${expectedName} (it shows "${await input.inputValue().catch(() => '')}")`);
  await input.fill(file);
  // The dialog re-reads the folder as the path changes; an Enter during that is dropped.
  const saved = await waitFor(async () => {
    if (fs.existsSync(file)) return true;
    if (await widget.isVisible()) await input.press('Enter').catch(() => undefined);
    return waitFor(() => fs.existsSync(file), 2000, 100);
  }, UI_TIMEOUT, 0);
  assert.ok(saved, `${file} was written`);
}

/** The success message with its Open button, once the export is written and the toast has faded in. */
async function waitForExported(page: Page, count: number | undefined, fileName: string): Promise<void> {
  const text = count === undefined ? new RegExp(`Exported [\\d,]+ contacts? to ${fileName.replace(/\./g, '\\.')}\\.`) : `Exported ${count.toLocaleString('en-US')} contacts to ${fileName}.`;
  // VS Code marks a toast notification-fade-in-done when its fade-in transition has ended.
  const toast = page.locator('.notifications-toasts .notification-toast.notification-fade-in-done', { hasText: text }).first();
  await toast.getByRole('button', { name: 'Open' }).waitFor({ timeout: UI_TIMEOUT });
}

/** Clicks a context-menu item; a click while the menu still settles can be lost, so until the menu closes. */
async function chooseFromMenu(page: Page, item: string | RegExp): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: UI_TIMEOUT });
  const entry = menu.locator('.action-item', { hasText: item }).first();
  const chosen = await waitFor(async () => {
    if (!(await menu.isVisible())) return true;
    await entry.click({ timeout: 5000 }).catch(() => undefined);
    return menu.waitFor({ state: 'hidden', timeout: 2000 }).then(() => true, () => false);
  }, UI_TIMEOUT, 0);
  assert.ok(chosen, `the context menu closes after choosing ${String(item)}`);
}

async function clearNotifications(page: Page): Promise<void> {
  await runFromPalette(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT }).catch(() => undefined);
}

async function flow(page: Page, server: CodeServer, fake: FakeClose): Promise<void> {
  await page.goto(server.workbenchUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT });
  await signInThroughWelcome(page, fake.apiKey);
  await treeRows(page, 1).first().waitFor({ timeout: UI_TIMEOUT });
  const contacts = fake.dataset.contacts;
  const total = contacts.length.toLocaleString('en-US');
  await page.locator(`.pane-header[aria-label*="${total} contacts"]`).first().waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  await clearNotifications(page);
  const exportDir = path.join(server.folder, 'exports');
  fs.mkdirSync(exportDir, { recursive: true });

  // The organization, to CSV.
  const csvFile = path.join(exportDir, 'organization.csv');
  await runFromPalette(page, 'Close CRM: Export Contacts…');
  await chooseFormatAndSave(page, 'CSV', csvFile, 'close-contacts-example-sales-org.csv');
  await waitForExported(page, contacts.length, 'organization.csv');
  await shot(page, 'export-done');
  const records = parseCsv(fs.readFileSync(csvFile), { bom: true }) as string[][];
  assert.deepStrictEqual(records[0], ['name', 'title', 'lead', 'emails', 'phones', 'contact id', 'lead id']);
  assert.deepStrictEqual(records.slice(1).map((r) => r[5]).sort(), contacts.map((c) => c.id).sort());
  for (const r of records.slice(1)) {
    const c = contacts.find((x) => x.id === r[5]);
    assert.strictEqual(r[6], c?.lead_id ?? '', `lead id of ${r[5]}`);
  }
  console.log(`  ✔ Export Contacts… → CSV → save dialog: ${records.length - 1} contacts read back with csv-parse`);
  await clearNotifications(page);

  // A lead, from its context menu, to vCard.
  const lead = leadToUse(fake);
  const leadRow = treeRows(page, 1).filter({ hasText: lead.name }).first();
  await leadRow.scrollIntoViewIfNeeded({ timeout: UI_TIMEOUT }).catch(() => undefined);
  await leadRow.click({ button: 'right', timeout: UI_TIMEOUT });
  await chooseFromMenu(page, 'Export Contacts…');
  const vcfFile = path.join(exportDir, 'lead.vcf');
  const slug = lead.name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  await chooseFormatAndSave(page, 'vCard 4.0', vcfFile, `close-contacts-${slug}.vcf`);
  const leadContacts = contactsOfLead(fake, lead.id);
  await waitForExported(page, leadContacts.length, 'lead.vcf');
  const parsed = ICAL.parse(fs.readFileSync(vcfFile, 'utf8')) as unknown[];
  const cards = (Array.isArray(parsed[0]) ? parsed : [parsed]).map((jcal) => new ICAL.Component(jcal as unknown[]));
  assert.deepStrictEqual(cards.map((c) => c.getFirstPropertyValue('uid')), leadContacts.map((c) => c.id));
  assert.deepStrictEqual(cards.map((c) => c.getFirstPropertyValue('fn')), leadContacts.map(contactLabel));
  console.log(`  ✔ lead context menu → Export Contacts… → vCard: ${cards.length} cards read back with ical.js`);
  await clearNotifications(page);

  // Two contact rows: click, Shift-click, Copy Email from the context menu.
  await leadRow.click({ timeout: UI_TIMEOUT });
  const [first, second] = leadContacts;
  const firstRow = treeRows(page, 2).filter({ hasText: contactLabel(first) }).first();
  const secondRow = treeRows(page, 2).filter({ hasText: contactLabel(second) }).first();
  await firstRow.click({ timeout: UI_TIMEOUT });
  await secondRow.click({ modifiers: ['Shift'], timeout: UI_TIMEOUT });
  const selected = await waitFor(async () => (await treeRows(page, 2).and(page.locator('.selected')).count()) === 2, UI_TIMEOUT, 100);
  assert.ok(selected, 'two contact rows are selected');
  await page.evaluate('navigator.clipboard.writeText("(before)")');
  await secondRow.click({ button: 'right', timeout: UI_TIMEOUT });
  await chooseFromMenu(page, /^Copy Email$/);
  const want = [...new Set([first, second].flatMap((c) => (c.emails ?? []).filter((e) => !e.is_unsubscribed).map((e) => e.email)))].join('\n');
  let clip = '';
  const copied = await waitFor(async () => (clip = await readClipboard(page).catch(() => '')) === want, 20_000, 200);
  await shot(page, 'multi-select-copy');
  assert.ok(copied, `clipboard holds ${JSON.stringify(clip)}, expected ${JSON.stringify(want)}`);
  console.log('  ✔ click + Shift-click two contacts → Copy Email: both addresses, one per line, in tree order');

  // Search: the item button copies Name <email>; the title button exports every match.
  const labels = contacts.map(contactLabel);
  const single = contacts.find(
    (c, i) => c.emails?.length === 1 && (labels[i] ?? '').length >= 5 && labels.every((l, j) => j === i || !l.toLowerCase().includes((labels[i] ?? '').toLowerCase())),
  );
  assert.ok(single, 'no contact with one email and a distinct name');
  const widget = page.locator('.quick-input-widget');
  // Clicking a contact row opened its panel; closed first, so it cannot take the focus from the picker.
  await closeAllEditors(page);
  await runFromPalette(page, 'Close CRM: Search Contacts');
  await widget.locator('input.input').fill(contactLabel(single));
  const row = widget.locator('.monaco-list-row', { hasText: contactLabel(single) }).first();
  await row.waitFor({ timeout: UI_TIMEOUT });
  await row.hover();
  await row.locator('[aria-label="Copy as Name <email>"], [title="Copy as Name <email>"]').first().click({ timeout: UI_TIMEOUT });
  const wantNamed = nameAndEmail(single.display_name || single.name, single.emails?.[0]?.email ?? '');
  const named = await waitFor(async () => (clip = await readClipboard(page).catch(() => '')) === wantNamed, 20_000, 200);
  assert.ok(named, `clipboard holds ${JSON.stringify(clip)}, expected ${JSON.stringify(wantNamed)}`);
  console.log(`  ✔ search item button Copy as Name <email>: ${wantNamed.replace(/<.*>/, '<…>')}`);

  await runFromPalette(page, 'Close CRM: Search Contacts');
  await widget.locator('input.input').fill(lead.name);
  await widget.locator('.monaco-list-row', { hasText: lead.name }).first().waitFor({ timeout: UI_TIMEOUT });
  await widget.locator('.quick-input-titlebar [aria-label="Export these results…"], .quick-input-titlebar [title="Export these results…"]').first().click({ timeout: UI_TIMEOUT });
  const resultsFile = path.join(exportDir, 'results.csv');
  await chooseFormatAndSave(page, 'CSV', resultsFile, `close-contacts-${slug}.csv`);
  await waitForExported(page, undefined, 'results.csv');
  const results = (parseCsv(fs.readFileSync(resultsFile), { bom: true }) as string[][]).slice(1).map((r) => r[5]);
  for (const c of leadContacts) assert.ok(results.includes(c.id), `the search export holds ${c.id} of ${lead.name}`);
  console.log(`  ✔ search title button Export these results… → CSV: ${results.length} matches of "${lead.name}"`);
}

runWorkbenchFlow({
  name: 'export',
  fake: { contacts: 500, seed: 4242 },
  async run(ui, server, fake) {
    await flow(ui.page, server, fake);
    console.log('e2e: export passed');
  },
});
