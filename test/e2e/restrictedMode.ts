// Restricted Mode: a stranger's folder, workspace trust on, the trust prompt answered "No".
// VS Code disables extensions that do not declare they work there; this one reads no workspace
// file, so the view, search and the detail panel must all still work.
//   node out/test/e2e/restrictedMode.js [--vsix close-contacts.vsix]
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FakeClose } from '../fake/server';
import type { WorkbenchBrowser } from '../host/browser';
import type { CodeServer } from '../host/codeServer';
import { frameWith, runFromPalette, shot, signInThroughWelcome, treeRows, UI_TIMEOUT } from './ui';
import { runWorkbenchFlow } from './workbench';

async function restrictedFlow(ui: WorkbenchBrowser, server: CodeServer, fake: FakeClose): Promise<void> {
  const { page } = ui;
  await page.goto(server.workbenchUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT });
  const distrust = page.getByRole('button', { name: /^No, I don.t trust the authors/ });
  await distrust.waitFor({ timeout: UI_TIMEOUT });
  await shot(page, 'restricted-trust-prompt');
  await distrust.click();
  // The workbench says so in its status bar and window title.
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: UI_TIMEOUT });
  console.log('  ✔ folder opened in Restricted Mode');

  await signInThroughWelcome(page, fake.apiKey);
  await treeRows(page, 1).first().waitFor({ timeout: UI_TIMEOUT });
  const total = fake.dataset.contacts.length.toLocaleString('en-US');
  await page.locator(`.pane-header[aria-label*="${total} contacts"]`).first().waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  console.log(`  ✔ signed in; all ${total} contacts in the tree`);

  const target = fake.dataset.contacts.find((c) => c.display_name && (c.emails?.length ?? 0) > 0);
  assert.ok(target, 'the fake data has a named contact with an email');
  await runFromPalette(page, 'Search Contacts');
  await page.locator('.quick-input-widget input.input').fill(target.display_name);
  const hit = page.locator('.quick-input-list .monaco-list-row', { hasText: target.display_name }).first();
  await hit.waitFor({ timeout: UI_TIMEOUT });
  console.log(`  ✔ search finds "${target.display_name}"`);
  await hit.click();
  const frame = await frameWith(page, '[data-testid="contact-name"]', UI_TIMEOUT);
  await frame.locator('[data-testid="contact-name"]', { hasText: target.display_name }).waitFor({ timeout: UI_TIMEOUT });
  await shot(page, 'restricted-mode');
  console.log('  ✔ the detail panel opens');
}

// A folder with content, as a cloned repository would be.
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'close-untrusted-'));
fs.writeFileSync(path.join(folder, 'README.md'), "# Someone else's project\n");
process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));

runWorkbenchFlow({
  name: 'restricted',
  fake: { contacts: 200, seed: 909 },
  server: { folder, workspaceTrust: true },
  async run(ui, server, fake) {
    await restrictedFlow(ui, server, fake);
    console.log('e2e: Restricted Mode passed');
  },
});
