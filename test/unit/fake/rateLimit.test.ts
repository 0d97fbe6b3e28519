import * as assert from 'node:assert/strict';
import { startFakeClose, UNLIMITED_RATE, type FakeClose } from '../../fake/server';
import { asPage, basicAuth, get, rateLimitHeader } from './http';

/** A pinned time for the fake's rate limit, on a whole second. */
const T0 = 1_700_000_000_000;

describe('fake Close server: rate limit and latency', () => {
  let server: FakeClose;

  afterEach(async () => {
    await server.close();
  });

  it('sends RateLimit with a big limit on every answer when no limit is set', async () => {
    server = await startFakeClose({ contacts: 5 });
    for (const path of ['/contact/', '/me/', '/contact/?_limit=x', '/nope/']) {
      const header = rateLimitHeader(await get(server, path));
      assert.equal(header.limit, UNLIMITED_RATE, path);
      assert.ok(header.reset >= 1);
    }
  });

  it('counts remaining requests down within a window', async () => {
    // The clock stands still: both requests fall in one window.
    server = await startFakeClose({ contacts: 5, rateLimitPerSecond: 1000, now: () => T0 });
    const first = rateLimitHeader(await get(server, '/contact/'));
    const second = rateLimitHeader(await get(server, '/contact/'));
    assert.equal(first.limit, 1000);
    assert.equal(first.remaining, 999);
    assert.equal(second.remaining, 998);
    assert.equal(first.reset, 1);
  });

  it('answers 429 with Retry-After, RateLimit and Close\'s body over the limit, then recovers in the next window', async () => {
    let now = T0;
    server = await startFakeClose({ contacts: 5, rateLimitPerSecond: 3, now: () => now });
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => get(server, '/contact/?_limit=1')));
    const limited = answers.filter((a) => a.status === 429);
    assert.equal(limited.length, 2, `expected 3 answers and 2 × 429, got ${answers.map((a) => a.status).join(',')}`);
    const tooMany = limited[0];
    assert.ok(tooMany);
    assert.equal(tooMany.headers.get('retry-after'), '1');
    assert.deepEqual(rateLimitHeader(tooMany), { limit: 3, remaining: 0, reset: 1 });
    assert.deepEqual(tooMany.body, {
      error: { rate_reset: 1, message: 'API call count exceeded for this 1 second period', rate_limit: 3, rate_window: 1 },
    });
    assert.equal((await get(server, '/contact/?_limit=1')).status, 429, 'still the same window');
    now += 1000;
    assert.equal((await get(server, '/contact/?_limit=1')).status, 200, 'the next window');
  });

  it('does not count 401s against the key', async () => {
    server = await startFakeClose({ contacts: 5, rateLimitPerSecond: 2 });
    for (let i = 0; i < 5; i++) {
      assert.equal((await get(server, '/contact/', { authorization: basicAuth('wrong') })).status, 401);
    }
    const answer = await get(server, '/contact/');
    assert.equal(answer.status, 200);
    assert.equal(rateLimitHeader(answer).remaining, 1);
  });

  it('keeps the server\'s pace at 20/s: 40 requests in a burst get 20 answers and 20 429s', async () => {
    server = await startFakeClose({ contacts: 5, rateLimitPerSecond: 20, now: () => T0 });
    const answers = await Promise.all(Array.from({ length: 40 }, () => get(server, '/contact/?_limit=1')));
    assert.equal(answers.filter((a) => a.status === 200).length, 20);
    assert.equal(answers.filter((a) => a.status === 429).length, 20);
  });

  it('setRateLimit changes the limit at once, and undefined lifts it', async () => {
    server = await startFakeClose({ contacts: 5, now: () => T0 });
    server.setRateLimit(1);
    assert.equal((await get(server, '/contact/')).status, 200);
    assert.equal((await get(server, '/contact/')).status, 429);
    server.setRateLimit(undefined);
    const answer = await get(server, '/contact/');
    assert.equal(answer.status, 200);
    assert.equal(rateLimitHeader(answer).limit, UNLIMITED_RATE);
  });

  it('adds latency to every answer without serializing requests', async () => {
    server = await startFakeClose({ contacts: 50, latencyMs: 150 });
    let started = Date.now();
    assert.equal((await get(server, '/contact/')).status, 200);
    assert.ok(Date.now() - started >= 145, 'one answer waits the latency');
    started = Date.now();
    // Not serialized: every request has arrived by the time the first answer comes back.
    let arrivedAtFirstAnswer: number | undefined;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        get(server, `/contact/?_limit=2&_skip=${i}`).then((answer) => {
          arrivedAtFirstAnswer ??= server.requests.length;
          return answer;
        }),
      ),
    );
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(arrivedAtFirstAnswer, 21, 'the first answer came back before every request had arrived');
    assert.ok(Date.now() - started >= 145);
    assert.equal((await get(server, '/me/', { authorization: null })).status, 401);
    assert.ok(Date.now() - started >= 290, '401s wait too');
  });

  it('setLatency changes the delay for later requests', async () => {
    // An hour: if setLatency did not apply, the answer would not come within the test's run.
    server = await startFakeClose({ contacts: 5, latencyMs: 3_600_000 });
    server.setLatency(0);
    assert.equal(asPage(await get(server, '/contact/')).data.length, 5);
    server.setLatency(120);
    const again = Date.now();
    await get(server, '/contact/');
    assert.ok(Date.now() - again >= 115);
  });
});
