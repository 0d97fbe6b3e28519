// Issue 11, point 4, driven through the real UI: sign in to organization A, add organization B
// with Add Organization (password box), see B's rows, switch back with the organization picker
// (status bar, then the view title) and see A's rows, and find both organizations in VS Code's
// Accounts menu (the `closeCrm` authentication provider).
//   node out/test/e2e/organizationsFlow.js [--vsix close-contacts.vsix]
import * as assert from 'assert';
import type { Page } from 'playwright-core';
import type { FakeClose, FakeTenant } from '../fake/server';
import type { WorkbenchBrowser } from '../host/browser';
import type { CodeServer } from '../host/codeServer';
import { waitFor } from '../host/wait';
import { runFromPalette, shot, signInThroughWelcome, treeRows, UI_TIMEOUT } from './ui';
import { runWorkbenchFlow } from './workbench';

const KEY_A = 'e2e_org_key_A_Vn3Kq8';
const KEY_B = 'e2e_org_key_B_Zt6Wm1';
const NAME_A = 'Example Sales Org';
const NAME_B = 'Beta Traders';

type Tenant = Pick<FakeTenant, 'dataset'>;

function leadNames(tenant: Tenant): Set<string> {
  return new Set(tenant.dataset.leads.map((l) => l.display_name || l.name).filter((n): n is string => !!n));
}

/** The view counts this organization's contacts, and every lead row on screen is one of its leads (none only the other has). */
async function showsOrganization(page: Page, tenant: Tenant, other: Tenant, name: string): Promise<void> {
  const total = tenant.dataset.contacts.length.toLocaleString('en-US');
  await page.locator(`.pane-header[aria-label*="${total} contacts"]`).first().waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  const own = leadNames(tenant);
  const foreign = [...leadNames(other)].filter((n) => !own.has(n));
  let labels: string[] = [];
  const ok = await waitFor(async () => {
    labels = (await treeRows(page, 1).locator('.label-name').allInnerTexts()).map((t) => t.trim());
    return labels.length > 0 && labels.every((l) => own.has(l) || l === 'No lead');
  }, UI_TIMEOUT, 200);
  assert.ok(ok, `the rows of ${name} are not all its leads: ${JSON.stringify(labels.slice(0, 10))}`);
  assert.ok(!labels.some((l) => foreign.includes(l)), `a lead of the other organization shows under ${name}`);
  await page.locator('.statusbar-item', { hasText: name }).first().waitFor({ timeout: UI_TIMEOUT });
}

async function pickOrganization(page: Page, name: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: UI_TIMEOUT });
  await row.click();
}

/** Sets closeCrm.organizationsView in the Settings editor (its drop-down), then closes the editor. */
async function setOrganizationsView(page: Page, value: 'one' | 'all'): Promise<void> {
  await runFromPalette(page, 'Preferences: Open Settings (UI)');
  const editor = page.locator('.settings-editor');
  await editor.waitFor({ timeout: UI_TIMEOUT });
  await editor.locator('.settings-header .monaco-editor').first().click();
  await page.keyboard.type('closeCrm.organizationsView');
  const item = editor.locator('.setting-item', { hasText: 'Organizations View' }).first();
  await item.waitFor({ timeout: UI_TIMEOUT });
  // The settings list re-renders while the search settles, which can swallow a click on the drop-down:
  // open it and choose again until the select holds the value.
  const select = item.locator('select.monaco-select-box');
  let chosen = false;
  for (let attempt = 0; attempt < 4 && !chosen; attempt++) {
    await select.click();
    const option = page.locator('.monaco-select-box-dropdown-container .monaco-list-row', { hasText: new RegExp(`^${value}`) }).first();
    if (await waitFor(() => option.isVisible(), 5_000, 100)) await option.click().catch(() => undefined);
    chosen = await waitFor(async () => (await select.inputValue()) === value, 5_000, 200);
  }
  assert.ok(chosen, `the Settings editor did not take ${value}`);
  await runFromPalette(page, 'View: Close Editor');
}

/** The tree's top-level rows, as label and description. */
async function topRows(page: Page): Promise<string[][]> {
  const rows = treeRows(page, 1);
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push([(await row.locator('.label-name').innerText()).trim(), (await row.locator('.label-description').allInnerTexts()).join('').trim()]);
  }
  return out;
}

/**
 * closeCrm.organizationsView "all": one top-level row per organization (the active one, B, marked
 * and open), A's group opened by a click shows A's leads, and a contact of A opens through A's key.
 */
async function allOrganizationsTree(page: Page, fake: FakeClose, second: FakeTenant): Promise<void> {
  await setOrganizationsView(page, 'all');
  const wanted = [
    [NAME_A, `${fake.dataset.contacts.length} contacts`],
    [NAME_B, `${second.dataset.contacts.length} contacts · active`],
  ];
  let rows: string[][] = [];
  const grouped = await waitFor(async () => {
    rows = await topRows(page).catch(() => []);
    return JSON.stringify(rows) === JSON.stringify(wanted);
  }, UI_TIMEOUT, 250);
  assert.ok(grouped, `the top-level rows are ${JSON.stringify(rows)}, not the two organizations`);
  const rowA = treeRows(page, 1).filter({ hasText: NAME_A }).first();
  assert.equal(await rowA.getAttribute('aria-expanded'), 'false', 'the organization not active starts shut');
  // A click toggles the row; should it land while the rows are redrawn, Right (which only opens) makes sure.
  const isOpen = async (): Promise<boolean> => (await rowA.getAttribute('aria-expanded')) === 'true';
  await rowA.click();
  const opened = await waitFor(async () => {
    if (await isOpen()) return true;
    await rowA.click({ modifiers: ['Control'] }).catch(() => undefined);
    await page.keyboard.press('ArrowRight');
    return isOpen();
  }, UI_TIMEOUT, 500);
  assert.ok(opened, `${NAME_A}'s row did not open`);
  // A lead only A has, under A's row.
  const leadsOfB = leadNames(second);
  const onlyA = [...leadNames(fake)].filter((n) => !leadsOfB.has(n));
  const leadA = treeRows(page, 2).filter({ hasText: new RegExp(`^(${onlyA.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`) }).first();
  // The opening clicks above can land out of order with the rows' redraw and leave the row shut
  // again (CI saw it once, with A's rows never shown): open it again while its leads are not there.
  const leadShown = await waitFor(async () => {
    if (await leadA.isVisible()) return true;
    if (!(await isOpen())) {
      await rowA.click().catch(() => undefined);
      await waitFor(isOpen, 2_000, 100);
    }
    return leadA.isVisible();
  }, UI_TIMEOUT, 500);
  assert.ok(leadShown, `no lead of ${NAME_A} showed under its row`);
  await shot(page, 'organizations-all');
  console.log(`  ✔ organizationsView "all": ${NAME_A} and ${NAME_B} are top-level groups, ${NAME_B} marked active`);

  // The pointer may rest on A's row since the clicks above, and its tooltip then covers the
  // first lead row (CI saw a click wait 30 s on it): move it away first.
  await page.mouse.move(0, 0);
  await leadA.click();
  const contact = treeRows(page, 3).first();
  await contact.waitFor({ timeout: UI_TIMEOUT });
  const label = (await contact.locator('.label-name').innerText()).trim();
  const ids = new Set(fake.dataset.contacts.filter((c) => (c.display_name || c.name) === label).map((c) => c.id));
  assert.ok(ids.size > 0, `${label} is not a contact of ${NAME_A}`);
  fake.resetRequests();
  // A click that lands while A's rows are redrawn opens nothing (CI saw it once): click the row
  // by its label again until its tab shows. Opening an open panel only reveals it.
  const row = treeRows(page, 3).filter({ hasText: label }).first();
  const tab = page.locator('.tab', { hasText: label }).first();
  let clicks = 0;
  const tabShown = await waitFor(async () => {
    if (await tab.isVisible()) return true;
    clicks++;
    await row.click({ timeout: 5_000 }).catch(() => undefined);
    return tab.isVisible();
  }, UI_TIMEOUT, 3_000);
  assert.ok(tabShown, `${clicks} clicks on ${label} under ${NAME_A} opened no panel`);
  if (clicks > 1) console.log(`  (${label}'s panel opened on click ${clicks})`);
  const fetched = (): typeof fake.requests => fake.requests.filter((r) => [...ids].some((id) => r.path.endsWith(`/contact/${id}/`)));
  assert.ok(await waitFor(() => fetched().some((r) => r.status === 200), UI_TIMEOUT, 200), `the panel did not load ${label}`);
  assert.deepEqual(new Set(fetched().map((r) => r.tenant)), new Set(['first']), `${label} of ${NAME_A} was asked for with ${NAME_A}'s key only`);
  await runFromPalette(page, 'View: Close All Editors');
  console.log(`  ✔ a contact of ${NAME_A} (not active) opened from its group with ${NAME_A}'s key`);

  await setOrganizationsView(page, 'one');
  await showsOrganization(page, second, fake, NAME_B);
  console.log(`  ✔ organizationsView "one": ${NAME_B}'s rows alone again`);
}

async function organizationsFlow(ui: WorkbenchBrowser, server: CodeServer, fake: FakeClose): Promise<void> {
  const { page } = ui;
  const second = fake.second as FakeTenant;
  await page.goto(server.workbenchUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT });

  await signInThroughWelcome(page, KEY_A);
  await showsOrganization(page, fake, second, NAME_A);
  console.log(`  ✔ signed in to ${NAME_A}; its name is in the status bar`);

  await runFromPalette(page, 'Close CRM: Add Organization');
  const input = page.locator('.quick-input-widget input.input');
  await page.locator('.quick-input-widget', { hasText: 'other Close organization' }).waitFor({ timeout: UI_TIMEOUT });
  assert.strictEqual(await input.getAttribute('type'), 'password', 'the key box must hide what is typed');
  await input.fill(KEY_B);
  await input.press('Enter');
  await showsOrganization(page, second, fake, NAME_B);
  await shot(page, 'organizations-added');
  console.log(`  ✔ Add Organization: ${NAME_B} is active and shows its own rows`);

  // The picker from the status bar item lists both organizations.
  await page.locator('.statusbar-item', { hasText: NAME_B }).first().click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: NAME_B }).first().waitFor({ timeout: UI_TIMEOUT });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Add Organization' }).first().waitFor({ timeout: UI_TIMEOUT });
  await shot(page, 'organizations-picker');
  await pickOrganization(page, NAME_A);
  await showsOrganization(page, fake, second, NAME_A);
  console.log(`  ✔ the status bar picker switched to ${NAME_A}: its rows are back`);

  // The same picker from the view title.
  await page.locator('.pane-header .action-label[aria-label^="Switch Organization"], .title-actions .action-label[aria-label^="Switch Organization"]').first().click({ timeout: UI_TIMEOUT });
  await pickOrganization(page, NAME_B);
  await showsOrganization(page, second, fake, NAME_B);
  console.log(`  ✔ the view title picker switched to ${NAME_B}`);

  await allOrganizationsTree(page, fake, second);

  // VS Code's Accounts menu lists both organizations under the Close CRM provider.
  await page.locator('.activitybar [aria-label="Accounts"]').first().click({ timeout: UI_TIMEOUT });
  const menu = page.locator('.monaco-menu-container, .context-view .monaco-menu').first();
  await menu.waitFor({ timeout: UI_TIMEOUT });
  for (const name of [NAME_A, NAME_B]) {
    await menu.locator('.action-item', { hasText: `${name} (Close CRM)` }).first().waitFor({ timeout: UI_TIMEOUT });
  }
  await shot(page, 'organizations-accounts-menu');
  console.log('  ✔ the Accounts menu lists both organizations (Close CRM)');

  // Its Sign Out (VS Code confirms) signs that organization out, and only that one.
  await menu.locator('.action-item', { hasText: `${NAME_A} (Close CRM)` }).first().hover();
  const signOut = page.locator('.monaco-menu .action-item', { hasText: /^Sign Out$/ }).first();
  await signOut.waitFor({ timeout: UI_TIMEOUT });
  const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Sign Out$/ }).first();
  // A click that lands while the submenu is still being laid out can be lost (the item shows
  // hovered, nothing runs): click again while the menu item is there and no dialog came.
  const asked = await waitFor(
    async () => {
      if (await confirm.isVisible()) {
        return true;
      }
      if (await signOut.isVisible()) {
        await signOut.click({ timeout: 5000 }).catch(() => undefined);
      }
      return confirm.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
      );
    },
    UI_TIMEOUT,
    0,
  );
  assert.ok(asked, 'the Accounts menu\'s Sign Out shows no confirmation');
  await shot(page, 'organizations-sign-out-confirm');
  await confirm.click();
  // The menu is drawn when it opens: open it again until it no longer lists A.
  let listed: string[] = [];
  const gone = await waitFor(async () => {
    await page.locator('.activitybar [aria-label="Accounts"]').first().click({ timeout: UI_TIMEOUT });
    await menu.locator('.action-item', { hasText: '(Close CRM)' }).first().waitFor({ timeout: UI_TIMEOUT });
    listed = (await menu.locator('.action-item').allInnerTexts()).map((t) => t.trim());
    await page.keyboard.press('Escape');
    return listed.some((t) => t.includes(`${NAME_B} (Close CRM)`)) && !listed.some((t) => t.includes(`${NAME_A} (Close CRM)`));
  }, UI_TIMEOUT, 500);
  assert.ok(gone, `after its Sign Out the Accounts menu lists ${JSON.stringify(listed)}`);
  await showsOrganization(page, second, fake, NAME_B);
  console.log(`  ✔ Sign Out in the Accounts menu signed ${NAME_A} out; ${NAME_B} stays with its rows`);

  // With two organizations again, Sign Out asks which: this one or all.
  await runFromPalette(page, 'Close CRM: Add Organization');
  await page.locator('.quick-input-widget', { hasText: 'other Close organization' }).waitFor({ timeout: UI_TIMEOUT });
  await input.fill(KEY_A);
  await input.press('Enter');
  await showsOrganization(page, fake, second, NAME_A);
  await runFromPalette(page, 'Close CRM: Sign Out');
  const onlyThis = page.locator('.monaco-dialog-box .monaco-button', { hasText: `Sign Out of ${NAME_A}` }).first();
  await onlyThis.waitFor({ timeout: UI_TIMEOUT });
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Sign Out of All 2 Organizations' }).first().waitFor({ timeout: UI_TIMEOUT });
  await shot(page, 'organizations-sign-out-choice');
  await onlyThis.click();
  await showsOrganization(page, second, fake, NAME_B);
  console.log(`  ✔ Sign Out asked "this organization or all"; signing out of ${NAME_A} left ${NAME_B}`);
}

runWorkbenchFlow({
  name: 'organizations',
  fake: { contacts: 70, seed: 1201, apiKey: KEY_A, secondOrganization: { apiKey: KEY_B, contacts: 40, seed: 1202, name: NAME_B } },
  async run(ui, server, fake) {
    await organizationsFlow(ui, server, fake);
    console.log('e2e: several organizations passed');
  },
});
