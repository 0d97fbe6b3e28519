import * as assert from 'node:assert/strict';
import { parseRateLimit, RateLimiter } from '../../../src/close/rateLimit';

describe('parseRateLimit', () => {
  it('reads the combined RateLimit header', () => {
    assert.deepEqual(parseRateLimit({ ratelimit: 'limit=100, remaining=50, reset=5' }), { limit: 100, remaining: 50, resetSeconds: 5 });
    assert.deepEqual(parseRateLimit({ RateLimit: 'limit=20,remaining=0,reset=0.5' }), { limit: 20, remaining: 0, resetSeconds: 0.5 });
  });

  it('reads the older X-Rate-Limit-* headers and RateLimit-* headers', () => {
    assert.deepEqual(parseRateLimit({ 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': '15' }), {
      limit: 600,
      remaining: 3,
      resetSeconds: 15,
    });
    assert.deepEqual(parseRateLimit({ 'ratelimit-limit': '10', 'ratelimit-remaining': ['4'], 'ratelimit-reset': '2' }), {
      limit: 10,
      remaining: 4,
      resetSeconds: 2,
    });
  });

  it('reads Retry-After as seconds or as a date', () => {
    assert.deepEqual(parseRateLimit({ 'retry-after': '3' }), { retryAfterSeconds: 3 });
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.deepEqual(parseRateLimit({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, now), { retryAfterSeconds: 7 });
  });

  it('ignores garbage and absent headers', () => {
    assert.equal(parseRateLimit({}), undefined);
    assert.equal(parseRateLimit({ ratelimit: 'limit=abc, remaining=-1', 'retry-after': 'soon' }), undefined);
  });
});

describe('RateLimiter', () => {
  it('lets a small burst through before any header, then waits for an answer', async () => {
    const limiter = new RateLimiter({ burst: 3 });
    const granted: number[] = [];
    const tickets = [1, 2, 3, 4, 5].map(() => limiter.acquire().then((t) => (granted.push(t), t)));
    await Promise.all(tickets.slice(0, 3));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(granted, [1, 2, 3]);
    limiter.release(1); // an answer without headers lets one more go
    await tickets[3];
    assert.deepEqual(granted, [1, 2, 3, 4]);
    assert.equal(limiter.pending, 3);
    limiter.observe(2, undefined);
    await tickets[4];
    assert.equal(limiter.stats.requests, 5);
  });

  it('paces at a little under limit per window once the limit is known', async () => {
    const limiter = new RateLimiter({ burst: 1, paceFraction: 1 });
    const first = await limiter.acquire();
    limiter.observe(first, { limit: 50, remaining: 49, resetSeconds: 1 });
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      const ticket = await limiter.acquire();
      limiter.observe(ticket, { limit: 50, remaining: 40, resetSeconds: 1 });
    }
    const elapsed = Date.now() - started;
    // 50 per second is one every 20 ms; the first one repays the burst.
    assert.ok(elapsed >= 200, `10 requests took ${elapsed} ms`);
    assert.ok(elapsed < 600, `10 requests took ${elapsed} ms`);
  });

  it('holds every request while paused after a 429, and serves waiters in order', async () => {
    const limiter = new RateLimiter({ burst: 4 });
    const first = await limiter.acquire();
    limiter.observe(first, { limit: 1000, remaining: 0, resetSeconds: 1 });
    limiter.pauseFor(0.3);
    const started = Date.now();
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => limiter.acquire().then(() => order.push(i))));
    assert.ok(Date.now() - started >= 295);
    assert.deepEqual(order, [0, 1, 2]);
    assert.equal(limiter.stats.rateLimited, 1);
    assert.ok(limiter.stats.waits >= 3);
  });

  it('waits for the reset when the server says no room is left in a longer window', async () => {
    const limiter = new RateLimiter({ burst: 4 });
    const first = await limiter.acquire();
    // reset=2 in whole seconds: the window may end in just over 1 s.
    limiter.observe(first, { limit: 1000, remaining: 0, resetSeconds: 2 });
    const started = Date.now();
    await limiter.acquire();
    assert.ok(Date.now() - started >= 990, `waited ${Date.now() - started} ms`);
  });

  it('a cancelled wait rejects with cancelled and leaves the queue', async () => {
    const limiter = new RateLimiter();
    limiter.pauseFor(30);
    const controller = new AbortController();
    const pending = limiter.acquire(controller.signal);
    controller.abort();
    await assert.rejects(pending, (error: unknown) => (error as { kind?: string }).kind === 'cancelled');
    assert.equal(limiter.stats.requests, 0);
  });
});
