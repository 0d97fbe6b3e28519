// Small Playwright helpers for driving the VS Code workbench (code-server) in Chromium.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Locator, Page } from 'playwright-core';
import type { Lead } from '../../src/close/types';
import type { FakeDataset } from '../fake/data';
import { SCREENSHOT_DIR } from '../host/paths';
import { waitFor } from '../host/wait';

/** Generous: a loaded 2-core machine runs the workbench, the extension host and the fake server. */
export const UI_TIMEOUT = 60_000;

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The first frame (webviews are iframes in iframes) where `selector` is present. */
export async function frameWith(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
  let found: Frame | undefined;
  const ok = await waitFor(
    async () => {
      for (const frame of page.frames()) {
        if (await frame.locator(selector).count().catch(() => 0)) {
          found = frame;
          return true;
        }
      }
      return false;
    },
    timeoutMs,
    250,
  );
  assert.ok(ok && found, `no webview frame shows ${selector} after ${timeoutMs} ms`);
  return found;
}

export async function readClipboard(page: Page): Promise<string> {
  // A string expression: this code is compiled without the DOM lib.
  return String(await page.evaluate('navigator.clipboard.readText()'));
}

/** Rows of the Contacts tree at one depth (1 = lead groups). */
export function treeRows(page: Page, level: number): Locator {
  return page.locator(`.pane-body .monaco-list-row[aria-level="${level}"]`);
}

/**
 * The lead whose group comes first once every lead name is in, and its row's label: the tree
 * orders named leads by name, then the leads still shown by id (groupOrder.ts).
 */
export function firstLead(dataset: FakeDataset): { lead: Lead; label: string } {
  const nameOf = (l: Lead): string | undefined => {
    const name = l.display_name ?? l.name;
    return typeof name === 'string' && name.length > 0 ? name : undefined;
  };
  const labelOf = (l: Lead): string => nameOf(l) ?? l.id;
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const [lead] = dataset.leads
    .filter((l) => dataset.contacts.some((c) => c.lead_id === l.id))
    .sort((a, b) => Number(!nameOf(a)) - Number(!nameOf(b)) || collator.compare(labelOf(a), labelOf(b)) || (a.id < b.id ? -1 : 1));
  assert.ok(lead, 'the fake server has no lead with contacts');
  return { lead, label: labelOf(lead).trim() };
}

/**
 * Waits until the tree's first lead row is `firstLead(dataset)`. Lead names come from /lead/ pages
 * loaded beside the contacts, so right after the contacts are counted a row may still show an id.
 */
export async function waitForFirstLead(page: Page, dataset: FakeDataset): Promise<{ lead: Lead; label: string; row: Locator }> {
  const { lead, label } = firstLead(dataset);
  const row = treeRows(page, 1).first();
  const shown = async (): Promise<string> => (await row.locator('.label-name').innerText()).trim();
  const ok = await waitFor(async () => (await shown()) === label, UI_TIMEOUT);
  assert.ok(ok, `the first lead row is "${await shown()}", expected "${label}"`);
  return { lead, label, row };
}

/** Opens the Close view and signs in through the welcome button and the password box. */
export async function signInThroughWelcome(page: Page, key: string): Promise<void> {
  await page.locator('.activitybar [aria-label^="Close CRM"]').first().click({ timeout: UI_TIMEOUT });
  const setKey = page.getByRole('button', { name: 'Set API Key' });
  await setKey.waitFor({ timeout: UI_TIMEOUT });
  await setKey.click();
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: UI_TIMEOUT });
  assert.strictEqual(await input.getAttribute('type'), 'password', 'the key box must hide what is typed');
  await input.fill(key);
  await input.press('Enter');
}

/** Runs a command from the palette (F1) by its title. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await (await typeInPalette(page, title)).press('Enter');
}

/** Opens the palette with F1 and types a command's title until its row shows; returns the input, for the Enter. */
export async function typeInPalette(page: Page, title: string): Promise<Locator> {
  await page.keyboard.press('F1');
  const palette = page.locator('.quick-input-widget input.input');
  await palette.waitFor({ timeout: UI_TIMEOUT });
  await palette.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: UI_TIMEOUT });
  return palette;
}

/** Runs the palette command whose label is exactly `title` (Enter could pick a longer look-alike). */
export async function runExactly(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const palette = page.locator('.quick-input-widget input.input');
  await palette.waitFor({ timeout: UI_TIMEOUT });
  await palette.fill(`>${title}`);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first().click({ timeout: UI_TIMEOUT });
}

/**
 * Closes every editor and waits until no tab is left. Flows do this before opening a picker: a
 * contact panel still loading takes the focus back and closes the picker.
 */
export async function closeAllEditors(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
  await runExactly(page, 'View: Close All Editors');
  await page.locator('.part.editor .tabs-container .tab').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
}

/**
 * The editor layout VS Code (web) has saved for this workspace (`memento/workbench.parts.editor`
 * in its IndexedDB state), as text; '' when not saved yet. VS Code saves it about a second after
 * a change, and a reload before that loses every editor, whatever the extension does.
 */
export async function savedEditorLayout(page: Page): Promise<string> {
  const script = `(async () => {
    const texts = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name || !info.name.startsWith('vscode-web-state-db-') || info.name.endsWith('-global')) continue;
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(info.name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        if (!db.objectStoreNames.contains('ItemTable')) continue;
        const value = await new Promise((resolve) => {
          const get = db.transaction('ItemTable').objectStore('ItemTable').get('memento/workbench.parts.editor');
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => resolve(undefined);
        });
        if (value !== undefined) texts.push(String(value));
      } finally {
        db.close();
      }
    }
    return texts.join('\\n');
  })()`;
  return String(await page.evaluate(script).catch(() => ''));
}

/** Waits until the saved editor layout holds the contact panel of one of `contactIds`. */
export async function waitForSavedPanel(page: Page, contactIds: readonly string[]): Promise<void> {
  const saved = await waitFor(async () => {
    const layout = await savedEditorLayout(page);
    return layout.includes('closeCrm.contact') && contactIds.some((id) => layout.includes(id));
  }, UI_TIMEOUT, 250);
  assert.ok(saved, 'VS Code never saved the editor layout with the contact panel');
}

/**
 * Opens the Close CRM side bar. Its activity-bar entry toggles: right after a reload the side bar
 * may be restored open before the entry is marked checked, and a click then closes it again, so
 * click until the side bar shows the view.
 */
export async function showCloseView(page: Page): Promise<void> {
  const title = page.locator('.part.sidebar .composite.title', { hasText: /close crm/i });
  const checked = page.locator('.activitybar .action-item.checked[aria-label^="Close CRM"], .activitybar .action-item.checked [aria-label^="Close CRM"]');
  const shown = await waitFor(
    async () => {
      if (await title.isVisible().catch(() => false)) return true;
      if ((await checked.count()) === 0) await page.locator('.activitybar [aria-label^="Close CRM"]').first().click({ timeout: UI_TIMEOUT });
      return title.waitFor({ state: 'visible', timeout: 3000 }).then(
        () => true,
        () => false,
      );
    },
    UI_TIMEOUT,
    0,
  );
  assert.ok(shown, 'the Close CRM side bar did not open');
}

/** Set API Key from the welcome view of an already open Close view. */
