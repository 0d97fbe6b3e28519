import * as assert from 'node:assert/strict';
import { createKeyLimiter, limiterFloorMs, type KeyLimiter } from '../../fake/limiters';
import { startFakeClose, type FakeClose } from '../../fake/server';
import { get } from './http';

/** Sends a request at each time (ms) and says which were admitted, with the header each got. */
function run(limiter: KeyLimiter, times: readonly number[]): { admitted: number[]; headers: (string | undefined)[]; waits: number[] } {
  const admitted: number[] = [];
  const headers: (string | undefined)[] = [];
  const waits: number[] = [];
  for (const t of times) {
    const verdict = limiter.take(t);
    if (verdict.admitted) {
      admitted.push(t);
    } else {
      waits.push(verdict.waitSeconds);
    }
    headers.push(verdict.header);
  }
  return { admitted, headers, waits };
}

/** `count` requests every `stepMs` from `from`. */
function every(stepMs: number, count: number, from = 0): number[] {
  return Array.from({ length: count }, (_, i) => from + i * stepMs);
}

/** The most admitted in any span of `spanMs`. */
function busiest(times: readonly number[], spanMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= spanMs) {
      j++;
    }
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('fake Close server: limiter shapes (injected clock)', () => {
  it('fixed: 5 per window from the first request; whole-second reset rounded up; the next window starts with the next request', () => {
    const limiter = createKeyLimiter('fixed', 5);
    const { admitted, headers, waits } = run(limiter, [...every(10, 8, 100), ...every(10, 3, 1100), 1500]);
    assert.deepEqual(admitted, [100, 110, 120, 130, 140, 1100, 1110, 1120, 1500]);
    assert.equal(headers[0], 'limit=5, remaining=4, reset=1');
    assert.equal(headers[4], 'limit=5, remaining=0, reset=1');
    assert.equal(headers[5], 'limit=5, remaining=0, reset=1', 'refused: nothing left');
    assert.ok(Math.abs((waits[0] as number) - 0.95) < 1e-9, 'refused at 150: the window ends at 1100');
    assert.equal(headers[11], 'limit=5, remaining=1, reset=1');
  });

  it('fixed: a window twice as long as the limit allows admits exactly the limit per window', () => {
    const { admitted } = run(createKeyLimiter('fixed', 20), every(25, 400));
    assert.equal(admitted.length, 200, '10 s of requests every 25 ms: 20 per window');
  });

  it('fixedFractional: the same windows, reset in milliseconds', () => {
    const limiter = createKeyLimiter('fixedFractional', 5);
    const { admitted, headers } = run(limiter, [0, 250, 999, 1000, 1001]);
    assert.deepEqual(admitted, [0, 250, 999, 1000, 1001]);
    assert.deepEqual(headers, [
      'limit=5, remaining=4, reset=1',
      'limit=5, remaining=3, reset=0.75',
      'limit=5, remaining=2, reset=0.001',
      'limit=5, remaining=4, reset=1',
      'limit=5, remaining=3, reset=0.999',
    ]);
  });

  it('sliding: never more than the limit in any second, a slot freed as each request turns a second old', () => {
    const limiter = createKeyLimiter('sliding', 5);
    const { admitted, headers, waits } = run(limiter, [0, 100, 200, 300, 400, 500, 999, 1000, 1050, 1099, 1100, 1101]);
    assert.deepEqual(admitted, [0, 100, 200, 300, 400, 1000, 1100]);
    assert.equal(headers[1], 'limit=5, remaining=3, reset=1');
    assert.ok(Math.abs((waits[0] as number) - 0.5) < 1e-9, 'refused at 500: the one from 0 leaves at 1000');
    assert.equal(headers[7], 'limit=5, remaining=0, reset=1', 'at 1000 the slot of 0 was reused');
    // Against a fixed window, sliding refuses a burst straddling the boundary.
    const straddle = every(10, 10, 950);
    assert.equal(run(createKeyLimiter('sliding', 5), straddle).admitted.length, 5);
    assert.equal(run(createKeyLimiter('fixed', 5), [0, ...straddle]).admitted.length, 10);
    const steady = run(createKeyLimiter('sliding', 20), every(7, 2000)).admitted;
    assert.equal(busiest(steady, 1000), 20);
    assert.ok(steady.length >= 13 * 20 && steady.length <= 15 * 20, `${steady.length} admitted in 14 s`);
  });

  it('tokenBucket: a burst of the bucket, then the refill rate; the header counts tokens and the time until full', () => {
    const limiter = createKeyLimiter('tokenBucket', 10, 4);
    const { admitted, headers, waits } = run(limiter, [0, 0, 0, 0, 0, 50, 100, 150, 200, 1000]);
    assert.deepEqual(admitted, [0, 0, 0, 0, 100, 200, 1000]);
    assert.equal(headers[0], 'limit=4, remaining=3, reset=1');
    assert.equal(headers[3], 'limit=4, remaining=0, reset=1');
    assert.ok(Math.abs((waits[0] as number) - 0.1) < 1e-9, 'one token every 100 ms');
    assert.equal(headers[9], 'limit=4, remaining=3, reset=1', 'at 1000 the bucket had filled up again');
  });

  it('tokenBucket: over a long run admits the burst plus the rate, never more', () => {
    const admitted = run(createKeyLimiter('tokenBucket', 20, 40), every(5, 2000)).admitted;
    // 10 s: 40 at once, then 20 per second.
    assert.ok(admitted.length >= 40 + 199 && admitted.length <= 40 + 200, `${admitted.length}`);
    const most = busiest(admitted, 1000);
    assert.ok(most > 40 && most <= 40 + 20, `${most} in one second`);
  });

  it('noHeaders: the fixed window without any header', () => {
    const { admitted, headers } = run(createKeyLimiter('noHeaders', 3), every(100, 12));
    assert.deepEqual(admitted, [0, 100, 200, 1000, 1100]);
    assert.ok(headers.every((h) => h === undefined));
  });

  it('a longer window: fixed and sliding admit the rate times the window in it, reset counts down from it', () => {
    const fixed = createKeyLimiter('fixed', 4, undefined, 5);
    const first = run(fixed, every(10, 25));
    assert.equal(first.admitted.length, 20);
    assert.equal(first.headers[0], 'limit=20, remaining=19, reset=5');
    assert.equal(run(fixed, [4999]).admitted.length, 0);
    assert.equal(run(fixed, [5000]).admitted.length, 1);
    const sliding = createKeyLimiter('sliding', 4, undefined, 5);
    assert.equal(run(sliding, every(10, 25)).admitted.length, 20);
    assert.deepEqual(run(sliding, [4999, 5000, 5005, 5010]).admitted, [5000, 5010]);
    // 100 at once, the other 40 when the window turns.
    assert.equal(limiterFloorMs('fixed', 20, 140, 40, undefined, 5), 5040);
  });

  it('the floor: the least time until the last answer for each shape', () => {
    // 110 requests at 20/s with 150 ms latency.
    assert.equal(limiterFloorMs('fixed', 20, 110, 150), 5150);
    assert.equal(limiterFloorMs('fixedFractional', 20, 110, 150), 5150);
    assert.equal(limiterFloorMs('noHeaders', 20, 110, 150), 5150);
    assert.equal(limiterFloorMs('sliding', 20, 110, 150), 5150);
    assert.ok(Math.abs(limiterFloorMs('tokenBucket', 20, 110, 150) - 4650) < 1, 'the 20 in the bucket, then 90 at 20/s');
    assert.ok(Math.abs(limiterFloorMs('tokenBucket', 20, 110, 150, 40) - 3650) < 1);
    assert.equal(limiterFloorMs('fixed', 20, 20, 150), 150);
  });
});

describe('fake Close server: limiter shapes over HTTP', () => {
  let server: FakeClose;
  afterEach(() => server.close());

  const burst = (n: number): Promise<Awaited<ReturnType<typeof get>>[]> => Promise.all(Array.from({ length: n }, () => get(server, '/contact/?_limit=1')));

  it('noHeaders: answers carry no RateLimit; a 429 carries Retry-After only', async () => {
    server = await startFakeClose({ contacts: 5, rateLimitPerSecond: 3, rateLimitMode: 'noHeaders' });
    const answers = await burst(6);
    assert.ok(answers.every((a) => a.headers.get('ratelimit') === null));
    const limited = answers.filter((a) => a.status === 429);
    assert.ok(limited.length >= 1 && limited.length <= 3, answers.map((a) => a.status).join(','));
    assert.match(limited[0]?.headers.get('retry-after') ?? '', /^[12]$/);
  });

  it('tokenBucket: the header names the bucket; sliding and fixedFractional send their own reset', async () => {
    server = await startFakeClose({ contacts: 5, rateLimitPerSecond: 10, rateLimitMode: 'tokenBucket', rateLimitBurst: 30 });
    assert.match((await get(server, '/contact/')).headers.get('ratelimit') ?? '', /^limit=30, remaining=29, reset=1$/);
    server.setRateLimit(10, 'fixedFractional');
    assert.match((await get(server, '/contact/')).headers.get('ratelimit') ?? '', /^limit=10, remaining=9, reset=(1|0\.\d+)$/);
    server.setRateLimit(10, 'sliding');
    const answers = await burst(12);
    assert.equal(answers.filter((a) => a.status === 200).length, 10);
    assert.equal(answers.find((a) => a.status === 429)?.headers.get('retry-after'), '1');
  });

  it('organizationLimit: answers list the key’s policy, then the organization’s; either refusing gives 429', async () => {
    server = await startFakeClose({ contacts: 5, rateLimitPerSecond: 10, rateLimitMode: 'sliding', organizationLimit: { perSecond: 4 } });
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await get(server, '/contact/?_limit=1'));
    }
    assert.deepEqual(
      answers.map((a) => a.headers.get('ratelimit')),
      [1, 2, 3, 4, 5].map((n) => `limit=10, remaining=${10 - n}, reset=1, limit=4, remaining=${Math.max(0, 4 - n)}, reset=1`),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200, 429],
    );
  });

  it('rateHeaderStyle: the IETF draft’s later form (policies by name, quotas apart) and its early form (split fields)', async () => {
    const options = { contacts: 5, rateLimitPerSecond: 10, rateLimitMode: 'sliding', organizationLimit: { perSecond: 30 } } as const;
    server = await startFakeClose({ ...options, rateHeaderStyle: 'ietf' });
    let answer = await get(server, '/contact/?_limit=1');
    assert.equal(answer.headers.get('ratelimit'), '"key";r=9;t=1, "organization";r=29;t=1');
    assert.equal(answer.headers.get('ratelimit-policy'), '"key";q=10;w=1, "organization";q=30;w=1');
    await server.close();
    server = await startFakeClose({ ...options, rateHeaderStyle: 'split' });
    answer = await get(server, '/contact/?_limit=1');
    assert.equal(answer.headers.get('ratelimit'), null);
    assert.deepEqual(
      ['limit', 'remaining', 'reset'].map((name) => answer.headers.get(`ratelimit-${name}`)),
      ['10, 10;w=1, 30;w=1', '9', '1'],
    );
  });

  it("a neighbour spends the key's limit from listen on: what the answers leave shows it, and it stops at close", async () => {
    server = await startFakeClose({ contacts: 5, rateLimitPerSecond: 20, rateLimitMode: 'sliding', neighbourPerSecond: 10 });
    while (server.neighbourCounts.admitted < 10) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // About ten of the last second's twenty are the neighbour's; our one request takes one more.
    const remaining = Number(/remaining=(\d+)/.exec((await get(server, '/contact/')).headers.get('ratelimit') ?? '')?.[1]);
    assert.ok(remaining >= 7 && remaining <= 10, `remaining=${remaining}`);
    assert.equal(server.neighbourCounts.refused, 0);
    await server.close();
    const after = server.neighbourCounts.admitted;
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(server.neighbourCounts.admitted, after, 'no neighbour request after close');
  });
});
