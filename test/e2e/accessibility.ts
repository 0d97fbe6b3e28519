// Accessibility through the real UI: what a screen reader is told for tree rows and in the
// detail panel, a copy made with the keyboard alone, the panel tab's icon, and the workbench in
// the dark and high-contrast themes (screenshots for the README).
//   node out/test/e2e/accessibility.js [--vsix close-contacts.vsix]
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import type { FakeClose } from '../fake/server';
import type { WorkbenchBrowser } from '../host/browser';
import type { CodeServer } from '../host/codeServer';
import { waitFor } from '../host/wait';
import { frameWith, readClipboard, runFromPalette, shot, signInThroughWelcome, treeRows, UI_TIMEOUT, waitForSavedPanel } from './ui';
import { runWorkbenchFlow } from './workbench';

async function activeTestId(frame: Frame): Promise<string | null> {
  return (await frame.evaluate('document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.testid ?? null : null')) as string | null;
}

/** Sets the colour theme in the user settings and reloads the window; the panel comes back by itself. */
async function useTheme(page: Page, server: CodeServer, settings: Record<string, unknown>, theme: string, workbenchClass: string, contactId: string): Promise<Frame> {
  await waitForSavedPanel(page, [contactId]);
  fs.writeFileSync(path.join(server.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2));
  await page.reload();
  await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ timeout: UI_TIMEOUT });
  await treeRows(page, 1).first().waitFor({ timeout: UI_TIMEOUT });
  return frameWith(page, '[data-testid="copy-email"]', UI_TIMEOUT);
}

async function flow(ui: WorkbenchBrowser, server: CodeServer, fake: FakeClose): Promise<void> {
  const { page } = ui;
  await page.goto(server.workbenchUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT });
  await signInThroughWelcome(page, fake.apiKey);
  const lead = treeRows(page, 1).first();
  await lead.waitFor({ timeout: UI_TIMEOUT });
  const total = fake.dataset.contacts.length.toLocaleString('en-US');
  await page.locator(`.pane-header[aria-label*="${total} contacts"]`).first().waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  const leadLabel = (await lead.getAttribute('aria-label')) ?? '';
  assert.match(leadLabel, /^.+, lead, \d+ contacts?( · .+)?$/, `a lead row is read as "Acme Corp, lead, 6 contacts · Qualified", not "${leadLabel}"`);
  console.log(`  ✔ lead row read as "${leadLabel}"`);

  // Keyboard only from here: palette, search, Enter opens the panel.
  const target = fake.dataset.contacts.find((c) => c.display_name && (c.emails?.length ?? 0) > 0 && (c.phones?.length ?? 0) > 0);
  assert.ok(target, 'the fake data has a contact with an email and a phone');
  const email = target.emails?.[0]?.email ?? '';
  await runFromPalette(page, 'Search Contacts');
  await page.locator('.quick-input-widget input.input[placeholder^="Search"]').waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.type(target.display_name);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: target.display_name }).first().waitFor({ timeout: UI_TIMEOUT });
  // The pick refilters as the last keys arrive; an Enter during that is dropped, so press until it closes.
  const pick = page.locator('.quick-input-widget');
  const closed = await waitFor(async () => {
    if (!(await pick.isVisible())) return true;
    await page.keyboard.press('Enter');
    return pick.waitFor({ state: 'hidden', timeout: 2000 }).then(() => true, () => false);
  }, UI_TIMEOUT, 0);
  assert.ok(closed, 'Enter on the search result opens it');
  const frame = await frameWith(page, '[data-testid="contact-name"]', UI_TIMEOUT);
  await frame.locator('[data-testid="copy-email"]').first().waitFor({ timeout: UI_TIMEOUT });

  const tree = await frame.locator('body').ariaSnapshot();
  for (const want of [`heading "${target.display_name}" [level=1]`, 'heading "Emails" [level=2]', 'heading "Phones" [level=2]', `button "Copy email ${email}"`, `link "${email}"`]) {
    assert.ok(tree.includes(want), `the panel's accessibility tree has ${want}:\n${tree}`);
  }
  assert.strictEqual(await frame.locator('#announcer[aria-live="polite"]').count(), 1, 'a live region for announcements');
  console.log('  ✔ panel accessibility tree: name heading, section headings, labelled links and buttons, live region');

  // Focus into the panel, then Tab to the copy button and press Space.
  await page.evaluate('navigator.clipboard.writeText("(before)")');
  await frame.locator('body').focus();
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await activeTestId(frame)) === 'copy-email';
  }
  assert.ok(reached, 'Tab reaches the Copy email button');
  await page.keyboard.press('Space');
  let clip = '';
  assert.ok(await waitFor(async () => (clip = await readClipboard(page).catch(() => '')) === email, 15_000, 200), `clipboard holds "${clip}", expected "${email}"`);
  assert.ok(
    await waitFor(async () => (await frame.locator('#announcer').textContent()) === 'Email copied', 5000, 50),
    'the copy is announced to screen readers',
  );
  console.log('  ✔ keyboard-only copy: Tab to Copy, Space, clipboard holds the email, "Email copied" announced');

  // A string expression: this code is compiled without the DOM lib.
  const tabIcon = String(
    await page.evaluate(`getComputedStyle(document.querySelector('.tabs-container .tab.active .monaco-icon-label'), '::before').backgroundImage`),
  );
  assert.match(tabIcon, /contact-(light|dark)\.svg/, `the panel's tab shows the contact icon (got ${tabIcon})`);
  console.log('  ✔ panel tab has its icon');

  await shot(page, 'theme-light');
  const settings = JSON.parse(fs.readFileSync(path.join(server.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
  await useTheme(page, server, settings, 'Default Dark Modern', 'vs-dark', target.id);
  await shot(page, 'theme-dark');
  await useTheme(page, server, settings, 'Default High Contrast', 'hc-black', target.id);
  await shot(page, 'theme-high-contrast');
  console.log('  ✔ screenshots in the light, dark and high-contrast themes');
}

runWorkbenchFlow({
  name: 'accessibility',
  fake: { contacts: 300, seed: 77 },
  async run(ui, server, fake) {
    await flow(ui, server, fake);
    console.log('e2e: accessibility passed');
  },
});
