// Issue 8, point 6: a huge answer or a gzip bomb is cut off at MAX_RESPONSE_BYTES and
// reported once as a bad answer from Close, not retried as a network error.
import * as assert from 'node:assert/strict';
import { MAX_RESPONSE_BYTES } from '../../../src/close/transport';
import type { FakeClose } from '../../fake/server';
import { clientFor, fakeClose, rejection } from './helpers';

const MB = 1024 * 1024;

describe('CloseClient: response size cap', function () {
  this.timeout(30_000);
  let fake: FakeClose;

  before(async () => {
    fake = await fakeClose({ contacts: 20 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.resetRequests();
    fake.setFaults({});
  });

  const cases = [
    { name: 'a 100 MB body', bytes: 100 * MB, gzip: false },
    { name: 'a gzip bomb inflating to 1 GB', bytes: 1024 * MB, gzip: true },
  ];
  for (const { name, bytes, gzip } of cases) {
    it(`${name}: badResponse after one attempt, reading stops near the cap`, async () => {
      fake.setFaults({ oversizedBody: { bytes, gzip, path: '/contact/' } });
      // A long timeout: on a busy machine the first 32 MB may take more than the helpers' 2 s.
      const { client, lines } = clientFor(fake.url, { maxAttempts: 5, timeoutMs: 20_000 });
      const error = await rejection(client.listContacts({ limit: 100 }));
      assert.equal(error.kind, 'badResponse');
      assert.match(error.message, /larger than 32 MB for the contact list/);
      assert.doesNotMatch(error.message, /maxContentLength|network|stack/i);
      assert.equal(fake.requests.length, 1, `not retried: ${lines.join(' | ')} ${JSON.stringify(fake.requests)}`);
      const produced = fake.requests[0]?.bodyBytes ?? 0;
      // The fake produces the body only as fast as it is read: the client stopped early.
      assert.ok(produced < bytes / 2, `the fake produced ${produced / MB} MB of ${bytes / MB} MB`);
      assert.ok(lines.some((l) => /-> badResponse .*giving up/.test(l)), lines.join('\n'));
    });
  }

  it('an answer just under the cap, and a small gzip answer, are read as usual', async () => {
    fake.setFaults({ oversizedBody: { bytes: MAX_RESPONSE_BYTES - 1024, times: 1 } });
    const { client } = clientFor(fake.url, { timeoutMs: 20_000 });
    assert.deepEqual(await client.listContacts({}), { has_more: false, data: [] });
    fake.setFaults({ oversizedBody: { bytes: MB, gzip: true, times: 1 } });
    assert.deepEqual(await client.listContacts({}), { has_more: false, data: [] });
  });
});
