// Close is reached over HTTPS: the request goes out through Node's https module (with VS Code's
// proxy support, when it runs in VS Code), and still tells the rate limiter when it went out.
// The server is a real TLS server on 127.0.0.1 with a certificate made for the run (openssl).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientFor, watchedLimiter } from './helpers';

describe('CloseClient over HTTPS', () => {
  let dir: string;
  let server: https.Server | undefined;
  let url: string;
  let savedCa: https.AgentOptions['ca'];
  const seen: string[] = [];

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-tls-'));
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    } catch (error) {
      throw new Error(`This test makes its certificate with openssl, which did not run (${(error as Error).message}). Install it: bash scripts/install-host.sh, or apt-get install openssl.`);
    }
    const cert = await fs.readFile(certFile, 'utf8');
    const tls = https.createServer({ key: await fs.readFile(keyFile, 'utf8'), cert }, (req, res) => {
      seen.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.setHeader('RateLimit', 'limit=20, remaining=19, reset=1');
      res.end(JSON.stringify({ data: [{ id: 'cont_tls' }], has_more: false }));
    });
    server = tls;
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/api/v1`;
    // Trust the run's certificate for this test only.
    savedCa = https.globalAgent.options.ca;
    https.globalAgent.options.ca = cert;
  });

  after(async () => {
    https.globalAgent.options.ca = savedCa;
    https.globalAgent.destroy();
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('lists contacts over TLS and tells the limiter when the request went out, before its answer', async () => {
    const { limiter, events } = watchedLimiter();
    const { client } = clientFor(url, { rateLimiter: limiter });
    const page = await client.listContacts({ limit: 5, skip: 0, fields: ['id'] });
    assert.deepEqual(page.data.map((c) => c.id), ['cont_tls']);
    assert.equal(seen.length, 1);
    assert.match(seen[0] ?? '', /^\/api\/v1\/contact\/\?/);
    assert.deepEqual(events, ['sent 1', 'answered 1']);
  });
});
