// `npm run bench`: the loader, warm start, search and memory against the fake Close server
// (150 ms latency, 20 requests/s per key), for 1,000 / 10,000 / 50,000 contacts, next to the
// naive sequential loop and the floor the rate limit sets. Prints a table, writes
// bench/results.json (full run) and exits non-zero when nothing loaded or results are wrong.
// `BENCH_SIZES=1000 npm run bench` is the small correctness run `npm test` uses. Then each
// limiter shape (test/fake/limiters.ts) at 10,000 contacts against the least time it allows:
// `BENCH_SIZES=none BENCH_LIMITERS=all npm run bench` runs only those, and the loader with long
// round trips (bench/longTripBench.ts), against endpoint groups counted apart
// (bench/endpointGroupsBench.ts) and beside another client of the key (bench/neighbourBench.ts).
import { promises as fs } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { CloseClient } from '../src/close/client';
import { RateLimiter } from '../src/close/rateLimit';
import { ContactsController } from '../src/model/contactsController';
import { LIMITER_MODES, limiterFloorMs, type LimiterMode } from '../test/fake/limiters';
import { oracleRows, oracleSearch } from '../test/shared/searchOracle';
import { measureFilter, type FilterFigures } from './filterBench';
import { describeHover, HOVER_TARGET_MS, measureHover } from './hoverBench';
import { describeEndpointGroups, measureEndpointGroups, type EndpointGroupsFigures } from './endpointGroupsBench';
import { describeLongTrips, measureLongTrips, type LongTripFigures } from './longTripBench';
import { measureMaxSkip, type MaxSkipFigures } from './maxSkipBench';
import { describeNeighbour, measureNeighbour, measureOrganizationOthers, type NeighbourFigures } from './neighbourBench';
import { RemoteFake } from './remoteFake';

const LATENCY_MS = 150;
const RATE_PER_S = 20;
/** Another client of the key spends this much of RATE_PER_S in the neighbour figures. */
const NEIGHBOUR_PER_S = 8;
/** The organization's other keys spend this much of its limit (3x RATE_PER_S), leaving the key 12 a second. */
const ORGANIZATION_OTHERS_PER_S = 48;
const PAGE_SIZE = 100;
const LEAD_PAGE_SIZE = 200;
const SEARCH_LIMIT = 50;
const FULL_SIZES = [1000, 10_000, 50_000, 100_000, 200_000];
/** From this size on, warm start, search and memory are measured too (and always at the largest size). */
const DETAIL_FROM = 50_000;
const NAIVE_MAX_SIZE = 10_000;
/** Each limiter shape is measured with this many contacts. */
const LIMITER_SIZE = 10_000;
/** Targets for every shape: time over its floor, and the share of 429s. */
const LIMITER_TARGET = 1.1;
const LIMITER_TARGET_NO_HEADERS = 1.25;
const LIMITER_MAX_429_SHARE = 0.02;
/** Contacts for the filter's keystroke-to-tree figure (built from the cache: no load needed). */
const FILTER_SIZE = 100_000;
/** Past max_skip: an organization this size (five contacts per lead) whose listing Close cuts at half. */
const MAX_SKIP_SIZE = 5_000;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface LoadFigures {
  contacts: number;
  serverContacts: number;
  leads: number;
  wallMs: number;
  requests: number;
  status429: number;
  firstPageMs: number | null;
  lost: number;
  repeated: number;
  extra: number;
  leadNamesMissing: number;
  /** Contact pages used, and pages that did not line up with the one before (re-read). */
  contactPages: number;
  misses: number;
  /** The rate limiter's pacing at the end: its slack per window and the median round trip (ms). */
  slackMs: number;
  tripMs: number | null;
}

interface SizeFigures {
  size: number;
  floorRequests: number;
  floorMs: number;
  ours: LoadFigures;
  oursOverFloor: number;
  /** Requests sent over the floor, speculative ones past the end included. */
  requestsOverFloor: number;
  /**
   * What the seam check (pages overlapping by one record) costs with no changes: contact
   * requests beyond pages of 100 (overlap plus re-reads), as a share of the floor.
   */
  seamCheck: { extraRequests: number; overFloor: number };
  naive?: { wallMs: number; requests: number; estimated: boolean; perRequestMs: number };
  naiveOverOurs?: number;
  longestStallMs?: number;
  /** The longest stall counting only this process's CPU time (see Stall). */
  longestOwnStallMs?: number;
  /** 1-minute load average when the size finished (the machine's other work). */
  loadAverage?: number;
  /** Until the root nodes (lead groups) were ready. */
  warmStartMs?: number;
  /** Until every cached contact was in the store (done in slices after the root nodes). */
  warmStartAllMs?: number;
  warmStartLongestStallMs?: number;
  warmStartLongestOwnStallMs?: number;
  search?: {
    slowest: { query: string; ms: number }[];
    queries: number;
    checked: number;
    p50Ms: number;
    p95Ms: number;
    maxMs: number;
    mismatches: number;
    /** p95 of a second pass with other queries of the same kinds, once V8 has compiled the search paths. */
    secondPassP95Ms: number;
  };
  /** Retained by the controller (store + index + lead names), per contact. */
  heapBytesPerContact?: number;
  /** Growth of the whole process heap across the load, per contact (includes client and runtime caches). */
  heapGrowthBytesPerContact?: number;
}

type FakeClose = RemoteFake;

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function newClient(fake: FakeClose): CloseClient {
  return new CloseClient({ baseUrl: fake.url, apiKey: fake.apiKey, rateLimiter: new RateLimiter() });
}

interface Stall {
  /** Longest wall-clock gap between 5 ms ticks, beyond the tick itself. */
  wallMs: number;
  /**
   * The same gap counted only as far as this process used the CPU during it: on a loaded
   * machine the OS may not run the process at all for a while, which no code can avoid.
   */
  ownMs: number;
}

/** Longest event-loop stall while running: a 5 ms interval probe plus CPU time per gap. */
function stallProbe(): { stop(): Stall } {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let last = performance.now();
  let cpu = process.cpuUsage();
  let wall = 0;
  let own = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    const gap = now - last - 5;
    wall = Math.max(wall, gap);
    own = Math.max(own, Math.min(gap, (used.user + used.system) / 1000));
    last = now;
    cpu = process.cpuUsage();
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      histogram.disable();
      return { wallMs: Math.max(wall, histogram.max / 1e6 - 5), ownMs: own };
    },
  };
}

async function measureOurs(fake: FakeClose, cacheDir: string | undefined): Promise<{ figures: LoadFigures; controller: ContactsController; stall: Stall }> {
  // The organization is learned from the contacts, as for a key whose GET /me/ did not name it.
  const client = newClient(fake);
  const controller = new ContactsController({ client, pageSize: PAGE_SIZE, cacheDir, leadPageSize: LEAD_PAGE_SIZE });
  await fake.reset();
  // The stall probe covers the load and the cache write, not the benchmark's own checks after.
  const probe = stallProbe();
  const start = performance.now();
  await controller.refresh();
  const wallMs = performance.now() - start;
  await controller.whenCacheWritten();
  const stall = probe.stop();
  const stats = controller.loadStats;
  const served = await fake.stats();
  const serverIds = new Set(await fake.ids());
  let lost = 0;
  for (const id of serverIds) {
    if (!controller.model.get(id)) {
      lost++;
    }
  }
  let extra = 0;
  for (const c of controller.model.all()) {
    if (!serverIds.has(c.id)) {
      extra++;
    }
  }
  const leadNamesMissing = controller.model.groups().filter((g) => !g.named).length;
  const figures: LoadFigures = {
    contacts: controller.model.size,
    serverContacts: serverIds.size,
    leads: controller.model.groups().length,
    wallMs,
    requests: served.requests,
    status429: served.status429,
    firstPageMs: stats?.firstPageMs ?? null,
    lost,
    repeated: stats?.repeated ?? 0,
    extra,
    leadNamesMissing,
    contactPages: stats?.contactPages ?? 0,
    misses: stats?.misses ?? 0,
    slackMs: client.rateLimiter.timing.slackMs,
    tripMs: client.rateLimiter.timing.tripMs ?? null,
  };
  if (controller.status.phase !== 'complete') {
    console.error(`  load ended ${controller.status.phase}: ${controller.status.error?.message ?? ''}`);
  }
  return { figures, controller, stall };
}

/** The public clients' way: one request at a time, full records, `_skip += 100`, then the leads. */
async function measureNaive(fake: FakeClose, size: number, estimateFrom?: number): Promise<SizeFigures['naive']> {
  const client = newClient(fake);
  const start = performance.now();
  let requests = 0;
  let contacts = 0;
  const maxRequests = estimateFrom ?? Infinity;
  for (let skip = 0; requests < maxRequests; skip += PAGE_SIZE) {
    const page = await client.listContacts({ limit: PAGE_SIZE, skip });
    requests++;
    contacts += page.data.length;
    if (!page.has_more) {
      break;
    }
  }
  for (let skip = 0; requests < maxRequests; skip += PAGE_SIZE) {
    const page = await client.listLeads({ limit: PAGE_SIZE, skip });
    requests++;
    if (!page.has_more) {
      break;
    }
  }
  const wallMs = performance.now() - start;
  const perRequestMs = wallMs / requests;
  if (estimateFrom === undefined) {
    return { wallMs, requests, estimated: false, perRequestMs };
  }
  const needed = Math.ceil(size / PAGE_SIZE) + Math.ceil(size / 5 / PAGE_SIZE);
  void contacts;
  return { wallMs: perRequestMs * needed, requests: needed, estimated: true, perRequestMs };
}

function makeQueries(controller: ContactsController, count: number, firstSeed = 12345): string[] {
  const queries: string[] = [];
  const contacts = [...controller.model.all()];
  let seed = firstSeed;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  while (queries.length < count) {
    const c = contacts[rnd(contacts.length)];
    const name = c.displayName || c.name || '';
    const words = name.split(/\s+/).filter(Boolean);
    const email = c.emails[0]?.email ?? '';
    const phone = c.phones[0]?.phone_formatted ?? c.phones[0]?.phone ?? '';
    const digits = phone.replace(/\D/g, '');
    switch (queries.length % 8) {
      case 0:
        queries.push(name.slice(0, 2 + rnd(4)));
        break;
      case 1:
        queries.push((words[words.length - 1] ?? name).slice(0, 3 + rnd(3)));
        break;
      case 2:
        queries.push(words.length > 1 ? `${words[0].slice(0, 3)} ${words[1].slice(0, 2)}` : name.slice(0, 4));
        break;
      case 3:
        queries.push(email.split('@')[0]?.slice(0, 4 + rnd(4)) ?? 'a');
        break;
      case 4:
        queries.push(email.split('@')[1] ?? 'com');
        break;
      case 5: {
        const from = rnd(Math.max(1, digits.length - 6));
        queries.push(digits.slice(from, from + 4 + rnd(4)) || '55');
        break;
      }
      case 6:
        // Formatted the way people type it: "650 333".
        queries.push(digits.length >= 10 ? `${digits.slice(-10, -7)} ${digits.slice(-7, -4)}` : digits);
        break;
      default:
        queries.push((controller.model.leadName(c.leadId ?? '') ?? name).slice(0, 5));
    }
  }
  return queries;
}

function measureSearch(controller: ContactsController): NonNullable<SizeFigures['search']> {
  controller.search('warm-up', 1); // indexes whatever is still queued
  const queries = makeQueries(controller, 400);
  const times: number[] = [];
  const slowest: { query: string; ms: number }[] = [];
  for (const q of queries) {
    const t = performance.now();
    controller.search(q, SEARCH_LIMIT);
    const ms = performance.now() - t;
    times.push(ms);
    slowest.push({ query: q, ms });
  }
  slowest.sort((a, b) => b.ms - a.ms);
  let mismatches = 0;
  const store = controller.model;
  const table = oracleRows(store.all(), (id) => store.leadName(id));
  // Every other query is checked against the full scan (each scan visits all contacts).
  for (const q of queries.filter((_, i) => i % 2 === 0)) {
    const got = controller.search(q, SEARCH_LIMIT).map((h) => h.contact.id);
    const want = oracleSearch(table, (id) => store.leadName(id), q, SEARCH_LIMIT).map((c) => c.id);
    if (got.join() !== want.join()) {
      mismatches++;
      if (mismatches <= 3) {
        console.error(`  search mismatch for ${JSON.stringify(q)}`);
      }
    }
  }
  times.sort((a, b) => a - b);
  // The pass above is the first: V8 is still compiling the search paths it reaches. A second pass
  // with other queries of the same kinds shows the search once they are compiled.
  const second = makeQueries(controller, 400, 54321).map((q) => {
    const t = performance.now();
    controller.search(q, SEARCH_LIMIT);
    return performance.now() - t;
  });
  second.sort((a, b) => a - b);
  return {
    slowest: slowest.slice(0, 8),
    queries: queries.length,
    checked: Math.ceil(queries.length / 2),
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    maxMs: times[times.length - 1] ?? 0,
    mismatches,
    secondPassP95Ms: percentile(second, 95),
  };
}

async function runSize(size: number, isLargest: boolean, cacheRoot: string): Promise<SizeFigures> {
  console.log(`\n== ${size.toLocaleString('en-US')} contacts, ${(size / 5).toLocaleString('en-US')} leads ==`);
  const fake = await RemoteFake.start({ contacts: size, leads: size / 5, seed: 42, latencyMs: LATENCY_MS, rateLimitPerSecond: RATE_PER_S });
  try {
    const floorRequests = Math.ceil(size / PAGE_SIZE) + Math.ceil(size / 5 / LEAD_PAGE_SIZE);
    const floorMs = (floorRequests / RATE_PER_S) * 1000;
    const cacheDir = isLargest ? path.join(cacheRoot, String(size)) : undefined;

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const { figures: ours, controller, stall } = await measureOurs(fake, cacheDir);
    console.log(`  ours: ${ours.contacts} contacts in ${fmt(ours.wallMs)}, ${ours.requests} requests, ${ours.status429} x 429, first page ${fmt(ours.firstPageMs ?? NaN)}`);
    const seamExtra = ours.contactPages + ours.misses - Math.ceil(size / PAGE_SIZE);
    const seamCheck = { extraRequests: seamExtra, overFloor: seamExtra / floorRequests };
    console.log(
      `  seam check: +${seamExtra} requests (${(100 * seamCheck.overFloor).toFixed(2)}% of the floor's ${floorRequests}), ${ours.misses} pages re-read; all requests ${ours.requests} = ${(ours.requests / floorRequests).toFixed(3)}x floor`,
    );

    const result: SizeFigures = {
      size,
      floorRequests,
      floorMs,
      ours,
      oursOverFloor: ours.wallMs / floorMs,
      requestsOverFloor: ours.requests / floorRequests,
      seamCheck,
      longestStallMs: stall.wallMs,
      longestOwnStallMs: stall.ownMs,
      loadAverage: os.loadavg()[0],
    };
    if (isLargest) {
      controller.search('', 1);
      gc();
      gc();
      const heapLoaded = process.memoryUsage().heapUsed;
      result.heapGrowthBytesPerContact = (heapLoaded - heapBefore) / Math.max(1, ours.contacts);
      result.search = measureSearch(controller);
      console.log(`  search: p50 ${fmt(result.search.p50Ms)}, p95 ${fmt(result.search.p95Ms)}, ${result.search.mismatches} mismatches; p95 of a second pass with other queries ${fmt(result.search.secondPassP95Ms)}`);
      // Warm start: from the call until the tree's root nodes (the lead groups) can be built.
      const warm = new ContactsController({ client: newClient(fake), pageSize: PAGE_SIZE, organizationId: controller.organizationId, cacheDir });
      const t = performance.now();
      let roots = 0;
      const listener = warm.model.onDidChange(() => {
        if (result.warmStartMs === undefined && warm.model.groups().length > 0) {
          roots = warm.model.groups().length;
          result.warmStartMs = performance.now() - t;
        }
      });
      const restoreProbe = stallProbe();
      const shown = await warm.restoreFromCache();
      result.warmStartAllMs = performance.now() - t;
      const restoreStall = restoreProbe.stop();
      result.warmStartLongestStallMs = restoreStall.wallMs;
      result.warmStartLongestOwnStallMs = restoreStall.ownMs;
      listener.dispose();
      const complete = warm.model.size === ours.contacts;
      console.log(
        `  warm start: ${shown ? roots : 0} root nodes in ${fmt(result.warmStartMs ?? NaN)}; all ${warm.model.size} contacts in ${fmt(result.warmStartAllMs)}${complete ? '' : ' (INCOMPLETE)'}, longest stall ${fmt(result.warmStartLongestStallMs)} (own CPU ${fmt(result.warmStartLongestOwnStallMs)})`,
      );
      await warm.clear();
      warm.dispose();
      // What the controller retains (store, search index, lead names): the heap with it loaded
      // minus the heap once it let everything go.
      await controller.clear();
      gc();
      gc();
      result.heapBytesPerContact = (heapLoaded - process.memoryUsage().heapUsed) / Math.max(1, ours.contacts);
      console.log(
        `  heap: ${Math.round(result.heapBytesPerContact)} B retained per contact (process heap grew ${Math.round(result.heapGrowthBytesPerContact)} B per contact during the load)`,
      );
    }
    controller.dispose();

    // Let the rate window drain before the naive loop.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    if (size <= NAIVE_MAX_SIZE) {
      result.naive = await measureNaive(fake, size);
    } else {
      result.naive = await measureNaive(fake, size, 40);
    }
    result.naiveOverOurs = result.naive ? result.naive.wallMs / ours.wallMs : undefined;
    console.log(`  naive: ${fmt(result.naive?.wallMs ?? NaN)}${result.naive?.estimated ? ' (estimated from 40 requests)' : ''}`);
    return result;
  } finally {
    await fake.close();
  }
}

interface LimiterFigures {
  mode: LimiterMode;
  size: number;
  floorRequests: number;
  /** limiterFloorMs: the least time this shape allows for the floor's requests, last answer included. */
  floorMs: number;
  ours: LoadFigures;
  oursOverFloor: number;
  share429: number;
  target: number;
  met: boolean;
}

/** The loader against each limiter shape (test/fake/limiters.ts), same latency and rate. */
async function runLimiter(mode: LimiterMode): Promise<LimiterFigures> {
  const size = LIMITER_SIZE;
  const fake = await RemoteFake.start({ contacts: size, leads: size / 5, seed: 42, latencyMs: LATENCY_MS, rateLimitPerSecond: RATE_PER_S, rateLimitMode: mode });
  try {
    const floorRequests = Math.ceil(size / PAGE_SIZE) + Math.ceil(size / 5 / LEAD_PAGE_SIZE);
    const floorMs = limiterFloorMs(mode, RATE_PER_S, floorRequests, LATENCY_MS);
    const { figures: ours, controller } = await measureOurs(fake, undefined);
    controller.dispose();
    const share429 = ours.status429 / Math.max(1, ours.requests);
    const target = mode === 'noHeaders' ? LIMITER_TARGET_NO_HEADERS : LIMITER_TARGET;
    const oursOverFloor = ours.wallMs / floorMs;
    const met = oursOverFloor <= target && share429 <= LIMITER_MAX_429_SHARE && ours.lost === 0 && ours.contacts === ours.serverContacts;
    console.log(
      `  ${mode.padEnd(15)} ${fmt(ours.wallMs)} / floor ${fmt(floorMs)} = ${oursOverFloor.toFixed(3)}x, ${ours.requests} requests, ${ours.status429} x 429 (${(100 * share429).toFixed(1)}%), slack ${ours.slackMs} ms, trip ${ours.tripMs ?? '-'} ms [${met ? 'MET' : 'MISSED'}]`,
    );
    return { mode, size, floorRequests, floorMs, ours, oursOverFloor, share429, target, met };
  } finally {
    await fake.close();
  }
}

function printLimiterTable(results: LimiterFigures[]): void {
  console.log(`\nLimiter shapes, ${LIMITER_SIZE.toLocaleString('en-US')} contacts, ${RATE_PER_S}/s, ${LATENCY_MS} ms latency:`);
  console.table(
    results.map((r) => ({
      limiter: r.mode,
      time: fmt(r.ours.wallMs),
      floor: fmt(r.floorMs),
      'time/floor': `${r.oursOverFloor.toFixed(3)} (<= ${r.target})`,
      requests: `${r.ours.requests} (min ${r.floorRequests})`,
      '429s': `${r.ours.status429} (${(100 * r.share429).toFixed(1)}%, <= ${100 * LIMITER_MAX_429_SHARE}%)`,
      loaded: `${r.ours.contacts}/${r.ours.serverContacts}`,
      result: r.met ? 'MET' : 'MISSED',
    })),
  );
}

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
}

function filterTarget(filter: FilterFigures, full: boolean): Target {
  return {
    name: `filter keystroke p95 ${filter.size}`,
    target: '<= 50 ms to root nodes, same as full scan',
    measured: `${fmt(filter.p95Ms)} (p50 ${fmt(filter.p50Ms)}, max ${fmt(filter.maxMs)}; with open leads' contacts ${fmt(filter.withOpenLeadsP95Ms)}), ${filter.mismatches} mismatches`,
    met: full ? filter.p95Ms <= 50 && filter.mismatches === 0 : null,
  };
}

function targets(results: SizeFigures[]): Target[] {
  const by = (n: number): SizeFigures | undefined => results.find((r) => r.size === n);
  const out: Target[] = [];
  for (const n of [10_000, 50_000]) {
    const r = by(n);
    out.push({ name: `full load ${n}`, target: '<= 1.15x floor', measured: r ? `${r.oursOverFloor.toFixed(3)}x (${fmt(r.ours.wallMs)} vs ${fmt(r.floorMs)})` : 'not run', met: r ? r.oursOverFloor <= 1.15 : null });
  }
  const r10 = by(10_000);
  out.push({ name: 'naive / ours 10000', target: '>= 2.5x', measured: r10?.naiveOverOurs ? `${r10.naiveOverOurs.toFixed(2)}x` : 'not run', met: r10?.naiveOverOurs ? r10.naiveOverOurs >= 2.5 : null });
  // At 1,000 contacts one more page is already 9% of the floor's 11 requests: judged from 10,000 up.
  const worstSeam = results
    .filter((r) => r.size >= 10_000)
    .reduce<SizeFigures | undefined>((w, r) => (!w || r.seamCheck.overFloor > w.seamCheck.overFloor ? r : w), undefined);
  out.push({
    name: 'seam check requests',
    target: '<= 3% of floor (>= 10k), no changes',
    measured: worstSeam ? `worst +${worstSeam.seamCheck.extraRequests} at ${worstSeam.size} (${(100 * worstSeam.seamCheck.overFloor).toFixed(2)}%)` : 'not run',
    met: worstSeam ? worstSeam.seamCheck.overFloor <= 0.03 : null,
  });
  const totalReq = results.reduce((n, r) => n + r.ours.requests, 0);
  const total429 = results.reduce((n, r) => n + r.ours.status429, 0);
  out.push({ name: '429 responses', target: '<= 2% of requests', measured: `${total429}/${totalReq} (${((100 * total429) / Math.max(1, totalReq)).toFixed(2)}%)`, met: total429 <= 0.02 * totalReq });
  const worstFirst = Math.max(...results.map((r) => r.ours.firstPageMs ?? Infinity));
  out.push({ name: 'first page usable', target: `<= ${LATENCY_MS + 100} ms`, measured: `worst ${fmt(worstFirst)}`, met: worstFirst <= LATENCY_MS + 100 });
  // Issue 4's targets hold at 50,000 contacts (the largest size of a custom run is shown, not judged).
  const full = by(50_000) !== undefined;
  const largest = by(50_000) ?? results[results.length - 1];
  out.push({ name: `warm start ${largest.size}`, target: '<= 150 ms', measured: largest.warmStartMs !== undefined ? fmt(largest.warmStartMs) : 'n/a', met: full && largest.warmStartMs !== undefined ? largest.warmStartMs <= 150 : null });
  out.push({ name: `search p95 ${largest.size}`, target: '<= 5 ms, same as full scan', measured: largest.search ? `${fmt(largest.search.p95Ms)}, ${largest.search.mismatches} mismatches (second pass ${fmt(largest.search.secondPassP95Ms)})` : 'n/a', met: full && largest.search ? largest.search.p95Ms <= 5 && largest.search.mismatches === 0 : null });
  out.push({ name: `heap per contact ${largest.size}`, target: '<= 1024 B', measured: largest.heapBytesPerContact !== undefined ? `${Math.round(largest.heapBytesPerContact)} B` : 'n/a', met: full && largest.heapBytesPerContact !== undefined ? largest.heapBytesPerContact <= 1024 : null });
  const own = largest.longestOwnStallMs;
  out.push({
    name: `longest stall ${largest.size} load`,
    target: '<= 50 ms',
    measured:
      own !== undefined
        ? `${fmt(own)} of own CPU; ${fmt(largest.longestStallMs ?? NaN)} wall clock (load average ${largest.loadAverage?.toFixed(1)} on ${os.cpus().length} cores)`
        : 'n/a',
    met: full && own !== undefined ? own <= 50 : null,
  });
  const r1 = by(1000);
  for (const n of [50_000, 200_000]) {
    const big = by(n);
    if (!r1 || !big) {
      continue;
    }
    const growth = big.ours.wallMs / n / (r1.ours.wallMs / 1000);
    // Time beyond the floor per contact, compared only when the small load is clearly above its
    // own floor (5%): the server's first window lets 1,000 contacts' few requests go out at
    // once, and a few ms over it would make any ratio against it meaningless.
    const beyond1k = r1.ours.wallMs - r1.floorMs;
    const beyond = beyond1k > 0.05 * r1.floorMs ? (big.ours.wallMs - big.floorMs) / n / (beyond1k / 1000) : undefined;
    // Reported beside it: 10,000 contacts, the smallest load whose time the rate limit sets.
    const r10 = by(10_000);
    const against10k = r10 ? `; against 10k: ${(big.ours.wallMs / n / (r10.ours.wallMs / 10_000)).toFixed(2)}x` : '';
    out.push({
      name: `time per contact ${n / 1000}k / 1k`,
      target: '<= 1.2x',
      measured: `${growth.toFixed(2)}x (beyond floor: ${beyond === undefined ? 'n/a, the 1,000-contact load is at its floor' : `${beyond.toFixed(2)}x`}${against10k})`,
      met: growth <= 1.2 && (beyond === undefined || beyond <= 1.2),
    });
  }
  // Issue 10: 200,000 contacts.
  const r200 = by(200_000);
  if (r200) {
    out.push({ name: 'warm start 200000', target: '<= 150 ms', measured: r200.warmStartMs !== undefined ? fmt(r200.warmStartMs) : 'n/a', met: r200.warmStartMs !== undefined ? r200.warmStartMs <= 150 : null });
    out.push({
      name: 'heap per contact 200000',
      target: '<= 700 B',
      measured: r200.heapBytesPerContact !== undefined ? `${Math.round(r200.heapBytesPerContact)} B` : 'n/a',
      met: r200.heapBytesPerContact !== undefined ? r200.heapBytesPerContact <= 700 : null,
    });
    out.push({ name: 'search p95 200000', target: '(reported)', measured: r200.search ? `${fmt(r200.search.p95Ms)}, ${r200.search.mismatches} mismatches (second pass ${fmt(r200.search.secondPassP95Ms)})` : 'n/a', met: null });
  }
  if (!r1 || !by(50_000)) {
    out.push({ name: 'time per contact 50k / 1k', target: '<= 1.2x', measured: 'not run', met: null });
  }
  return out;
}

function printTable(results: SizeFigures[]): void {
  const rows = results.map((r) => ({
    contacts: r.size,
    'ours wall': fmt(r.ours.wallMs),
    floor: fmt(r.floorMs),
    'ours/floor': r.oursOverFloor.toFixed(3),
    requests: `${r.ours.requests} (min ${r.floorRequests})`,
    'seam check': `+${r.seamCheck.extraRequests} (${(100 * r.seamCheck.overFloor).toFixed(1)}%)`,
    '429s': r.ours.status429,
    'first page': fmt(r.ours.firstPageMs ?? NaN),
    'loaded/server': `${r.ours.contacts}/${r.ours.serverContacts}`,
    'lost/repeated': `${r.ours.lost}/${r.ours.repeated}`,
    naive: r.naive ? `${fmt(r.naive.wallMs)}${r.naive.estimated ? ' (est.)' : ''}` : '-',
    'naive/ours': r.naiveOverOurs?.toFixed(2) ?? '-',
    'max stall own/wall': r.longestStallMs !== undefined ? `${fmt(r.longestOwnStallMs ?? NaN)} / ${fmt(r.longestStallMs)}` : '-',
  }));
  console.log('');
  console.table(rows);
}

async function main(): Promise<void> {
  const custom = process.env.BENCH_SIZES?.trim();
  const sizes = custom === 'none' ? [] : custom ? custom.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0) : FULL_SIZES;
  if (sizes.length === 0 && custom !== 'none') {
    throw new Error(`BENCH_SIZES must be a comma-separated list of contact counts (got "${custom}").`);
  }
  // BENCH_LIMITERS=sliding,noHeaders (or all) runs those shapes; by default all of them on a full
  // run and none with BENCH_SIZES. BENCH_SIZES=none skips the sizes.
  const limiterList = process.env.BENCH_LIMITERS?.trim() || (custom ? 'none' : 'all');
  const modes = limiterList === 'all' ? [...LIMITER_MODES] : LIMITER_MODES.filter((m) => limiterList.split(',').map((x) => x.trim()).includes(m));
  const cacheRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'close-bench-'));
  const results: SizeFigures[] = [];
  const limiters: LimiterFigures[] = [];
  let longTrips: LongTripFigures | undefined;
  let endpointGroups: EndpointGroupsFigures | undefined;
  const neighbours: NeighbourFigures[] = [];
  try {
    for (let i = 0; i < sizes.length; i++) {
      results.push(await runSize(sizes[i], i === sizes.length - 1 || sizes[i] >= DETAIL_FROM, cacheRoot));
    }
    if (modes.length > 0) {
      console.log(`\n== limiter shapes, ${LIMITER_SIZE.toLocaleString('en-US')} contacts ==`);
      for (const mode of modes) {
        limiters.push(await runLimiter(mode));
      }
      longTrips = await measureLongTrips('sliding', LIMITER_SIZE, RATE_PER_S, PAGE_SIZE, LEAD_PAGE_SIZE);
      console.log(`  long trips: ${describeLongTrips(longTrips)}`);
      endpointGroups = await measureEndpointGroups('sliding', LIMITER_SIZE, RATE_PER_S, LATENCY_MS, PAGE_SIZE, LEAD_PAGE_SIZE);
      console.log(`  endpoint groups: ${describeEndpointGroups(endpointGroups)}`);
      for (const mode of modes) {
        neighbours.push(await measureNeighbour(mode, LIMITER_SIZE, RATE_PER_S, NEIGHBOUR_PER_S, LATENCY_MS, PAGE_SIZE, LEAD_PAGE_SIZE));
        console.log(`  ${describeNeighbour(neighbours[neighbours.length - 1] as NeighbourFigures)}`);
      }
      // Close's documented shape (whole-second reset), the organization's limit 3x the key's.
      neighbours.push(await measureOrganizationOthers('fixed', LIMITER_SIZE, RATE_PER_S, 3 * RATE_PER_S, ORGANIZATION_OTHERS_PER_S, LATENCY_MS, PAGE_SIZE, LEAD_PAGE_SIZE));
      console.log(`  ${describeNeighbour(neighbours[neighbours.length - 1] as NeighbourFigures)}`);
    }
  } finally {
    await fs.rm(cacheRoot, { recursive: true, force: true });
  }
  // BENCH_MAXSKIP=1 runs the max_skip figure in a partial run; a full run always does.
  let maxSkip: MaxSkipFigures | undefined;
  if (!custom || process.env.BENCH_MAXSKIP === '1') {
    console.log(`\n== past max_skip, ${MAX_SKIP_SIZE.toLocaleString('en-US')} contacts, listing cut at ${(MAX_SKIP_SIZE / 2).toLocaleString('en-US')} ==`);
    maxSkip = await measureMaxSkip(MAX_SKIP_SIZE, MAX_SKIP_SIZE / 5, MAX_SKIP_SIZE / 2, LATENCY_MS, RATE_PER_S, PAGE_SIZE, LEAD_PAGE_SIZE);
    console.log(
      `  ${maxSkip.phase}: ${maxSkip.loaded} of ${maxSkip.contacts} contacts (${maxSkip.lost} lost, ${maxSkip.unreachable} without a lead past the cut) in ${fmt(maxSkip.wallMs)}, ${maxSkip.requests} requests (${maxSkip.byLeadRequests} by lead_id, ${maxSkip.status429} x 429); ` +
        `${(maxSkip.wallMs / maxSkip.floorMs).toFixed(2)}x its own floor, ${(maxSkip.wallMs / maxSkip.unlimitedFloorMs).toFixed(1)}x the floor without max_skip (${fmt(maxSkip.unlimitedFloorMs)})`,
    );
  }
  // The filter figure: 100,000 contacts in a full run, the largest size asked for otherwise.
  const filterSize = custom ? sizes[sizes.length - 1] : FILTER_SIZE;
  let filter: Awaited<ReturnType<typeof measureFilter>> | undefined;
  if (filterSize !== undefined) {
    console.log(`\n== filter, ${filterSize.toLocaleString('en-US')} contacts ==`);
    filter = await measureFilter(filterSize);
    console.log(`  ${filter.keystrokes} keystrokes of ${filter.filters} filters: p50 ${fmt(filter.p50Ms)}, p95 ${fmt(filter.p95Ms)}, max ${fmt(filter.maxMs)}; slowest ${filter.slowest.slice(0, 3).map((s) => `${JSON.stringify(s.query)} ${fmt(s.ms)} (${s.matched})`).join(', ')}`);
  }
  if (results.length > 0) {
    printTable(results);
  }
  if (limiters.length > 0) {
    printLimiterTable(limiters);
  }
  const met = results.length > 0 ? targets(results) : [];
  if (filter) {
    met.push(filterTarget(filter, !custom));
    const hover = await measureHover(filter.size);
    console.log(`\n== hover, ${filter.size.toLocaleString('en-US')} contacts ==\n  ${describeHover(hover)}`);
    met.push({ name: `hover p95 ${hover.size}`, target: `<= ${HOVER_TARGET_MS} ms at 100k`, measured: describeHover(hover), met: hover.size >= 100_000 ? hover.p95Ms <= HOVER_TARGET_MS && hover.misses === 0 : null });
  }
  for (const r of limiters) {
    met.push({
      name: `limiter ${r.mode}`,
      target: `<= ${r.target}x floor, <= ${100 * LIMITER_MAX_429_SHARE}% 429s`,
      measured: `${r.oursOverFloor.toFixed(3)}x (${fmt(r.ours.wallMs)} vs ${fmt(r.floorMs)}), ${r.ours.status429}/${r.ours.requests} 429s (${(100 * r.share429).toFixed(1)}%)`,
      met: r.met,
    });
  }
  if (maxSkip) {
    met.push({
      name: 'past max_skip: all contacts',
      target: 'every contact, lead by lead',
      measured: `${maxSkip.loaded}/${maxSkip.contacts - maxSkip.unreachable} with a lead, ${maxSkip.byLeadRequests} lead_id requests, ${(maxSkip.wallMs / maxSkip.unlimitedFloorMs).toFixed(1)}x the unlimited floor`,
      met: maxSkip.phase === 'complete' && maxSkip.lost === 0,
    });
  }
  console.log('Targets (issue 4):');
  for (const t of met) {
    const mark = t.met === null ? 'n/a ' : t.met ? 'MET ' : 'MISS';
    console.log(`  [${mark}] ${t.name.padEnd(28)} target ${t.target.padEnd(28)} measured ${t.measured}`);
  }
  const cpus = os.cpus();
  const report = {
    date: new Date().toISOString(),
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGb: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${os.platform()} ${os.release()}` },
    settings: { latencyMs: LATENCY_MS, ratePerSecond: RATE_PER_S, pageSize: PAGE_SIZE, leadPageSize: LEAD_PAGE_SIZE, searchLimit: SEARCH_LIMIT },
    results,
    limiters,
    longTrips,
    endpointGroups,
    neighbours,
    filter,
    maxSkip,
    targets: met,
  };
  const partial = Boolean(custom) || limiterList !== 'all';
  const file = partial ? path.join(__dirname, `results-${sizes.join('-') || 'limiters'}.json`) : path.join(__dirname, '..', '..', 'bench', 'results.json');
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nFigures written to ${path.relative(process.cwd(), file)}`);

  const nothingLoaded = results.some((r) => r.ours.contacts === 0) || limiters.some((r) => r.ours.contacts === 0);
  const wrong =
    results.some((r) => r.ours.lost > 0 || r.ours.extra > 0 || (r.search?.mismatches ?? 0) > 0) ||
    limiters.some((r) => r.ours.lost > 0 || r.ours.extra > 0) ||
    (longTrips?.runs.some((r) => r.loaded !== longTrips?.contacts) ?? false) ||
    (endpointGroups !== undefined && endpointGroups.loaded !== endpointGroups.contacts) ||
    neighbours.some((n) => n.loaded !== n.contacts) ||
    (maxSkip !== undefined && maxSkip.lost > 0) ||
    (filter?.mismatches ?? 0) > 0;
  if (nothingLoaded || wrong) {
    console.error(nothingLoaded ? 'Nothing loaded.' : 'Contacts were lost or search disagreed with the full scan.');
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
