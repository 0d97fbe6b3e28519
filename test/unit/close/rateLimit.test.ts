import * as assert from 'node:assert/strict';
import { RateLimiter, type RateLimitWait } from '../../../src/close/rateLimit';
import { parseRateLimit } from '../../../src/close/rateLimitHeaders';
import { VirtualClock } from './helpers';

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

  it('several policies in RateLimit (the key’s and its organization’s, or two lines): the one with the fewest left, whole', () => {
    assert.deepEqual(parseRateLimit({ ratelimit: 'limit=60, remaining=40, reset=1, limit=20, remaining=3, reset=2' }), { limit: 20, remaining: 3, resetSeconds: 2 });
    assert.deepEqual(parseRateLimit({ RateLimit: ['limit=20, remaining=15, reset=1', 'limit=60, remaining=2, reset=4'] }), { limit: 60, remaining: 2, resetSeconds: 4 });
    assert.deepEqual(parseRateLimit({ ratelimit: 'limit=60, remaining=5, reset=3, limit=20, remaining=5, reset=1' }), { limit: 20, remaining: 5, resetSeconds: 1 });
    // A policy without a readable `remaining` never wins over one with it.
    assert.deepEqual(parseRateLimit({ ratelimit: 'limit=20, remaining=9, reset=1, limit=5, remaining=soon, reset=1' }), { limit: 20, remaining: 9, resetSeconds: 1 });
    // Other headers on several lines: the first value, as before.
    assert.deepEqual(parseRateLimit({ 'retry-after': ['3', '5'] }), { retryAfterSeconds: 3 });
  });

  it('reads the IETF draft’s later form: remaining and reset by policy name, the limit from RateLimit-Policy', () => {
    assert.deepEqual(parseRateLimit({ ratelimit: '"default";r=7;t=1', 'ratelimit-policy': '"default";q=20;w=1' }), { limit: 20, remaining: 7, resetSeconds: 1 });
    // Several policies: the tightest, its limit found by its name whatever the order; unknown parameters are skipped.
    assert.deepEqual(
      parseRateLimit({
        RateLimit: '"key";r=12;t=1, "organization";r=2;t=0.4;pk=:YWJj:',
        'RateLimit-Policy': ['"organization";q=60;w=1', 'key;q=20;w=1'],
      }),
      { limit: 60, remaining: 2, resetSeconds: 0.4 },
    );
    // Without RateLimit-Policy the pace still has `remaining` and `reset`; one quota fits one policy of another name.
    assert.deepEqual(parseRateLimit({ ratelimit: 'burst;r=3;t=2' }), { remaining: 3, resetSeconds: 2 });
    assert.deepEqual(parseRateLimit({ ratelimit: '"a";r=3;t=2', 'ratelimit-policy': '"b";q=10;w=2' }), { limit: 10, remaining: 3, resetSeconds: 2 });
  });

  it('an early draft’s RateLimit-Limit with its quota policies listed after the value: the value', () => {
    assert.deepEqual(parseRateLimit({ 'ratelimit-limit': '20, 20;w=1, 1000;w=3600', 'ratelimit-remaining': '5', 'ratelimit-reset': '1' }), {
      limit: 20,
      remaining: 5,
      resetSeconds: 1,
    });
  });

  it('reads Retry-After as seconds or as a date', () => {
    assert.deepEqual(parseRateLimit({ 'retry-after': '3' }), { retryAfterSeconds: 3 });
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.deepEqual(parseRateLimit({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, now), { retryAfterSeconds: 7 });
  });

  it('ignores garbage and absent headers (a nonsense wait is noted for the log)', () => {
    assert.equal(parseRateLimit({}), undefined);
    assert.equal(parseRateLimit({ ratelimit: 'limit=abc, remaining=-1' }), undefined);
    assert.deepEqual(parseRateLimit({ ratelimit: 'limit=abc, remaining=-1', 'retry-after': 'soon' }), {
      notes: [{ source: 'retry-after', problem: 'notANumber', raw: 'soon' }],
    });
  });

  describe('waits that make no sense', () => {
    const now = Date.parse('2026-12-02T00:00:00Z');
    const nowS = now / 1000;

    it('a reset that looks like a Unix time is read as a time: capped at 120 s, never negative', () => {
      assert.deepEqual(parseRateLimit({ ratelimit: `limit=20, remaining=5, reset=${nowS + 3}` }, now), {
        limit: 20,
        remaining: 5,
        resetSeconds: 3,
        resetFromUnixTime: true,
        notes: [{ source: 'reset', problem: 'unixTime', raw: String(nowS + 3), usedSeconds: 3 }],
      });
      assert.equal(parseRateLimit({ ratelimit: `reset=${nowS + 3600}` }, now)?.resetSeconds, 120);
      assert.equal(parseRateLimit({ ratelimit: `reset=${nowS - 10}` }, now)?.resetSeconds, 0);
    });

    for (const [raw, problem] of [
      ['1733100000', 'huge'], // a Unix time two years off: not believable either way
      ['1000000000000000', 'huge'],
      ['1e300', 'huge'],
      ['-5', 'negative'],
      ['soon', 'notANumber'],
      ['1.2.3', 'notANumber'],
      ['', 'notANumber'],
    ] as const) {
      it(`reset=${raw === '' ? '(empty)' : raw} is ignored (${problem})`, () => {
        const state = parseRateLimit({ ratelimit: `limit=20, remaining=5, reset=${raw}`, 'x-rate-limit-reset': raw }, now);
        assert.equal(state?.resetSeconds, undefined);
        assert.equal(state?.remaining, 5);
        assert.equal(state?.notes?.[0]?.problem, problem);
      });
    }

    it('a long wait is capped at 120 s, as seconds or as an HTTP date; a far date is ignored', () => {
      assert.deepEqual(parseRateLimit({ 'retry-after': '3600' }, now), {
        retryAfterSeconds: 120,
        notes: [{ source: 'retry-after', problem: 'capped', raw: '3600', usedSeconds: 120 }],
      });
      assert.equal(parseRateLimit({ ratelimit: 'reset=600' }, now)?.resetSeconds, 120);
      assert.equal(parseRateLimit({ 'retry-after': new Date(now + 3_600_000).toUTCString() }, now)?.retryAfterSeconds, 120);
      const far = parseRateLimit({ 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }, now);
      assert.equal(far?.retryAfterSeconds, undefined);
      assert.equal(far?.notes?.[0]?.problem, 'huge');
      assert.equal(parseRateLimit({ 'retry-after': '-1' }, now)?.notes?.[0]?.problem, 'negative');
    });
  });
});

/** The limiter's wait for its next request, read through `waitState` with one request queued. */
async function heldForMs(limiter: RateLimiter, clock: VirtualClock): Promise<number | undefined> {
  const controller = new AbortController();
  const pending = limiter.acquire(controller.signal).catch(() => undefined);
  const held = limiter.waitState();
  controller.abort();
  await pending;
  return held === undefined ? undefined : held.untilMs - clock.now();
}

describe('RateLimiter: guards against bogus waits', () => {
  it('a huge reset handed in directly neither stalls the pace nor sets a timer past 2^31-1 ms', async () => {
    const clock = new VirtualClock(true);
    const limiter = clock.limiter({ burst: 1, paceFraction: 1 });
    const first = await limiter.acquire();
    limiter.observe(first, { limit: 600, remaining: 500, resetSeconds: 1e12 });
    const started = clock.now();
    for (let i = 0; i < 5; i++) {
      limiter.observe(await limiter.acquire(), { limit: 600, remaining: 500, resetSeconds: 1e12 });
    }
    const took = clock.now() - started;
    // Spread over at most a minute (MAX_WINDOW_S): 10 per second, not 600 per 10^12 s.
    assert.ok(took < 2_000, `5 requests took ${took} ms`);
    assert.ok(clock.longestMs <= 120_000, `a timer of ${clock.longestMs} ms was set`);
  });

  it('no room left with a huge reset holds requests at most 120 s', async () => {
    const clock = new VirtualClock(false);
    const limiter = clock.limiter();
    limiter.observe(await limiter.acquire(), { limit: 10, remaining: 0, resetSeconds: 1e12 });
    const held = await heldForMs(limiter, clock);
    assert.ok(held !== undefined && held <= 120_000 && held > 110_000, `held for ${held} ms`);
  });

  it('pauseFor caps the pause at 120 s and ignores NaN and negatives', async () => {
    for (const [seconds, expected] of [
      [Number.NaN, undefined],
      [-5, undefined],
      [1e12, 120_000],
      [Number.POSITIVE_INFINITY, 120_000],
    ] as const) {
      const clock = new VirtualClock(false);
      const limiter = clock.limiter();
      limiter.pauseFor(seconds);
      const held = await heldForMs(limiter, clock);
      if (expected === undefined) {
        assert.equal(held, undefined, `pauseFor(${seconds})`);
      } else {
        assert.ok(held !== undefined && held <= expected && held > expected - 5_000, `pauseFor(${seconds}): held for ${held} ms`);
      }
    }
  });
});

describe('RateLimiter: waitState and onWaitChange', () => {
  it('reports a hold of 1 s or more: starts, moves by 1 s or more, ends', async () => {
    const changes: (RateLimitWait | undefined)[] = [];
    const clock = new VirtualClock(false);
    const limiter: RateLimiter = clock.limiter({ onWaitChange: () => changes.push(limiter.waitState()) });
    limiter.pauseFor(5);
    assert.equal(limiter.waitState(), undefined, 'nothing queued: no wait to show');
    const controller = new AbortController();
    const queued = [limiter.acquire(controller.signal), limiter.acquire(controller.signal)].map((p) => p.catch(() => 'cancelled'));
    assert.equal(changes.length, 1);
    const started = changes[0];
    assert.equal(started?.waiting, 1, 'fired when the first request was held');
    assert.equal(limiter.waitState()?.waiting, 2);
    const untilMs = started?.untilMs ?? 0;
    assert.equal(untilMs - clock.now(), 5_000);

    limiter.pauseFor(5.5); // moves the end by under 1 s: no event
    assert.equal(changes.length, 1);
    limiter.pauseFor(8);
    assert.equal(changes.length, 2);
    assert.ok((changes[1]?.untilMs ?? 0) - untilMs >= 2_900);

    controller.abort();
    assert.deepEqual(await Promise.all(queued), ['cancelled', 'cancelled']);
    assert.equal(changes.length, 3);
    assert.equal(changes[2], undefined, 'ended when nothing is queued');
    assert.equal(limiter.waitState(), undefined);
  });

  it('a hold under 1 s, or waiting for answers before the pace is known, is not reported', async () => {
    let events = 0;
    const clock = new VirtualClock(true);
    const short = clock.limiter({ onWaitChange: () => events++ });
    short.pauseFor(0.3);
    const started = clock.now();
    await short.acquire();
    assert.equal(clock.now() - started, 300);
    const unknown = new RateLimiter({ burst: 1, onWaitChange: () => events++ });
    await unknown.acquire();
    const controller = new AbortController();
    const second = unknown.acquire(controller.signal).catch(() => undefined);
    assert.equal(unknown.waitState(), undefined);
    controller.abort();
    await second;
    assert.equal(events, 0);
  });

  it('a listener that throws does not stop requests', async () => {
    const clock = new VirtualClock(true);
    const limiter = clock.limiter({
      onWaitChange: () => {
        throw new Error('listener bug');
      },
    });
    limiter.pauseFor(1);
    const started = clock.now();
    await limiter.acquire();
    assert.equal(clock.now() - started, 1_000);
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

  /** Acquires with an injected clock; says whether it went at once, else when it is held until. */
  async function tryAcquire(limiter: RateLimiter, group?: string): Promise<{ ticket?: number; heldUntil?: number }> {
    const controller = new AbortController();
    let ticket: number | undefined;
    const pending = limiter.acquire(controller.signal, group).then((t) => (ticket = t), () => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    if (ticket !== undefined) {
      return { ticket };
    }
    const heldUntil = limiter.waitState()?.untilMs;
    controller.abort();
    await pending;
    return { heldUntil };
  }

  it('spends what the server says is left at once, then waits until its own sends leave room in the window', async () => {
    let t = 0;
    const limiter = new RateLimiter({ now: () => t });
    const first = await limiter.acquire();
    limiter.observe(first, { limit: 5, remaining: 4, resetSeconds: 1 });
    for (let i = 0; i < 4; i++) {
      assert.ok((await tryAcquire(limiter)).ticket !== undefined, `request ${i + 2} went at once`);
    }
    // Five sent at 0: the sixth waits for the window (1 s) and the slack for the trip (20 ms).
    assert.equal((await tryAcquire(limiter)).heldUntil, 1020);
    t = 1020;
    assert.ok((await tryAcquire(limiter)).ticket !== undefined);
  });

  it('counts a send from when it went out, not from when it was let through', async () => {
    let t = 0;
    const limiter = new RateLimiter({ now: () => t });
    const first = await limiter.acquire();
    limiter.sent(first);
    t = 150;
    limiter.observe(first, { limit: 3, remaining: 2, resetSeconds: 1 });
    const second = await limiter.acquire();
    const third = await limiter.acquire();
    t = 190;
    limiter.sent(third); // the event loop was busy: it went out 40 ms after it was let through
    limiter.sent(second); // and this one after it
    t = 1019;
    assert.equal((await tryAcquire(limiter)).ticket, undefined, 'the first went out at 0: held for 1 s and the slack');
    t = 1020;
    const fourth = (await tryAcquire(limiter)).ticket;
    assert.ok(fourth !== undefined);
    limiter.sent(fourth);
    t = 1209;
    assert.equal((await tryAcquire(limiter)).ticket, undefined, 'the next waits for the second as it went out (190), not as it was let through (150)');
    t = 1210;
    assert.ok((await tryAcquire(limiter)).ticket !== undefined);
  });

  it('leaves room for what other clients of the key spend: the limit less what the answers show they took', async () => {
    let t = 0;
    const limiter = new RateLimiter({ now: () => t });
    const first = await limiter.acquire();
    limiter.sent(first);
    t = 100;
    // Of 10 a second, Close has 5 left after our one request: others took 4.
    limiter.observe(first, { limit: 10, remaining: 5, resetSeconds: 1 });
    let sent = 1;
    while ((await tryAcquire(limiter)).ticket !== undefined) {
      sent++;
    }
    assert.equal(sent, 6, 'six of ours in the window, beside the four of others');
    t = 1020;
    assert.ok((await tryAcquire(limiter)).ticket !== undefined, 'the next goes when our first leaves the window');
  });

  it('an answer that comes long after its request is read against the sends before it: no one else is made up', async () => {
    let t = 0;
    const limiter = new RateLimiter({ now: () => t });
    const first = await limiter.acquire();
    limiter.observe(first, { limit: 4, remaining: 3, resetSeconds: 1 });
    const second = await limiter.acquire();
    t = 1300;
    await limiter.acquire(); // a third goes while the second is still out
    t = 1500;
    // The second reached Close after the first: 2 of 4 gone, both ours.
    limiter.observe(second, { limit: 4, remaining: 2, resetSeconds: 1 });
    assert.equal(limiter.timing.othersPerWindow, 0);
  });

  it("spends what an endpoint group has left only on that group's requests", async () => {
    let t = 0;
    const limiter = new RateLimiter({ now: () => t });
    const contact = await limiter.acquire(undefined, 'contact');
    const lead = await limiter.acquire(undefined, 'lead');
    t = 150;
    // Close counts the groups apart here: contacts are used up, leads nearly untouched.
    limiter.observe(contact, { limit: 2, remaining: 0, resetSeconds: 1 });
    limiter.observe(lead, { limit: 2, remaining: 1, resetSeconds: 1 });
    assert.equal((await tryAcquire(limiter, 'contact')).ticket, undefined, "the leads' remaining is not spent on a contact page");
    t = 1019;
    assert.equal((await tryAcquire(limiter, 'contact')).ticket, undefined);
    t = 1020;
    assert.ok((await tryAcquire(limiter, 'contact')).ticket !== undefined, 'it goes when the sends leave the window');
  });

  it('a request cancelled early says nothing of the round trip: the slack stays that of the answers', async () => {
    let t = 0;
    const limiter = new RateLimiter({ now: () => t, burst: 8 });
    const tickets = await Promise.all([1, 2, 3, 4, 5, 6].map(() => limiter.acquire()));
    t = 5;
    limiter.release(tickets[5] as number); // a page past the end, cancelled: not a trip of 5 ms
    t = 150;
    for (const ticket of tickets.slice(0, 4)) {
      limiter.observe(ticket, undefined);
    }
    limiter.observe(tickets[4] as number, { limit: 6, remaining: 0, resetSeconds: 1 });
    // Six sent at 0, five answered after 150 ms each: no spread, so the least slack (20 ms).
    t = 1019;
    assert.equal((await tryAcquire(limiter)).ticket, undefined, 'held until the window and the slack are over');
    t = 1020;
    assert.ok((await tryAcquire(limiter)).ticket !== undefined, 'went 1 s and 20 ms after the first six');
  });

  it('hints at the requests worth keeping in flight: the burst, then the pace of the limit over a typical round trip and half again', async () => {
    let t = 0;
    const limiter = new RateLimiter({ now: () => t, burst: 4 });
    assert.equal(limiter.inFlightHint, 4, 'nothing known yet');
    const first = await limiter.acquire();
    t = 400;
    limiter.observe(first, { limit: 20, remaining: 19, resetSeconds: 1 });
    assert.equal(limiter.inFlightHint, 12, '20 a second over 400 ms, and half again');
    const [quick, slow] = [await limiter.acquire(), await limiter.acquire()];
    t = 500;
    limiter.observe(quick, { limit: 20, remaining: 18, resetSeconds: 1 });
    t = 1400;
    limiter.observe(slow, { limit: 20, remaining: 17, resetSeconds: 1 });
    assert.equal(limiter.inFlightHint, 12, 'the median trip of 100, 400 and 1,000 ms: one slow answer does not move it');
    const sparse = new RateLimiter({ now: () => t });
    const only = await sparse.acquire();
    t += 100;
    sparse.observe(only, { limit: 100, remaining: 99, resetSeconds: 5 });
    assert.equal(sparse.inFlightHint, 3, '100 in 5 s over 100 ms, and half again');
  });

  it('counts earlier requests still unanswered against what a later answer says is left', async () => {
    let t = 0;
    const limiter = new RateLimiter({ now: () => t });
    await limiter.acquire(); // 1, still unanswered
    const second = await limiter.acquire();
    t = 150;
    // 3 left when 2 arrived; 1 may have arrived after it: 2 more may go, then the reset (earliest 2 s after 2 went).
    limiter.observe(second, { limit: 10, remaining: 3, resetSeconds: 3 });
    assert.ok((await tryAcquire(limiter)).ticket !== undefined);
    assert.ok((await tryAcquire(limiter)).ticket !== undefined);
    assert.equal((await tryAcquire(limiter)).heldUntil, 2000);
  });

  it('without any header, learns the limit from the first 429: the requests it sent in the window before', async () => {
    let t = 0;
    const limiter = new RateLimiter({ now: () => t });
    const tickets = await Promise.all([1, 2, 3, 4].map(() => limiter.acquire()));
    t = 150;
    for (const ticket of tickets.slice(0, 3)) {
      limiter.observe(ticket, undefined);
    }
    const late = await Promise.all([1, 2, 3].map(() => limiter.acquire())); // sent before the 429 came back
    limiter.observe(tickets[3] as number, undefined);
    limiter.pauseFor(1, tickets[3]);
    for (const ticket of late) {
      limiter.observe(ticket, undefined);
      limiter.pauseFor(1, ticket); // the rest of the burst: no new lesson
    }
    assert.equal(limiter.stats.rateLimited, 4);
    t = 1400;
    // The limit is 3 per second: 3 go, the fourth waits a window after them, with a slack of
    // the round trips' spread (150 ms: the three late ones were answered at once).
    for (let i = 0; i < 3; i++) {
      assert.ok((await tryAcquire(limiter)).ticket !== undefined, `request ${i + 1} after the pause`);
    }
    assert.equal((await tryAcquire(limiter)).heldUntil, 1400 + 1000 + 150);
  });

  it('holds every request while paused after a 429, and serves waiters in order', async () => {
    const clock = new VirtualClock(true);
    const limiter = clock.limiter({ burst: 4 });
    const first = await limiter.acquire();
    limiter.observe(first, { limit: 1000, remaining: 0, resetSeconds: 1 });
    limiter.pauseFor(0.3);
    const started = clock.now();
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => limiter.acquire().then(() => order.push(i))));
    assert.ok(clock.now() - started >= 300, `held ${clock.now() - started} ms`);
    assert.deepEqual(order, [0, 1, 2]);
    assert.equal(limiter.stats.rateLimited, 1);
    assert.ok(limiter.stats.waits >= 3);
  });

  it('waits for the reset when the server says no room is left in a longer window', async () => {
    const clock = new VirtualClock(true);
    const limiter = clock.limiter({ burst: 4 });
    const first = await limiter.acquire();
    // reset=2 in whole seconds: the window may end in just over 1 s.
    limiter.observe(first, { limit: 1000, remaining: 0, resetSeconds: 2 });
    const started = clock.now();
    await limiter.acquire();
    assert.ok(clock.now() - started >= 1_000, `waited ${clock.now() - started} ms`);
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
