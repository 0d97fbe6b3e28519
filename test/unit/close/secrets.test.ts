import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { CloseClient } from '../../../src/close/client';
import type { CloseError, CloseErrorKind } from '../../../src/close/errors';
import type { FakeClose } from '../../fake/server';
import { secretForms, walkForSecrets } from '../../host/keyWalk';
import { clientFor, fakeClose, rejection, SECRET_BASIC, SECRET_KEY, tinyServer, until, type TestClient } from './helpers';

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
    assert.ok(!('apiKey' in client.options), 'the options the client keeps have no key');
  });

  it('no property, getter, Map or Set reachable from a client that has made requests holds the key', async () => {
    const { client } = clientFor(fake.url);
    await client.listContacts({ limit: 5 });
    await client.getMe();
    const walk = walkForSecrets(client, secretForms(SECRET_KEY), 'client');
    assert.deepEqual(walk.found, []);
    assert.ok(walk.visited > 10, `the walk went somewhere (${walk.visited} objects)`);
  });

  it('the walk does find a key kept in an ordinary property, even a non-enumerable one', () => {
    const holder = new Map([['k', { deep: new Set([[`Basic ${SECRET_BASIC}`]]) }]]);
    const bag = {};
    Object.defineProperty(bag, 'hidden', { value: { holder }, enumerable: false });
    class WithGetter {
      get secret(): string {
        return SECRET_KEY;
      }
    }
    assert.deepEqual(walkForSecrets({ bag, g: new WithGetter() }, secretForms(SECRET_KEY)).found, ['exports.g.secret', 'exports.bag.hidden.holder<value 0>.deep<item 0>.0']);
  });

  it('after dispose() the client sends nothing and says it is signed out', async () => {
    const { client } = clientFor(fake.url);
    await client.getMe();
    fake.resetRequests();
    client.dispose();
    const error = await rejection(client.getMe());
    assert.equal(error.kind, 'config');
    assert.match(error.message, /Signed out of Close/);
    assert.equal(fake.requests.length, 0);
  });

  it('dispose() cancels a request in flight', async () => {
    fake.setFaults({ hang: { path: '/me/' } });
    const { client } = clientFor(fake.url);
    const pending = rejection(client.getMe());
    await until(() => fake.requests.some((r) => r.path.endsWith('/me/')));
    client.dispose();
    assert.equal((await pending).kind, 'cancelled');
  });
});
