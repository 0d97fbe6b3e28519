// Issue 8, point 2: no header can stall the client. Loads over real HTTP against the fake
// Close with each kind of bogus `reset` (and Retry-After), with the real RateLimiter.
import * as assert from 'node:assert/strict';
import type { CloseClient } from '../../../src/close/client';
import { MAX_TIMER_MS } from '../../../src/close/timers';
import { loadPaged } from '../../../src/model/loader';
import type { BogusResetKind, FakeClose } from '../../fake/server';
import { clientFor, fakeClose, listBody, longestTimer, rejection, tinyServer, until } from './helpers';

const PER_SECOND = 20;
const KINDS: readonly BogusResetKind[] = ['unix', 'negative', 'huge', 'nonNumeric'];

async function loadAll(client: CloseClient, pageSize: number): Promise<{ items: number; complete: boolean }> {
  const result = await loadPaged({
    fetchPage: (skip, limit, signal) => client.listContacts({ skip, limit, fields: ['id'] }, signal),
    pageSize,
    window: 6,
    signal: new AbortController().signal,
    onPage: () => undefined,
  });
  return { items: result.items, complete: result.complete };
}

describe('CloseClient: waits taken from the server are checked and capped', function () {
  this.timeout(30_000);
  let fake: FakeClose;

  before(async () => {
    // 60 pages of 10: a 3 s floor, so one 429's 1 s pause (the fake's fixed windows allow one
    // now and then, bogus headers or not) still fits in 2x.
    fake = await fakeClose({ contacts: 600, rateLimitPerSecond: PER_SECOND });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.resetRequests();
    fake.setFaults({});
    fake.setRateLimit(PER_SECOND); // a fresh window for each test
  });

  for (const kind of KINDS) {
    it(`bogus reset on every answer (${kind}): a rate-limited load completes within 2x the floor, no timer over 2^31-1 ms`, async () => {
      fake.setFaults({ bogusReset: { kind, on: 'all', retryAfter: true } });
      const { client, lines } = clientFor(fake.url);
      const started = Date.now();
      const { result, longestMs } = await longestTimer(() => loadAll(client, 10));
      const ms = Date.now() - started;
      const answered = fake.requests.filter((r) => r.status === 200).length;
      const floorMs = (answered / PER_SECOND) * 1000;
      assert.deepEqual(result, { items: 600, complete: true });
      assert.ok(ms <= 2 * floorMs, `took ${ms} ms against a floor of ${floorMs} ms (${answered} requests at ${PER_SECOND}/s)`);
      assert.ok(longestMs <= MAX_TIMER_MS, `a timer of ${longestMs} ms was set`);
      assert.ok(longestMs <= 120_000, `a timer of ${longestMs} ms was set`);
      // One line for the kind of nonsense, not one per answer.
      const noted = lines.filter((l) => /RateLimit reset=/.test(l));
      assert.equal(noted.length, 1, noted.join('\n'));
      assert.match(noted[0] as string, kind === 'unix' ? /looks like a Unix time.*read as \d+ s/ : /ignored/);
    });
  }

  for (const kind of KINDS) {
    it(`bogus reset and Retry-After on a 429 (${kind}): waits a sane time, not the bogus one`, async () => {
      fake.setFaults({ every429: { every: 2, retryAfterSeconds: 1 }, bogusReset: { kind, on: '429', retryAfter: true } });
      const { client, lines } = clientFor(fake.url, { rateLimitDefaultWaitMs: 300 });
      const { longestMs } = await longestTimer(async () => {
        await client.listContacts({ limit: 1 });
        await client.listContacts({ limit: 1 });
      });
      const [, limited, retried] = fake.requests;
      assert.deepEqual(
        fake.requests.map((r) => r.status),
        [200, 429, 200],
      );
      const waited = (retried?.at ?? 0) - (limited?.at ?? 0);
      // unix: the converted reset (about 1 s); the others: the 429 body's rate_reset (1 s).
      assert.ok(waited >= 250 && waited < 3000, `waited ${waited} ms`);
      assert.ok(longestMs <= 120_000, `a timer of ${longestMs} ms was set`);
      assert.equal(lines.filter((l) => /RateLimit reset=/.test(l)).length, 1, lines.join('\n'));
      assert.equal(lines.filter((l) => /Retry-After: /.test(l)).length, 1, lines.join('\n'));
    });
  }

  it('a long Retry-After (seconds or HTTP date) on 503 and 429 is capped at 120 s and logged once', async () => {
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    const server = await tinyServer((_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(503, { 'Retry-After': '3600' }).end();
      } else if (hit === 2) {
        res.writeHead(429, { 'Retry-After': future }).end();
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(listBody(['a']));
      }
    });
    try {
      const sleeps: number[] = [];
      const { client, lines } = clientFor(server.url, {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      });
      const controller = new AbortController();
      const { result: error, longestMs } = await longestTimer(async () => {
        const pending = rejection(client.listContacts({}, controller.signal));
        // The 429 holds the limiter: its pause is capped, and reported while it lasts.
        await until(() => client.rateLimiter.waitState() !== undefined);
        const wait = client.rateLimiter.waitState();
        assert.equal(wait?.waiting, 1);
        const heldMs = (wait?.untilMs ?? 0) - Date.now();
        assert.ok(heldMs <= 120_000 && heldMs > 100_000, `held for ${heldMs} ms`);
        controller.abort(); // no need to sit out the two minutes
        return pending;
      });
      assert.equal(error.kind, 'cancelled');
      assert.equal(server.hits, 2);
      assert.deepEqual(sleeps, [120_000]);
      assert.ok(longestMs <= 120_000, `a timer of ${longestMs} ms was set`);
      assert.equal(lines.filter((l) => /waiting at most 120 s/.test(l)).length, 1, lines.join('\n'));
    } finally {
      await server.close();
    }
  });
});
