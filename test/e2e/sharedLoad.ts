// Issue 10, point 3 in the real VS Code: three windows of one code-server (one global storage)
// started together load the organization once. Window 1 signs in and measures what one load
// costs (Refresh Contacts); then the cache is deleted, window 1 closed, and three windows are
// opened at once: they must all show the full tree, only one of them loading (a window that
// comes up during the load says "Loading in another window…"), with at most 1.1x the requests
// of one load (requests Close answered; 429s, which re-send a page, are printed beside).
// Prints mocha-style lines and the figure as MET/MISSED; exit code 0 when all pass.
//   node out/test/e2e/sharedLoad.js [--vsix close-contacts.vsix] [--contacts 12000]
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { RemoteFake } from '../../bench/remoteFake';
import { openBrowser, type WorkbenchBrowser } from '../host/browser';
import { startCodeServer, type CodeServer } from '../host/codeServer';
import { REPO_ROOT } from '../host/paths';
import { waitFor } from '../host/wait';
import { arg, runFromPalette, shot, showCloseView, signInThroughWelcome, treeRows, UI_TIMEOUT } from './ui';

const TARGET = 1.1;

async function gotoWorkbench(page: Page, server: CodeServer): Promise<void> {
  await page.goto(server.workbenchUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT });
}

/** A new window with the Close CRM side bar open (its activity-bar entry toggles: click until shown). */
async function openWindow(page: Page, server: CodeServer): Promise<void> {
  await gotoWorkbench(page, server);
  await showCloseView(page);
}

/** The view's message (shown above the rows), or its welcome text while it has none. */
async function viewMessage(page: Page): Promise<string> {
  const welcome = await page.locator('.pane-body .welcome-view-content').first().innerText({ timeout: 500 }).catch(() => '');
  if (welcome.trim()) return welcome.trim();
  return page.locator('.pane-body .message').first().innerText({ timeout: 500 }).catch(() => '');
}

async function showsAll(page: Page, contacts: number): Promise<boolean> {
  const total = contacts.toLocaleString('en-US');
  return (await treeRows(page, 1).count().catch(() => 0)) > 0 && (await viewMessage(page)).startsWith(`${total} contacts`);
}

async function main(): Promise<number> {
  const vsix = path.resolve(arg('--vsix') ?? path.join(REPO_ROOT, 'close-contacts.vsix'));
  if (!fs.existsSync(vsix)) {
    console.error(`sharedLoad: ${vsix} is missing. Run: npm run package`);
    return 2;
  }
  const contacts = Number(arg('--contacts') ?? 12_000);
  // Close-like pacing, so a load lasts long enough for the windows to meet. The fake runs in a
  // process of its own: in this one, the polling of three pages would hold up its clock and with
  // it the start of its rate windows.
  const fake = await RemoteFake.start({ contacts, leads: Math.ceil(contacts / 5), seed: 1010, latencyMs: 150, rateLimitPerSecond: 20 });
  let server: CodeServer | undefined;
  let ui: WorkbenchBrowser | undefined;
  const failures: string[] = [];
  let figure = '';
  try {
    server = await startCodeServer({ installVsix: vsix, settings: { 'closeCrm.apiBaseUrl': fake.url } });
    ui = await openBrowser(server.origin);
    const first = ui.page;
    await gotoWorkbench(first, server);
    await signInThroughWelcome(first, fake.apiKey);
    assert.ok(await waitFor(() => showsAll(first, contacts), UI_TIMEOUT * 2, 200), 'window 1 did not show every contact after signing in');

    // One window's load: an explicit Refresh always loads, even with a fresh cache.
    await fake.reset();
    await runFromPalette(first, 'Close CRM: Refresh Contacts');
    assert.ok(await waitFor(async () => (await fake.stats()).requests > 0, UI_TIMEOUT, 100), 'Refresh Contacts sent nothing');
    assert.ok(await waitFor(() => showsAll(first, contacts), UI_TIMEOUT * 2, 200), 'window 1 did not show every contact after Refresh');
    const singleStats = await fake.stats();
    const single = singleStats.requests;
    console.log(`  one window: Refresh Contacts made ${single} requests (${singleStats.status429} answered 429)`);
    await first.close();

    // A fresh start everywhere: no cache (it is in the global storage all windows share).
    const cacheDir = path.join(server.userDataDir, 'User', 'globalStorage', 'close-contacts.close-contacts', 'contacts-cache');
    assert.ok(fs.existsSync(cacheDir), `no cache folder at ${cacheDir}`);
    fs.rmSync(cacheDir, { recursive: true, force: true });
    await fake.reset();

    const pages = await Promise.all([0, 1, 2].map(() => ui!.context.newPage()));
    const messages: string[][] = pages.map(() => []);
    let watching = true;
    const watchers = pages.map(async (page, i) => {
      while (watching) {
        const text = await viewMessage(page);
        if (text && messages[i][messages[i].length - 1] !== text) messages[i].push(text);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    await Promise.all(pages.map((page) => openWindow(page, server!)));
    const allShown = await waitFor(async () => (await Promise.all(pages.map((p) => showsAll(p, contacts)))).every(Boolean), UI_TIMEOUT * 2, 250);
    watching = false;
    await Promise.all(watchers);
    for (const [i, page] of pages.entries()) await shot(page, `shared-load-window-${i + 1}`);
    const threeStats = await fake.stats();
    const three = threeStats.requests;
    // A 429 sends the same page again: it is the pacing's (three windows starting at once load
    // the machine), not a second load. The ratio counts the requests Close answered; the 429s are
    // printed beside it.
    const answeredThree = three - threeStats.status429;
    const answeredSingle = single - singleStats.status429;
    const ratio = answeredThree / answeredSingle;
    figure =
      `3 windows started together: ${answeredThree} requests answered; 1 window: ${answeredSingle}; ratio ${ratio.toFixed(2)}x (target ≤ ${TARGET}x) ${ratio <= TARGET ? 'MET' : 'MISSED'}` +
      ` (with the 429s: ${three} against ${single}, ${(three / single).toFixed(2)}x; ${threeStats.status429} answered 429)`;
    console.log(`  ${figure}`);
    const followed = messages.filter((seen) => seen.some((m) => m.startsWith('Loading in another window…'))).length;
    const loaded = messages.filter((seen) => seen.some((m) => m.startsWith('Loading contacts…'))).length;
    // A window that opens after the load is done shows the fresh cache at once: it neither loads nor follows.
    console.log(`  windows that loaded: ${loaded}; that said "Loading in another window…": ${followed}; of 3`);
    if (!allShown) failures.push('not every window showed the full tree');
    if (ratio > TARGET) failures.push(`three windows made ${ratio.toFixed(2)}x the requests of one`);
    if (loaded > 1) failures.push(`${loaded} windows loaded (messages: ${JSON.stringify(messages)})`);
    if (followed < 1) failures.push(`no window said "Loading in another window…" (messages: ${JSON.stringify(messages)})`);
  } catch (err) {
    failures.push(err instanceof Error ? err.message : String(err));
    if (ui) await shot(ui.page, 'shared-load-failure').catch(() => undefined);
  } finally {
    await ui?.close();
    await server?.stop();
    await fake.close();
  }
  console.log('');
  if (failures.length === 0) {
    console.log('  ✔ three windows share one load, all show the full tree\n\n  1 passing');
  } else {
    console.log(`  ✘ three windows share one load\n\n  0 passing\n  1 failing\n\n  ${failures.join('\n  ')}`);
  }
  const out = path.join(REPO_ROOT, 'test-results', 'shared-load.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ figure, failures }, null, 2));
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`sharedLoad: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
