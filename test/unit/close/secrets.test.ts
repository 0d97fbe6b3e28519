import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { CloseClient } from '../../../src/close/client';
import type { CloseError, CloseErrorKind } from '../../../src/close/errors';
import type { FakeClose } from '../../fake/server';
import { clientFor, fakeClose, rejection, SECRET_BASIC, SECRET_KEY, tinyServer, type TestClient } from './helpers';

/** Every way the key could surface from an error. */
function assertClean(error: CloseError, lines: readonly string[]): void {
  const texts = [error.message, String(error), JSON.stringify(error.details), JSON.stringify(error), inspect(error, { depth: 5 }), ...lines];
  for (const text of texts) {
    assert.ok(!text.includes(SECRET_KEY), `key leaked in: ${text}`);
    assert.ok(!text.includes(SECRET_BASIC), `Authorization leaked in: ${text}`);
    assert.ok(!/authorization/i.test(text), `a header name leaked in: ${text}`);
  }
  assert.doesNotMatch(error.message, /Request failed with status code/);
  assert.doesNotMatch(error.message, /\n\s+at /);
}

describe('CloseClient: the key never appears in errors or logs', () => {
  let fake: FakeClose;
  const seen = new Set<CloseErrorKind>();

  before(async () => {
    fake = await fakeClose({ contacts: 20 });
  });
  after(async () => {
    await fake.close();
    // Every error kind was produced by one of the cases below.
    assert.deepEqual(
      [...seen].sort(),
      ['auth', 'badRequest', 'badResponse', 'cancelled', 'config', 'forbidden', 'network', 'notFound', 'rateLimited', 'server', 'timeout'],
    );
  });
  beforeEach(() => fake.setFaults({}));

  async function check(kind: CloseErrorKind, make: (t: TestClient) => Promise<unknown>, t: TestClient = clientFor(fake.url)): Promise<void> {
    const error = await rejection(make(t));
    assert.equal(error.kind, kind);
    seen.add(error.kind);
    assertClean(error, t.lines);
  }

  it('auth', async () => {
    const other = await fakeClose({ apiKey: 'api_some_other_key' });
    try {
      await check('auth', (t) => t.client.getMe(), clientFor(other.url));
    } finally {
      await other.close();
    }
  });

  it('forbidden', async () => {
    fake.setFaults({ forbid: { path: '/lead/' } });
    await check('forbidden', (t) => t.client.listLeads({}));
  });

  it('badRequest and notFound', async () => {
    await check('badRequest', (t) => t.client.listContacts({ limit: 500 }));
    await check('notFound', (t) => t.client.getLead('lead_missing'));
  });

  it('rateLimited and server', async () => {
    fake.setFaults({ every429: { every: 1, retryAfterSeconds: 1 } });
    await check('rateLimited', (t) => t.client.getMe(), clientFor(fake.url, { maxAttempts: 1 }));
    fake.setFaults({ failRate: { rate: 1, statuses: [503] } });
    await check('server', (t) => t.client.getMe(), clientFor(fake.url, { maxAttempts: 2 }));
  });

  it('timeout, network and cancelled', async () => {
    fake.setFaults({ hang: {} });
    await check('timeout', (t) => t.client.getMe(), clientFor(fake.url, { timeoutMs: 50, timeoutAttempts: 1 }));
    fake.setFaults({ dropRate: 1 });
    await check('network', (t) => t.client.getMe(), clientFor(fake.url, { maxAttempts: 2 }));
    fake.setFaults({ hang: {} });
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    await check('cancelled', (t) => t.client.getMe(controller.signal));
  });

  it('badResponse and config', async () => {
    fake.setFaults({ malformed: { kind: 'html' } });
    await check('badResponse', (t) => t.client.listContacts({}));
    await check('config', (t) => t.client.getMe(), clientFor(`http://${SECRET_KEY}:x@example.com/api/v1`));
    const badKey = { client: new CloseClient({ baseUrl: fake.url, apiKey: `${SECRET_KEY}\n` }), lines: [] };
    await check('config', (t) => t.client.getMe(), badKey);
  });

  it('scrubs the key when a server echoes it back', async () => {
    const server = await tinyServer((req, res) => {
      res
        .writeHead(400, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: `Bad key ${SECRET_KEY} in ${String(req.headers.authorization)}` }));
    });
    try {
      const t = clientFor(server.url);
      const error = await rejection(t.client.getMe());
      assert.equal(error.kind, 'badRequest');
      assert.match(error.details.closeMessage ?? '', /Bad key \[redacted\] in Basic \[redacted\]/);
      assert.ok(!error.message.includes(SECRET_KEY));
      assert.ok(!error.message.includes(SECRET_BASIC));
    } finally {
      await server.close();
    }
  });

  it('printing the client does not show the key', () => {
    const { client } = clientFor(fake.url);
    assert.ok(!inspect(client, { depth: 10 }).includes(SECRET_KEY));
    assert.ok(!JSON.stringify(client).includes(SECRET_KEY));
    assert.equal(client.options.apiKey, SECRET_KEY);
  });
});
