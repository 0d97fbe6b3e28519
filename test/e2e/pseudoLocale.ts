// The extension under a generated pseudo-locale (qps-ploc): @vscode/l10n-dev turns every
// letter of package.nls.json and l10n/bundle.l10n.json into an accented look-alike, and VS Code
// runs with that display language. Then every piece of text the extension puts on screen (tree,
// view message, welcome, input box, quick picks, notifications, status bar, detail panel) must
// hold no plain ASCII word once the Close data in it is taken out: a string that skipped
// `l10n.t` (or a contributed string missing from package.nls.json) shows up as English.
//   node out/test/e2e/pseudoLocale.js [--vsix close-contacts.vsix]
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Frame, Locator, Page } from 'playwright-core';
import type { FakeClose } from '../fake/server';
import type { WorkbenchBrowser } from '../host/browser';
import type { CodeServer } from '../host/codeServer';
import { EXTENSION_ID, REPO_ROOT } from '../host/paths';
import { waitFor } from '../host/wait';
import { frameWith, runFromPalette, shot, treeRows, UI_TIMEOUT } from './ui';
import { runWorkbenchFlow } from './workbench';

const LOCALE = 'qps-ploc';

interface Pseudo {
  /** package.nls.json keys -> pseudo text. */
  nls: Record<string, string>;
  /** English runtime string -> pseudo text. */
  bundle: Record<string, string>;
  dir: string;
}

/** Runs @vscode/l10n-dev's pseudo generator on copies of the English files. */
function generatePseudo(): Pseudo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'close-pseudo-'));
  fs.copyFileSync(path.join(REPO_ROOT, 'package.nls.json'), path.join(dir, 'package.nls.json'));
  fs.copyFileSync(path.join(REPO_ROOT, 'l10n', 'bundle.l10n.json'), path.join(dir, 'bundle.l10n.json'));
  const tool = path.join(REPO_ROOT, 'node_modules', '.bin', 'vscode-l10n-dev');
  const run = spawnSync(tool, ['generate-pseudo', '-o', dir, path.join(dir, 'package.nls.json'), path.join(dir, 'bundle.l10n.json')], { encoding: 'utf8' });
  assert.strictEqual(run.status, 0, `vscode-l10n-dev generate-pseudo failed: ${run.stderr}`);
  const read = (name: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Record<string, string>;
  return { nls: read(`package.nls.${LOCALE}.json`), bundle: read(`bundle.l10n.${LOCALE}.json`), dir };
}

/**
 * Puts the pseudo files into the installed extension, and declares a language pack for qps-ploc
 * (VS Code only switches its display language to one a language pack provides; this one has
 * no translations for VS Code itself, so the workbench stays English around the extension).
 */
function installPseudo(pseudo: Pseudo, extensionsDir: string): void {
  const folder = fs.readdirSync(extensionsDir).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  assert.ok(folder, `the .vsix was not installed in ${extensionsDir}`);
  const installed = path.join(extensionsDir, folder);
  fs.copyFileSync(path.join(pseudo.dir, `package.nls.${LOCALE}.json`), path.join(installed, `package.nls.${LOCALE}.json`));
  fs.copyFileSync(path.join(pseudo.dir, `bundle.l10n.${LOCALE}.json`), path.join(installed, 'l10n', `bundle.l10n.${LOCALE}.json`));
  const core = path.join(pseudo.dir, 'vscode-core.i18n.json');
  fs.writeFileSync(core, JSON.stringify({ contents: {} }));
  const userData = path.join(extensionsDir, '..', 'user-data');
  const pack = { hash: 'close-contacts-pseudo', extensions: [{ extensionIdentifier: { id: 'close-contacts.pseudo-language-pack' }, version: '1.0.0' }], translations: { vscode: core }, label: 'Pseudo' };
  fs.writeFileSync(path.join(userData, 'languagepacks.json'), JSON.stringify({ [LOCALE]: pack }));
}

/** Every ISO date in a record: the panel formats them with Intl. */
function datesIn(record: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk(record);
  return found;
}

/** Every string and number in Close's data, longest first: what may show untranslated. */
function dataValues(fake: FakeClose): string[] {
  const values = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value).trim();
      if (text.length >= 2) {
        values.add(text);
        // The panel shows codes such as `sms_failed` as words ("sms failed").
        values.add(text.replace(/[-_]+/g, ' ').trim());
      }
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(walk);
    }
  };
  walk(fake.dataset.contacts);
  walk(fake.dataset.leads);
  walk(fake.me);
  values.add(new URL(fake.url).host);
  return [...values].sort((a, b) => b.length - a.length);
}

/** What VS Code itself adds around the extension's text (its own strings stay English here). */
const WORKBENCH_TEXT = [/\(Press 'Enter' to confirm or 'Escape' to cancel\)/g];

/** HTTP details quoted in messages as they are: API paths and content types. */
const PROTOCOL_TEXT = [/\/(?:contact|lead|me)\/[\w-]*\/?/g, /\b(?:text|application)\/[\w.+-]+/g];

const PSEUDO_LETTER = /[\u0100-\u024f\u1e00-\u1eff]/;

class Checker {
  readonly seen = new Map<string, number>();

  constructor(private readonly data: string[]) {}

  /** Fails with the area and the English left over when `text` holds an ASCII word that is not Close data. */
  check(area: string, text: string): void {
    let rest = text;
    for (const own of [...WORKBENCH_TEXT, ...PROTOCOL_TEXT]) rest = rest.replace(own, ' ');
    for (const value of this.data) {
      if (rest.includes(value)) rest = rest.split(value).join(' ');
    }
    const english = rest.match(/[A-Za-z]{2,}/g);
    assert.ok(!english, `${area}: not localized: ${JSON.stringify(english)} in "${text}"`);
    if (PSEUDO_LETTER.test(text)) this.seen.set(area, (this.seen.get(area) ?? 0) + 1);
  }

  /** The area showed at least one localized string (a check over nothing proves nothing). */
  sawLocalized(area: string): void {
    assert.ok((this.seen.get(area) ?? 0) > 0, `${area}: no localized text was found to check`);
  }
}

async function texts(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((nodes) => nodes.map((n) => (n as { innerText?: string }).innerText ?? n.textContent ?? ''));
}

async function attributes(locator: Locator, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of await locator.all()) {
    const value = await node.getAttribute(name);
    if (value) found.push(value);
  }
  return found;
}

/** Runs a command from the palette by its (pseudo) category and title. */
async function runCommand(page: Page, pseudo: Pseudo, titleKey: string): Promise<void> {
  await runFromPalette(page, `${pseudo.nls['command.category']}: ${pseudo.nls[titleKey]}`);
}

async function checkNotifications(page: Page, checker: Checker, area: string): Promise<void> {
  const toasts = page.locator('.notification-toast .notification-list-item-message');
  await toasts.first().waitFor({ timeout: UI_TIMEOUT });
  for (const text of await texts(toasts)) checker.check(area, text);
  for (const text of await texts(page.locator('.notification-toast .notification-list-item-buttons-container .monaco-button'))) checker.check(`${area} (button)`, text);
  checker.sawLocalized(area);
  // Clear them so the next check reads only new ones.
  for (const close of await page.locator('.notification-toast .codicon-notifications-clear').all()) await close.click().catch(() => undefined);
  await page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT }).catch(() => undefined);
}

async function checkPanel(frame: Frame, checker: Checker, area: string, dates: string[]): Promise<void> {
  const lang = String(await frame.evaluate('document.documentElement.lang'));
  assert.strictEqual(lang, LOCALE, `the panel's <html lang> is the display language, not "${lang}"`);
  // Dates are formatted by Intl in the page's own locale (qps-ploc has no formats of its own) and
  // the contact's local time ticks: both are data, so they are taken out before the check.
  const body = String(
    await frame.evaluate(`(() => {
      const copy = document.getElementById('root').cloneNode(true);
      copy.querySelectorAll('[data-live-tz]').forEach((n) => n.remove());
      const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
      let text = copy.innerText || copy.textContent || '';
      for (const date of ${JSON.stringify(dates)}) text = text.split(format.format(Date.parse(date))).join(' ');
      return text;
    })()`),
  );
  for (const line of body.split('\n').filter((l) => l.trim().length > 0)) checker.check(area, line);
  for (const label of await attributes(frame.locator('[aria-label]'), 'aria-label')) checker.check(`${area} (aria-label)`, label);
  checker.sawLocalized(area);
}

async function flow(ui: WorkbenchBrowser, server: CodeServer, fake: FakeClose, pseudo: Pseudo): Promise<void> {
  const { page } = ui;
  const checker = new Checker(dataValues(fake));
  await page.goto(server.workbenchUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT });

  // Activity bar and the signed-out welcome (contributed strings, package.nls.json).
  const container = pseudo.nls['viewsContainer.closeCrm.title'];
  await page.locator(`.activitybar [aria-label^="${container}"]`).first().click({ timeout: UI_TIMEOUT });
  const welcome = page.locator('.welcome-view-content').first();
  await welcome.waitFor({ timeout: UI_TIMEOUT });
  checker.check('welcome', await welcome.innerText());
  checker.sawLocalized('welcome');
  console.log('  ✔ activity bar and signed-out welcome are localized');

  // The key box and the sign-in notification.
  await page.locator('.welcome-view-content .monaco-button').first().click();
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: UI_TIMEOUT });
  for (const text of await texts(page.locator('.quick-input-widget .quick-input-title, .quick-input-widget .quick-input-message'))) checker.check('key input box', text);
  checker.sawLocalized('key input box');
  await input.fill(fake.apiKey);
  await input.press('Enter');
  await checkNotifications(page, checker, 'sign-in notification');
  console.log('  ✔ key input box and sign-in notification are localized');

  // The tree: lead rows (label, description, what a screen reader hears) and the view's message.
  const total = fake.dataset.contacts.length;
  const done = await waitFor(async () => (await treeRows(page, 1).count()) > 0 && (await page.locator('.pane-body .message').first().innerText().catch(() => '')).includes(String(total)), UI_TIMEOUT, 250);
  assert.ok(done, `the tree never said all ${total} contacts were loaded`);
  for (const text of await texts(treeRows(page, 1))) checker.check('tree rows', text);
  for (const label of await attributes(treeRows(page, 1), 'aria-label')) checker.check('tree rows (aria-label)', label);
  checker.check('view message', await page.locator('.pane-body .message').first().innerText());
  checker.sawLocalized('tree rows');
  checker.sawLocalized('view message');
  await treeRows(page, 1).first().click();
  await treeRows(page, 2).first().waitFor({ timeout: UI_TIMEOUT });
  for (const label of await attributes(treeRows(page, 2), 'aria-label')) checker.check('contact rows (aria-label)', label);
  await shot(page, 'pseudo-locale-tree');
  console.log(`  ✔ tree rows and the view message are localized (${await treeRows(page, 1).count()} lead rows read)`);

  // Search: title, placeholder, items and their buttons.
  const target = fake.dataset.contacts.find((c) => c.display_name && (c.emails?.length ?? 0) > 0 && (c.phones?.length ?? 0) > 0);
  assert.ok(target, 'the fake data has a contact with an email and a phone');
  await runCommand(page, pseudo, 'command.searchContacts.title');
  const search = page.locator('.quick-input-widget input.input');
  await waitFor(async () => PSEUDO_LETTER.test((await search.getAttribute('placeholder')) ?? ''), UI_TIMEOUT, 100);
  checker.check('search placeholder', (await search.getAttribute('placeholder')) ?? '');
  checker.check('search title', await page.locator('.quick-input-widget .quick-input-title').innerText());
  await search.fill(target.display_name);
  const hit = page.locator('.quick-input-list .monaco-list-row', { hasText: target.display_name }).first();
  await hit.waitFor({ timeout: UI_TIMEOUT });
  await hit.hover();
  for (const text of await texts(page.locator('.quick-input-list .monaco-list-row'))) checker.check('search results', text);
  for (const tip of await attributes(page.locator('.quick-input-list .monaco-list-row .action-label'), 'aria-label')) checker.check('search buttons', tip);
  for (const area of ['search placeholder', 'search title', 'search buttons']) checker.sawLocalized(area);
  await shot(page, 'pseudo-locale-search');
  await hit.click();
  console.log('  ✔ search title, placeholder, results and buttons are localized');

  // The panel, then a copy confirmed in the status bar.
  const frame = await frameWith(page, '[data-testid="copy-email"]', UI_TIMEOUT);
  await frame.locator('[data-testid="panel-status"]:empty').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  await checkPanel(frame, checker, 'panel', datesIn(target));
  checker.sawLocalized('panel (aria-label)');
  await frame.locator('[data-testid="copy-email"]').first().click();
  const email = target.emails?.[0]?.email ?? '';
  const confirmation = page.locator('.statusbar-item', { hasText: email }).first();
  await confirmation.waitFor({ timeout: UI_TIMEOUT });
  checker.check('status bar', await confirmation.innerText());
  checker.sawLocalized('status bar');
  await shot(page, 'pseudo-locale-panel');
  console.log('  ✔ detail panel and the copy confirmation are localized');

  // An error made in the Close layer: another contact whose full record comes back as HTML.
  const broken = fake.dataset.contacts.find((c) => c.display_name && c.id !== target.id && c.display_name !== target.display_name);
  assert.ok(broken, 'the fake data has a second named contact');
  fake.setFaults({ malformed: { kind: 'html', path: `/contact/${broken.id}/` } });
  // Focus out of the panel first: a webview taking focus back as the palette closes would close
  // the picker that follows it.
  await treeRows(page, 1).first().click();
  await runCommand(page, pseudo, 'command.openContact.title');
  const pick = page.locator('.quick-input-widget input.input');
  const titled = await waitFor(async () => PSEUDO_LETTER.test(await page.locator('.quick-input-widget .quick-input-title').innerText().catch(() => '')), UI_TIMEOUT, 100);
  assert.ok(titled, 'Open Contact shows its picker');
  checker.check('open contact title', await page.locator('.quick-input-widget .quick-input-title').innerText());
  await pick.fill(broken.display_name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: broken.display_name }).first();
  await row.waitFor({ timeout: UI_TIMEOUT });
  await row.click();
  const failed = await frameWith(page, '[data-testid="panel-error"]', UI_TIMEOUT);
  await checkPanel(failed, checker, 'panel error', datesIn(broken));
  checker.check('panel error text', await failed.locator('[data-testid="panel-error"]').innerText());
  checker.sawLocalized('panel error text');
  await shot(page, 'pseudo-locale-panel-error');
  console.log('  ✔ an error from the Close layer is localized in the panel');

  // A notification carrying a Close-layer error: a key check whose answer is not JSON.
  fake.setFaults({ malformed: { kind: 'html', path: '/me/' } });
  await runCommand(page, pseudo, 'command.setApiKey.title');
  const keyBox = page.locator('.quick-input-widget input.input[type="password"]');
  await keyBox.waitFor({ timeout: UI_TIMEOUT });
  await keyBox.fill(fake.apiKey);
  await keyBox.press('Enter');
  await checkNotifications(page, checker, 'error notification');
  fake.setFaults({});
  console.log('  ✔ an error notification with a Close-layer reason is localized');

}

const pseudo = generatePseudo();
process.on('exit', () => fs.rmSync(pseudo.dir, { recursive: true, force: true }));

runWorkbenchFlow({
  name: 'pseudo-locale',
  fake: { contacts: 60, seed: 4242 },
  server: { locale: LOCALE, prepareExtensions: (dir) => installPseudo(pseudo, dir) },
  async run(ui, server, fake) {
    await flow(ui, server, fake, pseudo);
    console.log(`e2e: every string checked is localized (${LOCALE})`);
  },
});
