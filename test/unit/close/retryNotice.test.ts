import * as assert from 'node:assert/strict';
import { CloseError } from '../../../src/close/errors';
import type { ClientNotice, RetryNotice } from '../../../src/close/retryNotice';
import { clientFor, closedPort, fakeClose, listBody, rejection, SECRET_BASIC, SECRET_KEY, tinyServer, until } from './helpers';


/** An injected sleep that records its waits and returns at once. */
function instantSleep(waits: number[]): (ms: number) => Promise<void> {
  return (ms) => {
    waits.push(ms);
    return Promise.resolve();
  };
}

/** A sleep that only ends when its signal aborts (cancel or "Retry now"). */
function endlessSleep(_ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new CloseError('cancelled', 'The wait was cancelled.')), { once: true });
  });
}

const retries = (notices: ClientNotice[]): RetryNotice[] => notices.filter((n): n is RetryNotice => n.type === 'retry');

describe('CloseClient: retry notices and Retry now', () => {
  it('connection refused: a notice before each wait with host, reason, attempt of max and the wait', async () => {
    const port = await closedPort();
    const notices: ClientNotice[] = [];
    const waits: number[] = [];
    const now = 1_700_000_000_000;
    const { client } = clientFor(`http://127.0.0.1:${port}/api/v1`, { sleep: instantSleep(waits), now: () => now, onRetry: (n) => notices.push(n) });
    const error = await rejection(client.listContacts({}));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /after 5 tries/);
    const seen = retries(notices);
    assert.deepEqual(
      seen.map((n) => [n.kind, n.host, n.reason, n.attempt, n.maxAttempts]),
      [2, 3, 4, 5].map((a) => ['network', `127.0.0.1:${port}`, 'connection refused', a, 5]),
    );
    assert.deepEqual(
      seen.map((n) => n.waitMs),
      waits,
    );
    assert.ok(seen.every((n) => n.at === now), 'stamped by the client\'s clock');
    const text = JSON.stringify(notices);
    assert.ok(!text.includes(SECRET_KEY) && !text.includes(SECRET_BASIC), 'a notice carries the key');
    assert.ok(!notices.some((n) => n.type === 'recovered'), 'no recovery was announced for a failed request');
  });

  it('the first success after a retry says the trouble is over, once', async () => {
    const server = await tinyServer((req, res, hit) => {
      if (hit === 1) {
        req.socket.destroy();
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(listBody(['a']));
      }
    });
    try {
      const notices: ClientNotice[] = [];
      const { client } = clientFor(server.url, { sleep: instantSleep([]), onRetry: (n) => notices.push(n) });
      await client.listContacts({});
      await client.listContacts({});
      assert.deepEqual(
        notices.map((n) => n.type),
        ['retry', 'recovered'],
      );
      assert.equal(retries(notices)[0]?.reason, 'the connection was dropped');
    } finally {
      await server.close();
    }
  });

  it('timeout, 429 and 5xx have their own kinds; a timeout counts its own attempts', async () => {
    const server = await tinyServer((_req, res, hit) => {
      if (hit === 1) {
        return; // no answer: times out
      }
      if (hit === 2) {
        res.writeHead(429, { RateLimit: 'limit=10, remaining=0, reset=0.3' }).end();
      } else if (hit === 3) {
        res.writeHead(503).end();
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(listBody(['a']));
      }
    });
    try {
      const notices: ClientNotice[] = [];
      const { client } = clientFor(server.url, { timeoutMs: 200, timeoutAttempts: 2, sleep: instantSleep([]), onRetry: (n) => notices.push(n) });
      await client.listContacts({});
      const seen = retries(notices);
      assert.deepEqual(
        seen.map((n) => [n.kind, n.reason, n.attempt, n.maxAttempts]),
        [
          ['timeout', 'no answer within 0.2 s', 2, 2],
          ['rateLimited', 'too many requests (429)', 3, 5],
          ['server', '503 Service Unavailable', 4, 5],
        ],
      );
      assert.equal(seen[1]?.waitMs, 300);
      assert.equal(notices.at(-1)?.type, 'recovered');
    } finally {
      await server.close();
    }
  });

  it('Retry now ends the backoff wait at once; cancelling still cancels', async () => {
    const server = await tinyServer((_req, res, hit) => {
      if (hit % 2 === 1) {
        res.writeHead(503).end();
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(listBody(['a']));
      }
    });
    try {
      const notices: ClientNotice[] = [];
      const { client } = clientFor(server.url, { sleep: endlessSleep, onRetry: (n) => notices.push(n) });
      assert.equal(client.retryNow(), 0, 'nothing to wake before any wait');
      const page = client.listContacts({});
      await until(() => notices.length === 1);
      assert.equal(client.retryNow(), 1);
      assert.deepEqual((await page).data, [{ id: 'a' }]);
      assert.equal(server.hits, 2);

      const abort = new AbortController();
      const cancelled = client.listContacts({}, abort.signal);
      await until(() => notices.length === 2);
      abort.abort();
      const error = await rejection(cancelled);
      assert.equal(error.kind, 'cancelled');
    } finally {
      await server.close();
    }
  });

  it('403 is "forbidden", naming what the key may not read, and is not retried', async () => {
    const fake = await fakeClose();
    try {
      fake.setFaults({ forbid: { path: '/lead/' } });
      const notices: ClientNotice[] = [];
      const { client } = clientFor(fake.url, { onRetry: (n) => notices.push(n) });
      const leads = await rejection(client.listLeads({}));
      assert.equal(leads.kind, 'forbidden');
      assert.equal(leads.status, 403);
      assert.match(leads.message, /may not read leads \(Close answered 403 on \/lead\/\)/);
      assert.match(leads.message, /Ask your Close admin for permission to read leads/);
      assert.equal((await client.listContacts({ limit: 1 })).data.length, 1, 'contacts are still readable');
      fake.setFaults({ forbid: { path: '/contact/' } });
      const contacts = await rejection(client.listContacts({}));
      assert.equal(contacts.kind, 'forbidden');
      assert.match(contacts.message, /may not read contacts \(Close answered 403 on \/contact\/\)/);
      assert.equal(fake.requests.filter((r) => r.status === 403).length, 2, 'a 403 is not retried');
      assert.equal(notices.length, 0);
    } finally {
      await fake.close();
    }
  });
});
