// A loopback control port in the runner, so suites inside the extension host can steer the fake
// Close server that lives in this process: POST /faults (JSON body handed to setFaults),
// GET /requests (what the fake server has seen), POST /reset-requests, POST /latency ({ms}),
// POST /offline and /online (the fake stops listening on its port, then listens there again).
import * as http from 'http';
import type { FakeClose, FakeFaults } from '../fake/server';

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

export function startControlServer(fake: FakeClose): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        if (req.method === 'POST' && req.url === '/faults') {
          fake.setFaults(JSON.parse(Buffer.concat(chunks).toString() || '{}') as FakeFaults);
          reply(200, { ok: true });
        } else if (req.method === 'GET' && req.url === '/requests') {
          reply(200, fake.requests);
        } else if (req.method === 'POST' && req.url === '/reset-requests') {
          fake.resetRequests();
          reply(200, { ok: true });
        } else if (req.method === 'POST' && req.url === '/latency') {
          fake.setLatency(Number((JSON.parse(Buffer.concat(chunks).toString() || '{}') as { ms?: number }).ms ?? 0));
          reply(200, { ok: true });
        } else if (req.method === 'POST' && (req.url === '/offline' || req.url === '/online')) {
          const change = req.url === '/offline' ? fake.goOffline() : fake.goOnline();
          change.then(
            () => reply(200, { ok: true }),
            (err: unknown) => reply(500, { error: err instanceof Error ? err.message : String(err) }),
          );
        } else {
          reply(404, { error: `unknown control route ${req.method} ${req.url}` });
        }
      } catch (err) {
        reply(400, { error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
