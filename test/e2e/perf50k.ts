// 50,000 contacts in the real VS Code (issue 4, last paragraph), through the real UI: code-server
// with the extension, the fake Close server at 150 ms latency and 20 requests/s per key (as the
// benchmark). First, with nothing loading, the probes below give the window's own floor. Then,
// from the Enter that runs "Close CRM: Refresh Contacts" (typed after F1) on an empty tree, the
// time to the first lead row and to the full tree (the view description reads "50,000 contacts"),
// and how responsive the window stays meanwhile: every 250 ms a command-palette round trip (open,
// shown, Escape, hidden) and the longest gap between animation frames. A measurement: it fails
// only if the load never completes, if the lead rows are not paged (or Show More Leads shows
// nothing more), or, with --check-streaming (as `npm run test:e2e` runs it on 10,000 contacts), if
// no lead row showed before the whole list was in: rows must stream in as pages arrive. Then, on
// the full tree, the round trip of Filter Contacts (the filter typed into the box until the view
// shows its rows and description) and of a click on Show More Leads. Last, the window is reloaded
// with the fake's latency raised to 5 s (a slow network) and the time from the workbench showing
// to the first lead row (from the disk cache) is taken. Writes test-results/perf-vscode-<contacts>.json.
//   node out/test/e2e/perf50k.js [--contacts 50000] [--latency 150] [--rate 20] [--vsix close-contacts.vsix | --dev] [--check-streaming]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { ContactFilter } from '../../src/model/contactFilter';
import { ContactStore } from '../../src/model/contactStore';
import { toSummary, type ContactSummary } from '../../src/model/contactSummary';
import { SearchIndex } from '../../src/model/search/searchIndex';
import { RemoteFake } from '../../bench/remoteFake';
import { generateDataset, type FakeDataset } from '../fake/server';
import { openBrowser, type WorkbenchBrowser } from '../host/browser';
import { browserState, entriesContaining, SECRET_STORE_ENTRY } from '../host/perfBrowserState';
import { startCodeServer, type CodeServer } from '../host/codeServer';
import { REPO_ROOT } from '../host/paths';
import { latestHostTimeline } from './hostTimeline';
import { arg, runFromPalette, shot, treeRows, typeInPalette, UI_TIMEOUT } from './ui';

const LOAD_TIMEOUT_MS = 10 * 60_000;
const PROBE_EVERY_MS = 250;
const FAKE_SEED = 5151;
/** The extension takes this key at start for a loopback base URL (the demo's way in), so no sign-in load precedes the Refresh. */
const DEMO_KEY_ENV = 'CLOSE_CONTACTS_DEMO_KEY';

/**
 * Records in the page the longest gap between animation frames since the last reset
 * (`window.__perfMaxGap`), the longest that neither holds nor starts right after a palette probe
 * (`window.__perfMaxGapOutsideProbes`: the probe's own F1 and Escape take 90-230 ms of the
 * renderer on this machine while a load runs), and each palette round trip as the window itself sees it
 * (`window.__perfPalette`): from the F1 key event to the first frame that shows the palette,
 * plus from the Escape key event to the first frame without it. The driver's own round trip
 * adds Playwright's messages and polling to that.
 */
const FRAME_WATCH = `(() => {
  const w = window;
  if (w.__perfWatching) return;
  w.__perfWatching = true;
  w.__perfMaxGap = 0;
  w.__perfMaxGapOutsideProbes = 0;
  w.__perfPalette = [];
  // The last moment the probe was at work: a key event, or a frame with the palette shown or just hidden.
  let probeAt = -1;
  let keyAt = 0;
  let opened = 0;
  let shown = false;
  document.addEventListener('keydown', (e) => { if (e.key === 'F1' || e.key === 'Escape') { keyAt = e.timeStamp; probeAt = Math.max(probeAt, e.timeStamp); } }, true);
  let last = performance.now();
  const tick = (t) => {
    w.__perfMaxGap = Math.max(w.__perfMaxGap, t - last);
    if (probeAt < last) w.__perfMaxGapOutsideProbes = Math.max(w.__perfMaxGapOutsideProbes, t - last);
    last = t;
    const widget = document.querySelector('.quick-input-widget');
    const now = widget !== null && widget.style.display !== 'none';
    if (now || shown) probeAt = t;
    if (now !== shown && keyAt > 0) {
      const ms = performance.now() - keyAt;
      if (now) opened = ms;
      else w.__perfPalette.push(opened + ms);
    }
    shown = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const RESET_GAPS = 'window.__perfMaxGap = 0; window.__perfMaxGapOutsideProbes = 0';

/** The in-page palette round trips since the last call, and a fresh start for the next ones. */
async function takeInPagePalette(page: Page): Promise<number[]> {
  return (await page.evaluate('(() => { const t = window.__perfPalette; window.__perfPalette = []; return t; })()')) as number[];
}

function summary(values: readonly number[]): { samples: number; p50: number; p95: number; worst: number } {
  return { samples: values.length, p50: Math.round(percentile(values, 50)), p95: Math.round(percentile(values, 95)), worst: Math.round(Math.max(0, ...values)) };
}

/** Lead rows of the Contacts tree (their description counts contacts; action rows have none). */
const TREE_STATE = (total: string): string => `(() => {
  const rows = [...document.querySelectorAll('.pane-body .monaco-list-row[aria-level="1"]')];
  const leads = rows.filter((r) => /\\d contacts?( · .+)?$/.test((r.querySelector('.label-description') || {}).textContent || ''));
  const full = [...document.querySelectorAll('.pane-header')].some((h) => (h.getAttribute('aria-label') || '').includes(${JSON.stringify(`${total} contacts`)}));
  return { leads: leads.length, full };
})()`;

/** True once the view shows the filter's description and only its lead rows (and maybe the Show More Leads row). */
const FILTER_SHOWN = (description: string, leads: readonly string[]): string => `(() => {
  const header = [...document.querySelectorAll('.pane-header')].some((h) => (h.getAttribute('aria-label') || '').includes(${JSON.stringify(description)}));
  const want = new Set(${JSON.stringify(leads)});
  const rows = [...document.querySelectorAll('.pane-body .monaco-list-row[aria-level="1"] .label-name')].map((n) => n.textContent.trim()).filter((r) => r !== 'Show More Leads');
  return header && (rows.length > 0 || want.size === 0) && rows.every((r) => want.has(r));
})()`;

interface TreeState {
  leads: number;
  full: boolean;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Opens the command palette, waits until it shows, closes it and waits until it is gone: ms taken. */
async function paletteRoundTrip(page: Page): Promise<number> {
  const started = performance.now();
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('F1');
  await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.keyboard.press('Escape');
  await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  return performance.now() - started;
}

const IDLE_SAMPLES = 24;

/** Palette round trips and the longest frame gap with nothing loading, probed as during the load. */
async function idleBaseline(page: Page): Promise<Record<string, unknown>> {
  await page.evaluate(RESET_GAPS);
  await takeInPagePalette(page);
  const trips: number[] = [];
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    const started = performance.now();
    trips.push(await paletteRoundTrip(page));
    const wait = PROBE_EVERY_MS - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return {
    paletteRoundTripMs: summary(trips),
    paletteInPageMs: summary(await takeInPagePalette(page)),
    longestFrameGapMs: Math.round(Number(await page.evaluate('window.__perfMaxGap'))),
    longestFrameGapOutsideProbesMs: Math.round(Number(await page.evaluate('window.__perfMaxGapOutsideProbes'))),
  };
}

/**
 * Filter round trips on the full tree: the Filter Contacts box is opened, the filter typed in
 * at once, and the time runs until the view shows the filter's description and only its lead
 * rows. What must show comes from the extension's own model over the server's data.
 */
async function measureFilterRoundTrips(page: Page, dataset: FakeDataset, total: string): Promise<Record<string, unknown>> {
  const store = new ContactStore();
  const index = new SearchIndex((leadId) => store.membersOf(leadId));
  store.setLeadNames(dataset.leads.map((l) => [l.id, l.display_name ?? l.id]));
  store.setLeadStatuses(dataset.leads.filter((l) => l.status_label).map((l) => [l.id, l.status_label as string]));
  dataset.leads.forEach((l) => index.setLeadName(l.id, l.display_name ?? l.id));
  const summaries = dataset.contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
  store.upsert(summaries);
  index.upsert(summaries);
  const filter = new ContactFilter(store, index);
  const named = dataset.leads.filter((l) => (l.display_name ?? '').length > 6);
  // A first name of the data (some contacts have no name at all).
  const first = dataset.contacts.map((c) => (c.display_name ?? '').trim().split(/\s+/)[0] ?? '').find((w) => w.length >= 3) ?? 'ann';
  const queries = [named[3]?.display_name, named[50]?.display_name, first, first.slice(0, 2), 'status:qualified', `status:cust ${first}`, '650 3'].filter(
    (q): q is string => typeof q === 'string' && q.length > 0,
  );
  // The rows on screen (some dozens) of the unfiltered tree are among its first hundred leads.
  const unfiltered = store.groups().slice(0, 100).map((g) => g.label);
  const trips: { query: string; matched: number; leads: number; ms: number }[] = [];
  const rootRefreshGaps: number[] = [];
  const input = page.locator('.quick-input-widget input.input');
  for (const query of queries) {
    const result = filter.apply(query);
    const description = `Filter: ${query} · ${result.matched.toLocaleString('en-US')} of ${total}`;
    const leads = result.groups().map((g) => g.label);
    await runFromPalette(page, 'Close CRM: Filter Contacts');
    // The palette and the filter box share the input: the clock starts once the box is up.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Filter Contacts' }).waitFor({ timeout: UI_TIMEOUT });
    await input.waitFor({ timeout: UI_TIMEOUT });
    const started = performance.now();
    await input.fill(query);
    await page.waitForFunction(FILTER_SHOWN(description, leads), undefined, { timeout: UI_TIMEOUT, polling: 10 });
    trips.push({ query, matched: result.matched, leads: leads.length, ms: Math.round(performance.now() - started) });
    // Escape puts back the unfiltered tree; the next trip starts once its first rows are back.
    // That is one refresh of every lead row at the root, with nothing else going on: its
    // longest frame gap is what VS Code's renderer needs for one update of the whole list.
    await page.evaluate(RESET_GAPS);
    await input.press('Escape');
    await page.waitForFunction(FILTER_SHOWN(`${total} contacts`, unfiltered), undefined, { timeout: UI_TIMEOUT, polling: 50 });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    rootRefreshGaps.push(Number(await page.evaluate('window.__perfMaxGap')));
  }
  return {
    ...summary(trips.map((t) => t.ms)),
    trips,
    /** Longest frame gap while the unfiltered tree (every lead row) came back after each filter: one full root refresh. */
    rootRefreshFrameGapMs: { p50: Math.round(percentile(rootRefreshGaps, 50)), worst: Math.round(Math.max(0, ...rootRefreshGaps)) },
  };
}

/** closeCrm.treeLeadRows' default. */
const TREE_PAGE = 1000;

/** Root rows VS Code has (every row's `aria-setsize` at the first level), or 0 before any shows. */
const ROOT_ROWS = `(() => {
  const row = document.querySelector('.pane-body .monaco-list-row[aria-level="1"]');
  return row ? Number(row.getAttribute('aria-setsize')) : 0;
})()`;

/**
 * The tree shows a page of lead rows and a Show More Leads row: it is reached with End in the
 * tree and clicked, and the time runs until VS Code's tree holds the next page. Fails if the
 * rows are not paged, or the click shows nothing more. 0 when every lead fits on one page.
 */
async function showMoreLeads(page: Page, dataset: FakeDataset): Promise<number> {
  const withContacts = new Set(dataset.contacts.map((c) => c.lead_id ?? null));
  const groups = withContacts.size;
  const leads = groups - (withContacts.has(null) ? 1 : 0);
  if (groups <= TREE_PAGE) {
    return 0;
  }
  await page.waitForFunction(`${ROOT_ROWS} === ${TREE_PAGE + 1}`, undefined, { timeout: UI_TIMEOUT });
  await page.locator('.pane-body .monaco-list').first().focus();
  await page.keyboard.press('End');
  const more = treeRows(page, 1).filter({ hasText: 'Show More Leads' });
  await more.waitFor({ timeout: UI_TIMEOUT });
  const description = `${TREE_PAGE.toLocaleString('en-US')} of ${leads.toLocaleString('en-US')} leads shown`;
  if (!((await more.locator('.label-description').textContent()) ?? '').includes(description)) {
    throw new Error(`the Show More Leads row does not read "${description}"`);
  }
  await shot(page, 'perf50k-show-more-leads');
  const started = performance.now();
  await more.click();
  const shown = Math.min(groups, 2 * TREE_PAGE);
  await page.waitForFunction(`${ROOT_ROWS} === ${shown + (groups > shown ? 1 : 0)}`, undefined, { timeout: UI_TIMEOUT, polling: 10 });
  return Math.round(performance.now() - started);
}

/** The cache file of the fake's organization once it holds every contact (header `total`). */
async function waitForFullCache(server: CodeServer, contacts: number): Promise<void> {
  const dir = path.join(server.userDataDir, 'User', 'globalStorage', 'close-contacts.close-contacts', 'contacts-cache');
  const deadline = Date.now() + LOAD_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')) : [];
    for (const file of files) {
      const fd = fs.openSync(path.join(dir, file), 'r');
      try {
        const head = Buffer.alloc(256);
        const read = fs.readSync(fd, head, 0, head.length, 0);
        if (new RegExp(`"total":${contacts}[,}]`).test(head.subarray(0, read).toString('utf8'))) {
          return;
        }
      } finally {
        fs.closeSync(fd);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no cache of ${contacts} contacts was written in ${dir}`);
}

const SLOW_NETWORK_MS = 5000;

function logFiles(userDataDir: string): string[] {
  const walk = (dir: string): string[] =>
    fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])) : [];
  return walk(path.join(userDataDir, 'logs'));
}

/**
 * What the extension's log says of the load ("Loaded 50000 contacts in 500 pages (560 requests,
 * 28312 ms)"): the loader's own time, from its start in the extension host to the last page,
 * apart from the view's way to the screen. Undefined if the line does not come within 5 s.
 */
async function loaderFigures(userDataDir: string, contacts: number): Promise<{ loaderMs: number; requests: number; tripMs?: number; slackMs?: number; othersPerWindow: number } | undefined> {
  const line = new RegExp(`Loaded ${contacts} contacts in .*\\((\\d+) requests, (\\d+) ms(?:.*round trip (\\d+) ms at the median, (\\d+) ms of slack)?(?:.*other clients of the key took up to (\\d+))?`);
  for (let tries = 0; tries < 50; tries++) {
    for (const file of logFiles(userDataDir).filter((f) => f.endsWith('Close CRM.log'))) {
      const found = fs.readFileSync(file, 'utf8').split('\n').map((l) => line.exec(l)).filter((m) => m !== null).at(-1);
      if (found) {
        // The pacing at the load's end (slack: how much later each window started than its limit needed).
        const pacing = found[3] === undefined ? {} : { tripMs: Number(found[3]), slackMs: Number(found[4]) };
        // Requests a window the limiter saw other clients of the key take (none: the line says nothing).
        return { requests: Number(found[1]), loaderMs: Number(found[2]), ...pacing, othersPerWindow: Number(found[5] ?? 0) };
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

/** With --debug-reload: the extension host's and the extension's log lines, to see where a reload's time goes. */
function printHostLogs(userDataDir: string): void {
  for (const file of logFiles(userDataDir).filter((f) => /exthost|Close CRM|renderer|remoteagent/i.test(f))) {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => /close|activat|Extension host|started|ready/i.test(l));
    console.log(`--- ${path.relative(userDataDir, file)}\n${lines.slice(-40).join('\n')}`);
  }
}

async function measureReload(page: Page, server: CodeServer, fake: RemoteFake, contacts: number): Promise<Record<string, number>> {
  await waitForFullCache(server, contacts);
  const latency = Number(arg('--latency') ?? 150);
  await fake.setLatency(SLOW_NETWORK_MS);
  await fake.reset();
  try {
    const t0 = performance.now();
    const wallT0 = Date.now();
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT });
    const workbenchMs = performance.now() - t0;
    let rowsMs: number | undefined;
    while (rowsMs === undefined && performance.now() - t0 < LOAD_TIMEOUT_MS) {
      const state = (await page.evaluate(TREE_STATE(''))) as TreeState;
      if (state.leads > 0) rowsMs = performance.now() - t0;
      else await new Promise((r) => setTimeout(r, 25));
    }
    if (rowsMs === undefined) {
      throw new Error('no lead row showed after the reload');
    }
    await shot(page, 'perf50k-after-reload');
    if (process.argv.includes('--debug-reload')) printHostLogs(server.userDataDir);
    // Where the time after the workbench went: code-server starting its extension host, VS Code
    // activating the extension, and the extension's own part up to the rows on screen.
    const host = latestHostTimeline(server.userDataDir);
    const sinceWorkbench = (epochMs: number): number => Math.round(epochMs - wallT0 - workbenchMs);
    return {
      latencyMs: SLOW_NETWORK_MS,
      reloadToWorkbenchMs: Math.round(workbenchMs),
      reloadToFirstLeadRowMs: Math.round(rowsMs),
      workbenchToFirstLeadRowMs: Math.round(rowsMs - workbenchMs),
      ...(host && {
        workbenchToHostStartedMs: sinceWorkbench(host.hostStartedAt),
        workbenchToActivationMs: sinceWorkbench(host.activationAt),
        activationToFirstLeadRowMs: Math.round(wallT0 + rowsMs - host.activationAt),
      }),
      requestsUntilRows: (await fake.stats()).requests,
    };
  } finally {
    await fake.setLatency(latency);
  }
}

async function measure(page: Page, server: CodeServer, fake: RemoteFake, dataset: FakeDataset, useDevPath: boolean): Promise<Record<string, unknown>> {
  const contacts = dataset.contacts.length;
  const total = contacts.toLocaleString('en-US');
  await page.goto(useDevPath ? server.workbenchUrl([['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)]]) : server.workbenchUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT });
  await page.locator('.activitybar [aria-label^="Close CRM"]').first().click({ timeout: UI_TIMEOUT });

  // The first load (at activation) is refused, so the Refresh below starts from an empty tree.
  // The view's welcome content for a failed first load, with its Retry button.
  await page.getByRole('button', { name: 'Retry', exact: true }).waitFor({ timeout: UI_TIMEOUT });
  await shot(page, 'welcome-failed');
  await fake.setFaults({});
  await fake.reset();
  await page.evaluate(FRAME_WATCH);
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => undefined);

  // The same probe with nothing loading: what the palette and the frames cost in this
  // code-server on this machine, the floor under the figures taken during the load.
  const idle = await idleBaseline(page);

  await page.evaluate(RESET_GAPS);
  await takeInPagePalette(page);
  // The clock starts at the Enter that runs Refresh Contacts: opening the palette and typing the
  // command's name (paletteEnterMs) is not part of the load.
  const typingStarted = performance.now();
  const paletteInput = await typeInPalette(page, 'Close CRM: Refresh Contacts');
  const enterMs = performance.now() - typingStarted;
  const t0 = performance.now();
  await paletteInput.press('Enter');

  let firstLeadRowMs: number | undefined;
  let fullTreeMs: number | undefined;
  const watchTree = (async () => {
    while (fullTreeMs === undefined && performance.now() - t0 < LOAD_TIMEOUT_MS) {
      const state = (await page.evaluate(TREE_STATE(total))) as TreeState;
      const now = performance.now() - t0;
      if (firstLeadRowMs === undefined && state.leads > 0) firstLeadRowMs = now;
      if (state.full) fullTreeMs = now;
      else await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const palette: number[] = [];
  const probe = (async () => {
    while (fullTreeMs === undefined && performance.now() - t0 < LOAD_TIMEOUT_MS) {
      const started = performance.now();
      palette.push(await paletteRoundTrip(page));
      const wait = PROBE_EVERY_MS - (performance.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  await Promise.all([watchTree, probe]);
  const frameGap = Number(await page.evaluate('window.__perfMaxGap'));
  const frameGapOutsideProbes = Number(await page.evaluate('window.__perfMaxGapOutsideProbes'));
  const paletteInPage = await takeInPagePalette(page);
  if (fullTreeMs === undefined) {
    throw new Error(`the tree did not reach ${total} contacts within ${LOAD_TIMEOUT_MS / 1000} s`);
  }
  await shot(page, 'perf50k-full-tree');
  // The load's requests, before the filter and reload steps (the reload resets the count).
  const requests = await fake.stats();
  const loader = await loaderFigures(server.userDataDir, contacts);
  const filterRoundTripMs = await measureFilterRoundTrips(page, dataset, total);
  await shot(page, 'perf50k-after-filters');
  const showMoreLeadsMs = await showMoreLeads(page, dataset);
  const reloadOnSlowNetwork = await measureReload(page, server, fake, contacts);

  // Issue 5 item 14 where code-server keeps it: global/workspace state and SecretStorage live in the browser.
  const state = await browserState(page);
  const needles = [fake.apiKey, Buffer.from(`${fake.apiKey}:`).toString('base64')];
  const leaks = entriesContaining(state, needles);
  const secretEntry = state.find((e) => e.store === SECRET_STORE_ENTRY.store && e.key === SECRET_STORE_ENTRY.key);

  const rate = Number(arg('--rate') ?? 20);
  const pages = Math.ceil(contacts / 100) + Math.ceil(dataset.leads.length / 200);
  return {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`,
    vscode: `code-server 4.99.4 (VS Code 1.99.3), headless Chromium, extension from ${useDevPath ? 'the repository (dist/)' : 'the .vsix'}`,
    contacts,
    leads: dataset.leads.length,
    latencyMs: Number(arg('--latency') ?? 150),
    ratePerSecond: rate,
    paletteEnterMs: Math.round(enterMs),
    refreshToFirstLeadRowMs: Math.round(firstLeadRowMs ?? fullTreeMs),
    refreshToFullTreeMs: Math.round(fullTreeMs),
    /** The loader's own time in the extension host (its log line), without the view's way to the screen. */
    loaderMs: loader?.loaderMs,
    /** The extension host's median round trip and the slack each rate-limit window got, at the load's end. */
    loaderTripMs: loader?.tripMs,
    loaderSlackMs: loader?.slackMs,
    loaderOthersPerWindow: loader?.othersPerWindow,
    rateLimitFloorMs: Math.round((pages / rate) * 1000),
    requests: requests.requests,
    responses429: requests.status429,
    paletteRoundTripMs: summary(palette),
    /** The same round trips from the key events to the frames that show them, measured in the page. */
    paletteInPageMs: summary(paletteInPage),
    longestFrameGapMs: Math.round(frameGap),
    /** The longest gap that neither held a palette probe nor came right after one: the renderer's work for the load alone. */
    longestFrameGapOutsideProbesMs: Math.round(frameGapOutsideProbes),
    /** The same probes before the Refresh, with nothing loading. */
    idle,
    /** Filter Contacts on the full tree: the filter typed into the box until its rows and description show. */
    filterRoundTripMs,
    /** Show More Leads clicked at the end of the first page, until VS Code shows the next page's rows. */
    showMoreLeadsMs,
    /** A window reload with every answer from Close taking 5 s: the first lead row, from the cache. */
    reloadOnSlowNetwork,
    browserState: {
      entries: state.length,
      // SecretStorage's entry is there (the organization id moved into it with the key): the check looked at the right place.
      secretStoreFound: secretEntry !== undefined,
      secretStoreSealed: secretEntry !== undefined && !needles.some((n) => secretEntry.value.includes(n)),
      keyFoundIn: leaks.map((e) => `${e.store} ${e.key}`),
    },
  };
}

/** Issue 10's targets for the real VS Code, each MET or MISSED, with the idle window's own figures beside. */
function targetLines(figures: Record<string, unknown>): string[] {
  const full = Number(figures.refreshToFullTreeMs) / Number(figures.rateLimitFloorMs);
  const palette = figures.paletteRoundTripMs as { p95: number };
  const inPage = figures.paletteInPageMs as { p95: number };
  const idle = figures.idle as { paletteRoundTripMs: { p95: number }; paletteInPageMs: { p95: number }; longestFrameGapMs: number; longestFrameGapOutsideProbesMs: number };
  const gap = Number(figures.longestFrameGapMs);
  const reloadFigures = figures.reloadOnSlowNetwork as { workbenchToFirstLeadRowMs: number; workbenchToActivationMs?: number; activationToFirstLeadRowMs?: number };
  const reload = reloadFigures.workbenchToFirstLeadRowMs;
  const split =
    reloadFigures.workbenchToActivationMs === undefined
      ? ''
      : ` (VS Code activated the extension ${reloadFigures.workbenchToActivationMs} ms after the workbench; rows ${reloadFigures.activationToFirstLeadRowMs} ms after that)`;
  const line = (met: boolean, what: string): string => `  [${met ? 'MET' : 'MISSED'}] ${what}`;
  return [
    `perf50k: targets at ${Number(figures.contacts).toLocaleString('en-US')} contacts:`,
    line(full <= 1.08, `full tree ${full.toFixed(3)}x the floor <= 1.08x (the loader alone: ${figures.loaderMs ?? '?'} ms; median trip ${figures.loaderTripMs ?? '?'} ms, slack ${figures.loaderSlackMs ?? '?'} ms a window)`),
    line(palette.p95 <= 100, `palette round trip p95 ${palette.p95} ms <= 100 ms, as the driver times it (the same probe with nothing loading: p95 ${idle.paletteRoundTripMs.p95} ms)`),
    line(inPage.p95 <= 100, `palette round trip p95 ${inPage.p95} ms <= 100 ms, from key events to frames in the page (nothing loading: p95 ${idle.paletteInPageMs.p95} ms)`),
    line(
      gap <= 100,
      `longest frame gap ${gap} ms <= 100 ms (nothing loading: ${idle.longestFrameGapMs} ms; outside the palette probes: ${figures.longestFrameGapOutsideProbesMs} ms, nothing loading ${idle.longestFrameGapOutsideProbesMs} ms)`,
    ),
    line(reload <= 1500, `lead rows ${reload} ms after the workbench, on a reload with a 5 s network <= 1500 ms${split}`),
  ];
}

async function main(): Promise<number> {
  const contacts = Number(arg('--contacts') ?? 50_000);
  const vsixArg = path.resolve(arg('--vsix') ?? path.join(REPO_ROOT, 'close-contacts.vsix'));
  const useDevPath = process.argv.includes('--dev') || !fs.existsSync(vsixArg);
  if (!useDevPath) console.log(`perf50k: installing ${path.relative(REPO_ROOT, vsixArg)}`);
  else if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
    console.error('perf50k: neither a .vsix nor dist/extension.js; run: npm run build (and npm run package)');
    return 2;
  }
  const built = Date.now();
  // The server runs in a process of its own, as Close runs apart from VS Code: in this driver's
  // event loop, Playwright's polling would delay its answers and its rate windows. The driver
  // builds the same data from the same seed for its expectations.
  const leads = Math.max(1, Math.round(contacts / 5));
  const dataset = generateDataset(contacts, leads, FAKE_SEED);
  const fake = await RemoteFake.start({
    contacts,
    leads,
    seed: FAKE_SEED,
    latencyMs: Number(arg('--latency') ?? 150),
    rateLimitPerSecond: Number(arg('--rate') ?? 20),
  });
  if ((await fake.ids()).join() !== dataset.contacts.map((c) => c.id).join()) {
    await fake.close();
    console.error('perf50k: FAILED: the fake server built other data than the driver from the same seed');
    return 1;
  }
  // Refused with a 400 (not retried), so activation leaves an empty tree with a Retry row.
  await fake.setFaults({ failSkip: { skip: 0, status: 400 } });
  console.log(`perf50k: fake Close with ${contacts.toLocaleString('en-US')} contacts, ${dataset.leads.length.toLocaleString('en-US')} leads (${Date.now() - built} ms to build)`);
  let server: CodeServer | undefined;
  let ui: WorkbenchBrowser | undefined;
  try {
    server = await startCodeServer({
      installVsix: useDevPath ? undefined : vsixArg,
      settings: { 'closeCrm.apiBaseUrl': fake.url },
      env: { [DEMO_KEY_ENV]: fake.apiKey },
    });
    ui = await openBrowser(server.origin);
    const figures = await measure(ui.page, server, fake, dataset, useDevPath);
    const outDir = path.join(REPO_ROOT, 'test-results');
    fs.mkdirSync(outDir, { recursive: true });
    const outFile = `perf-vscode-${contacts}.json`;
    fs.writeFileSync(path.join(outDir, outFile), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(JSON.stringify(figures, null, 2));
    const leaks = (figures.browserState as { keyFoundIn: string[] }).keyFoundIn;
    if (leaks.length > 0) {
      console.error(`perf50k: FAILED: the API key is in the browser's state outside SecretStorage: ${leaks.join(', ')}`);
      return 1;
    }
    console.log(
      `perf50k: Refresh -> first lead row ${figures.refreshToFirstLeadRowMs} ms, full tree ${figures.refreshToFullTreeMs} ms ` +
        `(rate-limit floor ${figures.rateLimitFloorMs} ms); worst palette round trip ${(figures.paletteRoundTripMs as { worst: number }).worst} ms, ` +
        `longest frame gap ${figures.longestFrameGapMs} ms; filter round trip p95 ${(figures.filterRoundTripMs as { p95: number }).p95} ms; ` +
        `one refresh of every lead row: frame gap p50 ${(figures.filterRoundTripMs as { rootRefreshFrameGapMs: { p50: number } }).rootRefreshFrameGapMs.p50} ms; ` +
        `after a reload on a 5 s network, lead rows ${(figures.reloadOnSlowNetwork as { workbenchToFirstLeadRowMs: number }).workbenchToFirstLeadRowMs} ms after the workbench. Written to test-results/${outFile}`,
    );
    for (const line of targetLines(figures)) console.log(line);
    // Ordering, not timing: with streaming broken the first row and the full tree come together.
    const first = Number(figures.refreshToFirstLeadRowMs);
    const full = Number(figures.refreshToFullTreeMs);
    if (process.argv.includes('--check-streaming') && !(first < full / 2)) {
      console.error(`perf50k: FAILED: the first lead row showed at ${first} ms of a ${full} ms load: rows did not stream in as pages arrived`);
      return 1;
    }
    return 0;
  } catch (err) {
    console.error(`perf50k: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    if (ui) await shot(ui.page, 'perf50k-failure').catch(() => undefined);
    if (server) console.error(server.output().slice(-2000));
    return 1;
  } finally {
    await ui?.close();
    await server?.stop();
    await fake.close();
  }
}

main().then((code) => process.exit(code));
