// Issue 5, items 1-10, and issue 8 (11-12): faults during a load, each against a fresh fake
// Close server, through the tree's real loader (ContactsController with a real CloseClient over HTTP).
import type { ContactsController, LoadStatus } from '../../src/model/contactsController';
import { describeStatus } from '../../src/ui/tree/statusText';
import type { BogusResetKind, FakeClose } from '../fake/server';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  auditStore,
  MAX_CONTACT_WINDOW,
  contactPageRequests,
  LEAD_WINDOW,
  missing,
  relativePath,
  sameIds,
  serverIds,
  settle,
  waitFor,
  within,
  type CountingClient,
  type Scenario,
  type ScenarioContext,
  type ScenarioResult,
} from './harness';

const LOAD_TIMEOUT_MS = 20_000;

async function load(controller: ContactsController, what = 'refresh()'): Promise<LoadStatus> {
  await within(controller.refresh(), LOAD_TIMEOUT_MS, what);
  return controller.status;
}

function summarize(status: LoadStatus): string {
  if (status.phase === 'complete') {
    return 'completed';
  }
  const error = status.error ? `${status.error.kind}: ${status.error.message}` : 'no error';
  return `${status.phase}: ${error}`;
}

/** The words the view shows for a status. */
function viewText(status: LoadStatus): string {
  const text = describeStatus(status, Date.now());
  return `${text.description ?? ''} | ${text.message ?? ''}`;
}

/** A full load's standard checks: complete, exactly the server's contacts, nothing twice. */
function checkConverged(ctx: ScenarioContext, controller: ContactsController, fake: FakeClose, label: string): ScenarioResult {
  const status = controller.status;
  const audit = auditStore(controller.model);
  const expected = serverIds(fake);
  const diff = sameIds(audit.ids, expected);
  ctx.checks.expect(`${label}: phase is complete`, status.phase === 'complete', summarize(status));
  ctx.checks.expect(`${label}: the store holds exactly the server's contacts`, diff.missing === 0 && diff.extra === 0, `${diff.missing} missing, ${diff.extra} extra of ${expected.length}`);
  ctx.checks.expect(`${label}: groups, counts and store agree`, audit.consistent, audit.detail);
  return { outcome: summarize(status), lost: diff.missing, duplicates: audit.duplicates };
}

/** Where a client stood when its load ended: pages asked for and requests let out so far. */
interface LoadEnd {
  calls: number;
  sent: number;
}

function endOf(client: CountingClient): LoadEnd {
  return { calls: client.calls.length, sent: client.rateLimiter.stats.requests };
}

/**
 * A load that has ended leaves nothing behind: once every call it made has settled, no page
 * was asked for after the end and no request (a retry included) went out after it.
 */
async function requestsAfterEnd(client: CountingClient, end: LoadEnd): Promise<{ count: number; detail: string }> {
  await waitFor(() => client.open === 0, 10_000, 'the calls of the ended load to settle');
  const asked = client.calls.slice(end.calls);
  const sent = client.rateLimiter.stats.requests - end.sent;
  const detail = [...asked.slice(0, 3).map((c) => `asked for ${c.what} after the end`), ...(sent > 0 ? [`${sent} requests went out after the end`] : [])].join('; ');
  return { count: Math.max(asked.length, sent), detail };
}

function noteError(ctx: ScenarioContext, status: LoadStatus): void {
  if (status.error) {
    ctx.logs.push(status.error.message);
  }
  ctx.logs.push(viewText(status));
}

const rateLimited: Scenario = {
  id: 1,
  name: '429 on every 3rd request',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 400, seed: 11 });
    fake.setFaults({ every429: { every: 3, retryAfterSeconds: 1 } });
    const controller = ctx.controller(ctx.client(fake), fake);
    await load(controller);
    const result = checkConverged(ctx, controller, fake, '429s');
    const tooMany = fake.requests.filter((r) => r.status === 429);
    ctx.checks.expect('Close did answer 429 during the load', tooMany.length > 0, `${tooMany.length} × 429`);
    // Retry-After: 1 — the same request is not sent again sooner.
    const early: string[] = [];
    for (const first of tooMany) {
      const retry = fake.requests
        .slice(fake.requests.indexOf(first) + 1)
        .find((r) => r.path === first.path && r.query._skip === first.query._skip && r.query.lead_id === first.query.lead_id);
      if (retry && retry.at - first.at < 900) {
        early.push(`${relativePath(first.path)} skip ${first.query._skip ?? 0} after ${retry.at - first.at} ms`);
      }
    }
    ctx.checks.expect('each 429 is retried only after its Retry-After', early.length === 0, early.slice(0, 3).join('; '));
    return { ...result, outcome: `${result.outcome}; ${tooMany.length} × 429 waited out, ${fake.requests.length} requests` };
  },
};

const flaky: Scenario = {
  id: 2,
  name: '10% 502/503 + dropped connections',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 1000, seed: 12 });
    fake.setFaults({ failRate: { rate: 0.1, statuses: [502, 503] }, dropRate: 0.05 });
    const controller = ctx.controller(ctx.client(fake, { maxAttempts: 6 }), fake, { pageSize: 25 });
    await load(controller);
    const result = checkConverged(ctx, controller, fake, 'flaky network');
    const failed = fake.requests.filter((r) => r.status === 502 || r.status === 503).length;
    const dropped = fake.requests.filter((r) => r.status === 0).length;
    ctx.checks.expect('some requests failed with 502/503', failed > 0, `${failed}`);
    ctx.checks.expect('some connections were dropped', dropped > 0, `${dropped}`);
    return { ...result, outcome: `${result.outcome} through ${failed} × 502/503 and ${dropped} drops` };
  },
};

const failingPage: Scenario = {
  id: 3,
  name: 'a page keeps failing 500',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 600, seed: 13 });
    const pageSize = 50;
    // Pages overlap by one record (the seam check), so the 7th page asks for _skip 6 × 49.
    const failSkip = 6 * (pageSize - 1);
    const maxAttempts = 4;
    fake.setFaults({ failSkip: { skip: failSkip, status: 500 } });
    const client = ctx.client(fake, { maxAttempts });
    const controller = ctx.controller(client, fake, { pageSize });
    const status = await load(controller);
    const end = endOf(client);
    noteError(ctx, status);
    const audit = auditStore(controller.model);
    // The page before the failing one ends on the record at failSkip.
    const before = serverIds(fake).slice(0, failSkip + 1);
    const lost = missing(before, audit.ids).length;
    const attempts = contactPageRequests(fake).get(`skip=${failSkip}`) ?? 0;
    ctx.checks.expect('phase is partial (contacts kept, marked incomplete)', status.phase === 'partial', summarize(status));
    ctx.checks.expect('the error names the status 500', status.error?.status === 500 && /500/.test(status.error.message), status.error?.message);
    ctx.checks.expect('the failing page was retried, boundedly', attempts >= 2 && attempts <= maxAttempts, `${attempts} attempts (max ${maxAttempts})`);
    ctx.checks.expect('only the pages before the failure are shown', audit.ids.size === before.length, `${audit.ids.size} shown, ${before.length} before the failing page`);
    ctx.checks.expect('the view says the list is incomplete', /incomplete/i.test(viewText(status)), viewText(status));
    const stray = await requestsAfterEnd(client, end);
    ctx.checks.expect('no request after the load ended', stray.count === 0, stray.detail);
    return { outcome: `stopped: ${status.error?.message ?? summarize(status)} (${attempts} attempts)`, lost, duplicates: audit.duplicates };
  },
};

const hanging: Scenario = {
  id: 4,
  name: 'a request hangs',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 300, seed: 14 });
    const timeoutMs = 300;
    const maxAttempts = 3;
    const controller = ctx.controller(ctx.client(fake, { timeoutMs, maxAttempts }), fake, { pageSize: 50 });

    // Once: the timeout fires and the retry completes the load.
    fake.setFaults({ hang: { path: '/contact/', times: 1 } });
    const first = await load(controller, 'refresh() with one hanging request');
    const converged = checkConverged(ctx, controller, fake, 'one hang');
    const unanswered = fake.requests.filter((r) => r.status === 0 && relativePath(r.path) === '/contact/');
    const retried = unanswered.every((h) => fake.requests.some((r) => r.at >= h.at && r.status === 200 && r.path === h.path && r.query._skip === h.query._skip));
    ctx.checks.expect('the hung request timed out and was retried', unanswered.length === 1 && retried, `${unanswered.length} unanswered, retried ${retried}`);

    // Always: reported after bounded attempts, data kept, no spinner left.
    fake.resetRequests();
    fake.setFaults({ hang: { path: '/contact/' } });
    const started = Date.now();
    const status = await load(controller, 'refresh() with every contact request hanging');
    const took = Date.now() - started;
    noteError(ctx, status);
    const audit = auditStore(controller.model);
    const attempts = contactPageRequests(fake).get('skip=0') ?? 0;
    ctx.checks.expect('the load is reported as timed out', status.error?.kind === 'timeout', status.error ? `${status.error.kind}: ${status.error.message}` : 'no error');
    ctx.checks.expect('no progress left spinning (phase is not loading)', status.phase !== 'loading', status.phase);
    ctx.checks.expect('earlier contacts stay, marked incomplete', status.phase === 'partial' && audit.ids.size === 300, `${status.phase}, ${audit.ids.size} shown`);
    ctx.checks.expect('the first page was tried a bounded number of times', attempts >= 2 && attempts <= maxAttempts, `${attempts} attempts`);
    ctx.checks.expect('it gave up in bounded time', took < timeoutMs * maxAttempts + 3000, `${took} ms`);
    return {
      outcome: `${first.phase} after a retried hang; always hanging: ${status.phase}, ${status.error?.kind ?? 'no error'} after ${attempts} attempts (${took} ms)`,
      lost: converged.lost + missing(serverIds(fake), audit.ids).length,
      duplicates: Math.max(converged.duplicates, audit.duplicates),
    };
  },
};

const malformed: Scenario = {
  id: 5,
  name: 'malformed JSON / HTML page / wrong shape',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 300, seed: 15 });
    const controller = ctx.controller(ctx.client(fake, { maxAttempts: 2 }), fake, { pageSize: 50 });
    await load(controller);
    checkConverged(ctx, controller, fake, 'before the broken answers');
    const ids = serverIds(fake);
    const outcomes: string[] = [];
    let lost = 0;
    let duplicates = 0;
    for (const kind of ['json', 'html', 'shape'] as const) {
      fake.setFaults({ malformed: { kind, path: '/contact/' } });
      const status = await load(controller, `refresh() with ${kind} answers`);
      noteError(ctx, status);
      const audit = auditStore(controller.model);
      const message = status.error?.message ?? '';
      ctx.checks.expect(`${kind}: error kind is badResponse`, status.error?.kind === 'badResponse', status.error ? `${status.error.kind}: ${message}` : 'no error');
      ctx.checks.expect(`${kind}: the message says what happened, no raw body or parser text`, message.length > 20 && !/<html|<head|SyntaxError|Unexpected token|status code/i.test(message), message);
      ctx.checks.expect(`${kind}: earlier data kept (phase partial)`, status.phase === 'partial', summarize(status));
      lost += missing(ids, audit.ids).length;
      duplicates += audit.duplicates;
      outcomes.push(`${kind}: ${status.error?.kind ?? status.phase}`);
    }
    fake.setFaults({});
    await load(controller, 'refresh() after the faults cleared');
    checkConverged(ctx, controller, fake, 'after the faults cleared');
    return { outcome: `kept ${ids.length}; ${outcomes.join(', ')}; recovered`, lost, duplicates };
  },
};

/** 401s, and whether any request was retried after one. */
function rejections(fake: FakeClose): { count: number; retried: number; first?: number } {
  const rejected = fake.requests.filter((r) => r.status === 401);
  const perRequest = new Map<string, number>();
  for (const r of rejected) {
    const key = `${relativePath(r.path)}?${r.query._skip ?? 0}`;
    perRequest.set(key, (perRequest.get(key) ?? 0) + 1);
  }
  return { count: rejected.length, retried: [...perRequest.values()].filter((n) => n > 1).length, first: rejected[0]?.at };
}

const revoked: Scenario = {
  id: 6,
  name: 'key revoked mid-load (401)',
  async run(ctx) {
    const window = MAX_CONTACT_WINDOW + LEAD_WINDOW;
    // a) Revoked while contact pages stream in.
    const fake = await ctx.server({ contacts: 1000, seed: 16 });
    fake.setFaults({ revokeAfter: 10 });
    const client = ctx.client(fake);
    const controller = ctx.controller(client, fake, { pageSize: 20 });
    const status = await load(controller);
    const end = endOf(client);
    noteError(ctx, status);
    const a = rejections(fake);
    const audit = auditStore(controller.model);
    ctx.checks.expect('error kind is auth (the view asks for a key)', status.error?.kind === 'auth', status.error ? `${status.error.kind}: ${status.error.message}` : 'no error');
    ctx.checks.expect('the message points to Set API Key', /api key/i.test(status.error?.message ?? ''), status.error?.message);
    ctx.checks.expect('phase is not loading', status.phase !== 'loading', status.phase);
    ctx.checks.expect(`no retry storm: 401s at most one window (${window})`, a.count >= 1 && a.count <= window, `${a.count} × 401`);
    ctx.checks.expect('no request retried after a 401', a.retried === 0, `${a.retried} retried`);
    const stray = await requestsAfterEnd(client, end);
    ctx.checks.expect('no request after the load ended', stray.count === 0, stray.detail);

    // b) The lead-name loader meets the 401 first while a contact page hangs: the load still
    // stops at once and says the key was rejected (not "cancelled"). The hung request's timeout
    // is far beyond the load's deadline, so a load that waited for it would not end at all.
    const fake2 = await ctx.server({ contacts: 300, leads: 200, seed: 26 });
    fake2.setFaults({ hang: { path: '/contact/', times: 1 }, revokeAfter: 12 });
    const controller2 = ctx.controller(ctx.client(fake2, { timeoutMs: 10 * LOAD_TIMEOUT_MS }), fake2, { pageSize: 50, leadPageSize: 10 });
    const status2 = await load(controller2, 'refresh() with lead names rejected first');
    noteError(ctx, status2);
    const b = rejections(fake2);
    const firstRejected = fake2.requests.find((r) => r.status === 401);
    ctx.checks.expect('lead loader saw the first 401 (setup)', firstRejected !== undefined && relativePath(firstRejected.path) === '/lead/', firstRejected ? relativePath(firstRejected.path) : 'no 401');
    ctx.checks.expect('lead 401 first: error kind is auth', status2.error?.kind === 'auth', status2.error ? `${status2.error.kind}: ${status2.error.message}` : 'no error');
    ctx.checks.expect('lead 401 first: stopped without waiting for the hung request', status2.phase !== 'loading' && b.first !== undefined, `${status2.phase}, first 401 ${b.first === undefined ? 'never' : 'seen'}`);
    ctx.checks.expect('lead 401 first: no retry storm', b.count <= window && b.retried === 0, `${b.count} × 401, ${b.retried} retried`);
    ctx.checks.expect('lead 401 first: phase is not loading', status2.phase !== 'loading', status2.phase);

    // Pages applied before the revocation stay (in order, so a prefix of the list).
    const kept = serverIds(fake).slice(0, audit.ids.size);
    return {
      outcome: `stopped (${status.phase}): ${status.error?.kind ?? 'no error'} after ${a.count} × 401; lead loader first: ${status2.error?.kind ?? 'no error'} after ${b.count} × 401`,
      lost: missing(kept, audit.ids).length,
      duplicates: audit.duplicates,
    };
  },
};

const mutating: Scenario = {
  id: 7,
  name: 'contacts added/deleted between pages',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 600, seed: 17 });
    fake.setFaults({ mutateBetweenPages: { insertEvery: 3, deleteEvery: 2 } });
    const controller = ctx.controller(ctx.client(fake), fake, { pageSize: 20 });
    const first = await load(controller);
    const audit1 = auditStore(controller.model);
    const diff1 = sameIds(audit1.ids, serverIds(fake));
    const repeated = controller.loadStats?.repeated ?? 0;
    ctx.checks.expect('first load under mutation ends', first.phase !== 'loading', summarize(first));
    ctx.checks.expect('no duplicate ids in the tree after the live load', audit1.duplicates === 0 && audit1.consistent, audit1.detail);
    fake.setFaults({});
    await load(controller, 'second refresh');
    const result = checkConverged(ctx, controller, fake, 'second refresh');
    return {
      outcome: `first pass ${first.phase} (${repeated} repeated records folded, ${diff1.missing} missed, ${diff1.extra} since deleted); second refresh converged`,
      lost: result.lost,
      duplicates: Math.max(audit1.duplicates, result.duplicates),
    };
  },
};

const maxSkip: Scenario = {
  id: 8,
  name: 'max_skip refuses deep _skip',
  async run(ctx) {
    const limit = 200;
    const pageSize = 50;
    const fake = await ctx.server({ contacts: 600, seed: 18, maxSkip: limit });
    const controller = ctx.controller(ctx.client(fake), fake, { pageSize });
    const status = await load(controller);
    noteError(ctx, status);
    const listable = limit + pageSize;
    const audit = auditStore(controller.model);
    const expected = serverIds(fake).filter((_id, i) => i < listable || fake.dataset.contacts[i]?.lead_id);
    const byLead = fake.requests.filter((r) => r.query.lead_id !== undefined);
    ctx.checks.expect('phase is complete', status.phase === 'complete', summarize(status));
    ctx.checks.expect('status.skipLimited names max_skip and the lead-by-lead load', status.skipLimited?.maxSkip === limit && status.skipLimited.completedByLead === true, JSON.stringify(status.skipLimited));
    ctx.checks.expect('not reported as an error', status.error === undefined, status.error?.message);
    ctx.checks.expect('every contact with a lead is shown, and those the listing reached', missing(expected, audit.ids).length === 0 && audit.ids.size === expected.length, `${audit.ids.size} of ${expected.length}`);
    ctx.checks.expect('one lead_id listing per lead', byLead.length === fake.dataset.leads.length, `${byLead.length} for ${fake.dataset.leads.length} leads`);
    ctx.checks.expect('the view says Close limits the listing', /limit/i.test(viewText(status)), viewText(status));
    return {
      outcome: `complete: ${listable} listed up to max_skip ${status.skipLimited?.maxSkip ?? 'unset'}, the rest lead by lead (${byLead.length} lead_id requests)`,
      lost: missing(expected, audit.ids).length,
      duplicates: audit.duplicates,
    };
  },
};

const offline: Scenario = {
  id: 9,
  name: 'network down after a cached load',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 300, seed: 19 });
    const cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-faults-'));
    try {
      const online = ctx.controller(ctx.client(fake), fake, { cacheDir });
      await load(online);
      checkConverged(ctx, online, fake, 'online load');
      await within(online.whenCacheWritten(), LOAD_TIMEOUT_MS, 'the cache write');
      const files = await fs.readdir(cacheDir);
      const cacheText = (await Promise.all(files.map((f) => fs.readFile(path.join(cacheDir, f), 'utf8')))).join('\n');
      ctx.checks.expect('a cache file was written', files.length > 0, files.join(', '));
      ctx.checks.expect('the cache holds no API key', !cacheText.includes(fake.apiKey));
      const ids = serverIds(fake);
      await fake.close();

      // The next start: the cache shows at once, the refresh finds the network down.
      const restarted = ctx.controller(ctx.client(fake, { maxAttempts: 3 }), fake, { cacheDir });
      const restored = await restarted.restoreFromCache();
      ctx.checks.expect('the cache is shown at start', restored && restarted.model.size === ids.length, `${restored}, ${restarted.model.size}`);
      const started = Date.now();
      const status = await load(restarted, 'refresh() while offline');
      noteError(ctx, status);
      const audit = auditStore(restarted.model);
      const message = status.error?.message ?? '';
      ctx.checks.expect('error kind is network', status.error?.kind === 'network', status.error ? `${status.error.kind}: ${message}` : 'no error');
      ctx.checks.expect('the message says Close could not be reached', /offline|could not reach|couldn't reach|cannot reach|connect/i.test(message), message);
      ctx.checks.expect('status.stale is set', status.stale, JSON.stringify({ phase: status.phase, stale: status.stale, cachedAt: status.cachedAt }));
      ctx.checks.expect('the view marks the contacts stale', /stale/i.test(viewText(status)), viewText(status));
      ctx.checks.expect('phase is not loading', status.phase !== 'loading', status.phase);
      ctx.checks.expect('gave up after the 3 tries it was given', /after 3 tries/.test(message), `${Date.now() - started} ms: ${message}`);
      return {
        outcome: `${status.phase}, stale: ${status.error?.message ?? 'no error'}`,
        lost: missing(ids, audit.ids).length,
        duplicates: audit.duplicates,
      };
    } finally {
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  },
};

const refreshStorm: Scenario = {
  id: 10,
  name: 'Refresh pressed five times quickly',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 2000, seed: 20, latencyMs: 15 });
    const client = ctx.client(fake);
    const controller = ctx.controller(client, fake, { pageSize: 50 });
    const presses: Promise<void>[] = [];
    const outcomes: ('resolved' | 'rejected')[] = [];
    for (let i = 0; i < 5; i++) {
      const seen = fake.requests.length;
      if (i === 4) {
        client.mark();
      }
      const press = controller.refresh().then(
        () => void outcomes.push('resolved'),
        () => void outcomes.push('rejected'),
      );
      presses.push(press);
      if (i < 4) {
        // The next press comes while this load has requests on the wire.
        await waitFor(() => fake.requests.length > seen, 5000, 'a request of the load');
      }
    }
    await within(Promise.all(presses), LOAD_TIMEOUT_MS, 'five refreshes');
    await waitFor(() => client.inFlight.size === 0, 2000, 'cancelled requests to settle').catch(() => undefined);
    await settle();
    const result = checkConverged(ctx, controller, fake, 'after five refreshes');
    ctx.checks.expect('every refresh() resolved, none rejected', outcomes.length === 5 && outcomes.every((o) => o === 'resolved'), outcomes.join(', '));
    ctx.checks.expect(
      `after the last press, one load's requests in flight at most (${MAX_CONTACT_WINDOW + LEAD_WINDOW})`,
      client.maxLive <= MAX_CONTACT_WINDOW + LEAD_WINDOW,
      `${client.maxLive} in flight`,
    );
    ctx.checks.expect('cancelled requests all ended', client.inFlight.size === 0, `${client.inFlight.size} still in flight`);
    return { ...result, outcome: `${result.outcome}; at most ${client.maxLive} requests in flight after the last press, ${fake.requests.length} requests in all` };
  },
};

const bogusReset: Scenario = {
  id: 11,
  name: 'bogus RateLimit reset (Unix time, negative, huge, text)',
  async run(ctx) {
    const perSecond = 20;
    const outcomes: string[] = [];
    let lost = 0;
    let duplicates = 0;
    for (const kind of ['unix', 'negative', 'huge', 'nonNumeric'] as readonly BogusResetKind[]) {
      // About 60 requests: a 3 s floor, so one 429's 1 s pause (the fake's fixed windows allow
      // one now and then, bogus headers or not) still fits in 2x.
      const fake = await ctx.server({ contacts: 1200, seed: 21, rateLimitPerSecond: perSecond });
      fake.setFaults({ bogusReset: { kind, on: 'all', retryAfter: true } });
      const logsBefore = ctx.logs.length;
      const controller = ctx.controller(ctx.client(fake), fake, { pageSize: 20 });
      const started = Date.now();
      await load(controller, `refresh() with reset ${kind}`);
      const ms = Date.now() - started;
      const result = checkConverged(ctx, controller, fake, kind);
      const answered = fake.requests.filter((r) => r.status === 200).length;
      const floorMs = (answered / perSecond) * 1000;
      ctx.checks.expect(`${kind}: the load took at most 2x the floor (${answered} requests at ${perSecond}/s)`, ms <= 2 * floorMs, `${ms} ms, floor ${floorMs} ms`);
      const noted = ctx.logs.slice(logsBefore).filter((l) => /RateLimit reset=/.test(l));
      ctx.checks.expect(`${kind}: the bogus value is logged once`, noted.length === 1, `${noted.length} lines`);
      lost += result.lost;
      duplicates += result.duplicates;
      outcomes.push(`${kind} ${(ms / floorMs).toFixed(2)}x (${fake.requests.length - answered} × 429)`);
    }
    return { outcome: `completed, time against the floor: ${outcomes.join(', ')}`, lost, duplicates };
  },
};

const oversized: Scenario = {
  id: 12,
  name: 'oversized answer (100 MB, 1 GB gzip bomb)',
  async run(ctx) {
    const MB = 1024 * 1024;
    const fake = await ctx.server({ contacts: 300, seed: 22 });
    // The 32 MB read before the cap stops it can take over FAST_CLIENT's 2 s on a busy machine.
    const controller = ctx.controller(ctx.client(fake, { timeoutMs: 20_000 }), fake, { pageSize: 50 });
    await load(controller);
    checkConverged(ctx, controller, fake, 'before the oversized answers');
    const ids = serverIds(fake);
    const outcomes: string[] = [];
    let lost = 0;
    let duplicates = 0;
    for (const { label, bytes, gzip } of [
      { label: '100 MB', bytes: 100 * MB, gzip: false },
      { label: '1 GB gzip bomb', bytes: 1024 * MB, gzip: true },
    ]) {
      fake.resetRequests();
      // At _skip 0: a request the last load left in flight must not take the fault.
      fake.setFaults({ oversizedBody: { bytes, gzip, path: '/contact/', skip: 0, times: 1 } });
      const status = await load(controller, `refresh() with a ${label} answer`);
      noteError(ctx, status);
      const audit = auditStore(controller.model);
      const message = status.error?.message ?? '';
      const big = fake.requests.find((r) => r.bodyBytes !== undefined);
      const sameSkip = big ? fake.requests.filter((r) => r.path === big.path && r.query._skip === big.query._skip).length : 0;
      const produced = big?.bodyBytes ?? 0;
      ctx.checks.expect(`${label}: error kind is badResponse`, status.error?.kind === 'badResponse', status.error ? `${status.error.kind}: ${message}` : 'no error');
      ctx.checks.expect(`${label}: the message says the answer was too large`, /larger than 32 MB/.test(message), message);
      ctx.checks.expect(`${label}: not retried`, sameSkip === 1, `${sameSkip} requests for that page`);
      ctx.checks.expect(`${label}: reading stopped early`, produced > 0 && produced < bytes / 2, `${(produced / MB).toFixed(0)} MB of ${label} produced`);
      ctx.checks.expect(`${label}: earlier data kept (phase partial)`, status.phase === 'partial', summarize(status));
      lost += missing(ids, audit.ids).length;
      duplicates += audit.duplicates;
      outcomes.push(`${label}: ${status.error?.kind ?? status.phase}, 1 try, ${(produced / MB).toFixed(0)} MB sent`);
    }
    fake.setFaults({});
    await load(controller, 'refresh() after the faults cleared');
    checkConverged(ctx, controller, fake, 'after the faults cleared');
    return { outcome: `kept ${ids.length}; ${outcomes.join('; ')}; recovered`, lost, duplicates };
  },
};

/** Retries slow enough for the server to come back before they run out (about 3 s or more). */
const PATIENT_RETRIES = { retryBaseDelayMs: 400 };

const offlineThenOnline: Scenario = {
  id: 13,
  name: 'offline then online',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 300, seed: 21 });
    // The client's retry notices reach the controller, as in the extension (none before it exists).
    const client = ctx.client(fake, { ...PATIENT_RETRIES, onRetry: (notice) => c.noteClientNotice(notice) });
    const c = ctx.controller(client, fake);
    await load(c);
    checkConverged(ctx, c, fake, 'online load');
    const ids = serverIds(fake);

    await fake.goOffline();
    const started = Date.now();
    const refresh = c.refresh();
    await within(waitFor(() => c.status.trouble !== undefined, 5000, 'the view to say Close is unreachable'), 6000, 'the offline message');
    const saidAfter = Date.now() - started;
    const offlineText = viewText(c.status);
    ctx.logs.push(offlineText);
    // Shown on the first failure, while the retries run (the model test pins "before any wait").
    ctx.checks.expect('while retrying, the view says Close cannot be reached', c.status.phase === 'loading' && /Can't reach Close at 127\.0\.0\.1:\d+/.test(offlineText), `${saidAfter} ms: ${offlineText}`);
    ctx.checks.expect('the message says when and which retry comes', /Retrying (in \d+ s|now) \(\d of 5\)/.test(offlineText), offlineText);
    ctx.checks.expect('the rows stay while retrying', c.model.size === ids.length, `${c.model.size} of ${ids.length}`);

    await fake.goOnline();
    await within(refresh, LOAD_TIMEOUT_MS, 'the refresh once Close is back');
    await settle();
    const result = checkConverged(ctx, c, fake, 'back online');
    ctx.checks.expect('the trouble is gone once Close answers', c.status.trouble === undefined && !/Can't reach/.test(viewText(c.status)), viewText(c.status));
    return { ...result, outcome: `${result.outcome}; "Can't reach Close" shown ${saidAfter} ms after the refresh started` };
  },
};

const leadsForbidden: Scenario = {
  id: 14,
  name: '403 on leads',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 400, leads: 50, seed: 22 });
    fake.setFaults({ forbid: { path: '/lead/' } });
    const controller = ctx.controller(ctx.client(fake), fake);
    await load(controller);
    noteError(ctx, controller.status);
    const result = checkConverged(ctx, controller, fake, '403 on /lead/');
    const byId = controller.model.groups().filter((g) => g.leadId !== null && controller.leadLabel(g.leadId) !== g.leadId);
    ctx.checks.expect('lead groups are labelled by lead id', byId.length === 0, `${byId.length} groups named otherwise`);
    const text = viewText(controller.status);
    ctx.checks.expect('the view says lead names are not available to this key, and why', /Lead names are not available to this API key \(Close answered 403 on \/lead\/\)/.test(text), text);
    ctx.checks.expect('no error asks for another key', controller.status.error === undefined, controller.status.error?.message);
    const leadRequests = fake.requests.filter((r) => relativePath(r.path).startsWith('/lead/')).length;
    ctx.checks.expect('the 403 is not retried', leadRequests <= LEAD_WINDOW, `${leadRequests} lead requests`);
    return { ...result, outcome: `${result.outcome}; groups by lead id, the view says lead names are not available (403)` };
  },
};

const deletesWhilePaging: Scenario = {
  id: 15,
  name: 'deletes while paging (issue 8)',
  async run(ctx) {
    const fake = await ctx.server({ contacts: 3000, seed: 21 });
    const before = serverIds(fake);
    // Contacts already listed vanish (every offset after them moves back), new ones appear anywhere.
    fake.setFaults({ mutateBetweenPages: { deleteEvery: 2, deleteAt: 'listed', insertEvery: 3, insertAt: 'random' } });
    const controller = ctx.controller(ctx.client(fake), fake, { pageSize: 100 });
    const first = await load(controller);
    const deleted = new Set(fake.mutations.deleted);
    const inserted = fake.mutations.inserted.length;
    const survivors = before.filter((id) => !deleted.has(id));
    const audit1 = auditStore(controller.model);
    const lost = missing(survivors, audit1.ids).length;
    const misses = controller.loadStats?.misses ?? 0;
    ctx.checks.expect('contacts were deleted while paging', deleted.size > 0, `${deleted.size} deleted, ${inserted} inserted`);
    ctx.checks.expect('the live load completes', first.phase === 'complete', summarize(first));
    ctx.checks.expect('every contact present for the whole load is shown', lost === 0, `${lost} of ${survivors.length} missing`);
    ctx.checks.expect('the shifted pages were noticed and re-read', misses > 0, `${misses} re-read`);
    ctx.checks.expect('no duplicate ids in the tree after the live load', audit1.duplicates === 0 && audit1.consistent, audit1.detail);
    fake.setFaults({});
    await load(controller, 'second refresh');
    const result = checkConverged(ctx, controller, fake, 'second refresh');
    const gone = [...deleted].filter((id) => controller.model.get(id) !== undefined).length;
    ctx.checks.expect('deleted contacts are gone after the next refresh', gone === 0, `${gone} still shown`);
    return {
      outcome: `${first.phase}, ${deleted.size} deleted + ${inserted} inserted meanwhile, ${misses} pages re-read, ${survivors.length - lost}/${survivors.length} survivors kept`,
      lost: lost + result.lost,
      duplicates: Math.max(audit1.duplicates, result.duplicates),
    };
  },
};

export const SCENARIOS: readonly Scenario[] = [
  rateLimited,
  flaky,
  failingPage,
  hanging,
  malformed,
  revoked,
  mutating,
  maxSkip,
  offline,
  refreshStorm,
  bogusReset,
  oversized,
  offlineThenOnline,
  leadsForbidden,
  deletesWhilePaging,
];
