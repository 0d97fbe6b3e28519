import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import type { FakeClose } from '../../fake/server';
import { clientFor, fakeClose, iterateContacts, listBody, rejection, tinyServer, until, VirtualClock } from './helpers';

describe('CloseClient: rate limits, retries, timeouts, cancellation', () => {
  let fake: FakeClose;

  before(async () => {
    fake = await fakeClose({ contacts: 300 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.resetRequests();
    fake.setFaults({});
  });

  it('429: waits the RateLimit reset before trying again, then succeeds', async () => {
    fake.setFaults({ every429: { every: 2, retryAfterSeconds: 1 } });
    const clock = new VirtualClock(true);
    const { client, lines } = clientFor(fake.url, clock.clientOptions());
    await client.listContacts({ limit: 1 });
    const started = clock.now();
    await client.listContacts({ limit: 1 });
    const statuses = fake.requests.map((r) => r.status);
    assert.deepEqual(statuses, [200, 429, 200]);
    assert.ok(clock.now() - started >= 1000, `waited ${clock.now() - started} ms`);
    assert.ok(lines.some((l) => /-> 429 .*Close asked to wait 1 s/.test(l)));
  });

  it('429: the RateLimit reset wins over Retry-After; Retry-After alone is obeyed too', async () => {
    const server = await tinyServer((_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(429, { RateLimit: 'limit=10, remaining=0, reset=0.4', 'Retry-After': '5' }).end();
      } else if (hit === 2) {
        res.writeHead(429, { 'Retry-After': '0.3' }).end();
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(listBody(['a']));
      }
    });
    try {
      const clock = new VirtualClock(true);
      const { client } = clientFor(server.url, clock.clientOptions());
      const started = clock.now();
      const page = await client.listContacts({});
      const waited = clock.now() - started;
      assert.deepEqual(page.data, [{ id: 'a' }]);
      assert.equal(server.hits, 3);
      // 0.4 s (the reset, not Retry-After's 5 s), then 0.3 s (Retry-After alone).
      assert.ok(waited >= 700 && waited < 1000, `waited ${waited} ms`);
    } finally {
      await server.close();
    }
  });

  it('429 without any hint: waits the configured default', async () => {
    const server = await tinyServer((_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(429).end();
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(listBody(['a']));
      }
    });
    try {
      const clock = new VirtualClock(true);
      const { client } = clientFor(server.url, { ...clock.clientOptions(), rateLimitDefaultWaitMs: 300 });
      const started = clock.now();
      await client.listContacts({});
      assert.ok(clock.now() - started >= 300, `waited ${clock.now() - started} ms`);
      assert.equal(server.hits, 2);
    } finally {
      await server.close();
    }
  });

  it('429 every time: rateLimited after maxAttempts, with the wait asked', async () => {
    fake.setFaults({ every429: { every: 1, retryAfterSeconds: 1 } });
    const { client } = clientFor(fake.url, { maxAttempts: 2 });
    const error = await rejection(client.listContacts({}));
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.status, 429);
    assert.equal(error.details.retryAfterSeconds, 1);
    assert.match(error.message, /too many requests.*after 2 tries.*Wait 1 second/);
    assert.equal(fake.requests.length, 2);
  });

  for (const status of [500, 502, 503, 504]) {
    it(`${status} now and then: retried, then succeeds`, async () => {
      fake.setFaults({ failSkip: { skip: 0, status, times: 2 } });
      const { client, lines } = clientFor(fake.url);
      const page = await client.listContacts({ skip: 0, limit: 5 });
      assert.equal(page.data.length, 5);
      assert.deepEqual(
        fake.requests.map((r) => r.status),
        [status, status, 200],
      );
      assert.equal(lines.filter((l) => l.includes(`-> ${status} `) && l.includes('retrying in')).length, 2);
    });
  }

  it('never retries 400, 401, 403 or 404', async () => {
    for (const status of [400, 401, 403, 404]) {
      fake.resetRequests();
      fake.setFaults({ failSkip: { skip: 0, status } });
      const { client } = clientFor(fake.url);
      await rejection(client.listContacts({ skip: 0 }));
      assert.equal(fake.requests.length, 1, `status ${status}`);
    }
  });

  it('backoff grows exponentially with jitter and is bounded', async () => {
    fake.setFaults({ failSkip: { skip: 0, status: 503 } });
    const waits: number[] = [];
    const { client } = clientFor(fake.url, {
      maxAttempts: 5,
      retryBaseDelayMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const error = await rejection(client.listContacts({ skip: 0 }));
    assert.equal(error.kind, 'server');
    assert.equal(waits.length, 4);
    waits.forEach((ms, i) => {
      const full = 100 * 2 ** i;
      assert.ok(ms >= full / 2 && ms <= full, `wait ${i}: ${ms} not in [${full / 2}, ${full}]`);
    });
    assert.equal(fake.requests.length, 5);
  });

  it('dropped connections are retried: a full listing with 20% drops loses and repeats nothing', async () => {
    fake.setFaults({ dropRate: 0.2 });
    const { client, lines } = clientFor(fake.url, { maxAttempts: 8 });
    const seen: string[] = [];
    for await (const page of iterateContacts(client, { limit: 25, fields: ['id'] })) {
      seen.push(...page.map((c) => c.id));
    }
    assert.deepEqual(
      seen,
      fake.dataset.contacts.map((c) => c.id),
    );
    assert.ok(lines.some((l) => / -> network after .*retrying/.test(l)), 'some drop should have happened');
  });

  it('a connection dropped every time: network error after maxAttempts', async () => {
    fake.setFaults({ dropRate: 1 });
    const { client } = clientFor(fake.url, { maxAttempts: 3 });
    const error = await rejection(client.getMe());
    assert.equal(error.kind, 'network');
    assert.match(error.message, /connection was dropped/);
    assert.equal(fake.requests.length, 3);
  });

  it('a hanging request times out and is retried', async () => {
    fake.setFaults({ hang: { path: '/contact/', times: 1 } });
    const { client, lines } = clientFor(fake.url, { timeoutMs: 150 });
    const page = await client.listContacts({ limit: 3 });
    assert.equal(page.data.length, 3);
    assert.equal(fake.requests.length, 2);
    assert.ok(lines.some((l) => / -> timeout after \d+ ms; retrying/.test(l)));
  });

  it('a request that always hangs: timeout reported after the bounded timeout attempts', async () => {
    fake.setFaults({ hang: { path: '/contact/' } });
    const { client } = clientFor(fake.url, { timeoutMs: 100, timeoutAttempts: 2 });
    const error = await rejection(client.listContacts({}));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /did not answer the contact list within 0\.1 s after 2 tries.*closeCrm\.requestTimeoutSeconds/);
    assert.equal(fake.requests.length, 2);
  });

  it('cancelling stops a request in flight at once', async () => {
    fake.setFaults({ hang: { path: '/contact/' } });
    // No timeout within the test's run: only the abort can end the request.
    const { client } = clientFor(fake.url, { timeoutMs: 3_600_000 });
    const controller = new AbortController();
    const pending = rejection(client.listContacts({}, controller.signal));
    await until(() => fake.requests.length === 1);
    controller.abort();
    const error = await pending;
    assert.equal(error.kind, 'cancelled');
    assert.equal(fake.requests.length, 1);
  });

  it('cancelling wakes a backoff wait', async () => {
    fake.setFaults({ failSkip: { skip: 0, status: 503 } });
    // The clock stands still: the backoff ends only if the abort wakes it.
    const clock = new VirtualClock(false);
    const { client, lines } = clientFor(fake.url, { ...clock.clientOptions(), retryBaseDelayMs: 20_000 });
    const controller = new AbortController();
    const pending = rejection(client.listContacts({ skip: 0 }, controller.signal));
    await until(() => lines.some((l) => l.includes('retrying in')));
    controller.abort();
    const error = await pending;
    assert.equal(error.kind, 'cancelled');
    assert.equal(clock.pending, 0, 'the wait was let go');
    assert.equal(fake.requests.length, 1);
  });

  it('cancelling wakes a 429 pause', async () => {
    fake.setFaults({ every429: { every: 1, retryAfterSeconds: 30 } });
    // The clock stands still: the pause ends only if the abort wakes it.
    const clock = new VirtualClock(false);
    const { client, lines } = clientFor(fake.url, clock.clientOptions());
    const controller = new AbortController();
    const pending = rejection(client.listContacts({}, controller.signal));
    await until(() => lines.some((l) => l.includes('-> 429')));
    controller.abort();
    const error = await pending;
    assert.equal(error.kind, 'cancelled');
    assert.equal(fake.requests.length, 1);
  });

  it('many calls sharing one signal add no listeners to it, and one abort cancels them all', async () => {
    fake.setFaults({ hang: { path: '/contact/' } });
    const { client } = clientFor(fake.url, { timeoutMs: 10_000 });
    const controller = new AbortController();
    const pending = Array.from({ length: 20 }, (_, i) => rejection(client.listContacts({ skip: i }, controller.signal)));
    await until(() => fake.requests.length === 4); // the first burst is out, the rest wait their turn
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    controller.abort();
    const errors = await Promise.all(pending);
    assert.ok(errors.every((e) => e.kind === 'cancelled'));
    assert.equal(client.rateLimiter.pending, 0);
  });

  it('an already cancelled signal sends nothing', async () => {
    const { client } = clientFor(fake.url);
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(client.getMe(controller.signal));
    assert.equal(error.kind, 'cancelled');
    assert.equal(fake.requests.length, 0);
  });

  it('cancelling an iteration between pages stops it', async () => {
    const { client } = clientFor(fake.url);
    const controller = new AbortController();
    let pages = 0;
    const error = await rejection(
      (async () => {
        for await (const page of iterateContacts(client, { limit: 50 }, controller.signal)) {
          pages++;
          assert.equal(page.length, 50);
          controller.abort();
        }
      })(),
    );
    assert.equal(error.kind, 'cancelled');
    assert.equal(pages, 1);
    assert.equal(fake.requests.length, 1);
  });
});
