import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import { describeError } from '../../../src/close/errors';
import type { FakeClose } from '../../fake/server';
import { clientFor, closedPort, fakeClose, iterateContacts, rejection, tinyServer } from './helpers';

describe('CloseClient: typed errors', () => {
  let fake: FakeClose;

  before(async () => {
    fake = await fakeClose({ contacts: 120, maxSkip: 100 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.resetRequests();
    fake.setFaults({});
  });

  it('401: auth, telling the user to set a key, not retried', async () => {
    const client = new CloseClient({ baseUrl: fake.url, apiKey: 'api_wrong_key_123' });
    const error = await rejection(client.getMe());
    assert.equal(error.kind, 'auth');
    assert.equal(error.status, 401);
    assert.equal(error.message, 'Close rejected the API key (401). Set a valid key with "Close CRM: Set API Key".');
    assert.equal(fake.requests.length, 1);
  });

  it('401 mid-way (key revoked): auth at once, no retry storm', async () => {
    fake.setFaults({ revokeAfter: 2 });
    const { client } = clientFor(fake.url);
    const error = await rejection(
      (async () => {
        for await (const page of iterateContacts(client, { limit: 10 })) {
          assert.equal(page.length, 10);
        }
      })(),
    );
    assert.equal(error.kind, 'auth');
    assert.equal(fake.requests.length, 3);
  });

  it('400 over max_limit: badRequest with Close message and details.maxLimit, not retried', async () => {
    const { client } = clientFor(fake.url);
    const error = await rejection(client.listContacts({ limit: 101 }));
    assert.equal(error.kind, 'badRequest');
    assert.equal(error.status, 400);
    assert.equal(error.details.maxLimit, 100);
    assert.match(error.details.closeMessage ?? '', /max_limit = 100/);
    assert.match(error.message, /max_limit = 100/);
    assert.match(error.message, /closeCrm\.pageSize to 100 or less/);
    assert.doesNotMatch(error.message, /Request failed with status code/);
    assert.equal(fake.requests.length, 1);
  });

  it('400 over max_skip: badRequest with details.maxSkip', async () => {
    const { client } = clientFor(fake.url);
    const error = await rejection(client.listContacts({ skip: 110 }));
    assert.equal(error.kind, 'badRequest');
    assert.equal(error.details.maxSkip, 100);
    assert.match(error.message, /at most 100 records/);
    assert.equal(fake.requests.length, 1);
  });

  it('400 with errors and field-errors: Close words carried', async () => {
    const server = await tinyServer((_req, res) => {
      res
        .writeHead(400, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ errors: ['Something is off.'], 'field-errors': { lead_id: 'Invalid lead id.' } }));
    });
    try {
      const { client } = clientFor(server.url);
      const error = await rejection(client.listContacts({ leadId: 'x' }));
      assert.equal(error.kind, 'badRequest');
      assert.equal(error.details.closeMessage, 'Something is off.; lead_id: Invalid lead id.');
      assert.equal(server.hits, 1);
    } finally {
      await server.close();
    }
  });

  it('404: notFound with Close message, not retried', async () => {
    const { client } = clientFor(fake.url);
    const error = await rejection(client.getContact('cont_nope'));
    assert.equal(error.kind, 'notFound');
    assert.equal(error.status, 404);
    assert.match(error.details.closeMessage ?? '', /cont_nope/);
    assert.match(error.message, /refresh/);
    assert.equal(fake.requests.length, 1);
  });

  it('5xx that keeps failing: server error naming the status after bounded retries', async () => {
    fake.setFaults({ failSkip: { skip: 0, status: 500 } });
    const { client } = clientFor(fake.url, { maxAttempts: 4 });
    const error = await rejection(client.listContacts({ skip: 0 }));
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 500);
    assert.match(error.message, /server error \(500/);
    assert.match(error.message, /after 4 tries/);
    assert.equal(fake.requests.length, 4);
  });

  it('501 is reported at once (not a transient status)', async () => {
    fake.setFaults({ failSkip: { skip: 0, status: 501 } });
    const { client } = clientFor(fake.url);
    const error = await rejection(client.listContacts({ skip: 0 }));
    assert.equal(error.kind, 'server');
    assert.equal(fake.requests.length, 1);
  });

  for (const [kind, pattern] of [
    ['json', /malformed JSON \(content type application\/json\)/],
    ['html', /text\/html instead of JSON/],
    ['shape', /not in the expected shape: "data" should be a list/],
  ] as const) {
    it(`malformed body (${kind}): badResponse saying what came back`, async () => {
      fake.setFaults({ malformed: { kind, times: 1 } });
      const { client, lines } = clientFor(fake.url);
      const error = await rejection(client.listContacts({}));
      assert.equal(error.kind, 'badResponse');
      assert.match(error.message, pattern);
      assert.doesNotMatch(error.message, /<html|nginx|cont_trunc/);
      assert.match(lines[0] ?? '', /-> 200 in \d+ ms; the answer was not usable/);
    });
  }

  it('a single record that is not an object: badResponse', async () => {
    fake.setFaults({ malformed: { kind: 'shape', times: 1 } });
    const { client } = clientFor(fake.url);
    const error = await rejection(client.getContact(fake.dataset.contacts[0]?.id as string));
    assert.equal(error.kind, 'badResponse');
    assert.match(error.message, /expected one record/);
  });

  it('connection refused: network error pointing at the connection and apiBaseUrl', async () => {
    const port = await closedPort();
    const { client, lines } = clientFor(`http://127.0.0.1:${port}/api/v1`, { maxAttempts: 3 });
    const error = await rejection(client.getMe());
    assert.equal(error.kind, 'network');
    assert.match(error.message, /connection refused/);
    assert.match(error.message, /Check your internet connection and the closeCrm\.apiBaseUrl setting/);
    assert.equal(lines.filter((l) => / -> network after /.test(l)).length, 3);
  });

  it('describeError gives the message, never a stack', async () => {
    const { client } = clientFor(fake.url);
    const error = await rejection(client.getContact('cont_nope'));
    assert.equal(describeError(error), error.message);
    assert.doesNotMatch(describeError(error), /\n\s+at /);
  });
});
