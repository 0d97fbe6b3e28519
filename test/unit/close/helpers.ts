// Shared set-up for the client tests: a fake Close with a distinctive key, a client with
// short timing knobs, and small waiting helpers (no fixed sleeps).
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { CloseClient, type CloseClientOptions } from '../../../src/close/client';
import { CloseError } from '../../../src/close/errors';
import { RateLimiter, type RateLimiterOptions } from '../../../src/close/rateLimit';
import type { Contact, ListContactsParams } from '../../../src/close/types';
import { startFakeClose, type FakeClose, type FakeCloseOptions } from '../../fake/server';

/** Distinctive, so a leak anywhere is easy to spot. */
export const SECRET_KEY = 'api_LEAKCANARY_7fQ2xZ9wVb3';
export const SECRET_BASIC = Buffer.from(`${SECRET_KEY}:`).toString('base64');

export async function fakeClose(options: FakeCloseOptions = {}): Promise<FakeClose> {
  return startFakeClose({ contacts: 60, seed: 7, apiKey: SECRET_KEY, ...options });
}

export interface TestClient {
  client: CloseClient;
  lines: string[];
}

export function clientFor(url: string, options: Partial<CloseClientOptions> = {}): TestClient {
  const lines: string[] = [];
  const client = new CloseClient({
    baseUrl: url,
    apiKey: SECRET_KEY,
    timeoutMs: 2_000,
    retryBaseDelayMs: 5,
    rateLimitDefaultWaitMs: 200,
    log: (line) => lines.push(line),
    ...options,
  });
  return { client, lines };
}

/** A rate limiter that records, in order, when each ticket went out and when it was answered. */
export function watchedLimiter(): { limiter: RateLimiter; events: string[] } {
  const events: string[] = [];
  class Watched extends RateLimiter {
    override sent(ticket: number): void {
      events.push(`sent ${ticket}`);
      super.sent(ticket);
    }
    override observe(...args: Parameters<RateLimiter['observe']>): void {
      events.push(`answered ${args[0]}`);
      super.observe(...args);
    }
  }
  return { limiter: new Watched(), events };
}

/** Resolves with the CloseError the promise rejects with; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<CloseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CloseError) {
      return error;
    }
    throw new Error(`expected a CloseError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

/** Polls a condition every few ms until it holds (or fails after `timeoutMs`). */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface TinyServer {
  url: string;
  hits: number;
  close(): Promise<void>;
}

/** A one-off HTTP server for answers the fake does not give (redirects, 429 without headers...). */
export async function tinyServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void): Promise<TinyServer> {
  const state = { hits: 0 };
  const server = http.createServer((req, res) => {
    state.hits++;
    req.resume();
    handler(req, res, state.hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    get hits() {
      return state.hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function listBody(ids: string[], hasMore = false): string {
  return JSON.stringify({ data: ids.map((id) => ({ id })), has_more: hasMore });
}

/** Records the longest delay handed to setTimeout while `run` runs. */
export async function longestTimer<T>(run: () => Promise<T>): Promise<{ result: T; longestMs: number }> {
  const original = globalThis.setTimeout;
  let longestMs = 0;
  const recording = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout => {
    longestMs = Math.max(longestMs, Number(ms ?? 0));
    return original(callback, ms, ...args);
  };
  globalThis.setTimeout = Object.assign(recording, original) as unknown as typeof setTimeout;
  try {
    return { result: await run(), longestMs };
  } finally {
    globalThis.setTimeout = original;
  }
}

/** A loopback port nothing listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Pages `GET /contact/` one request at a time, following `has_more` (the loader pages in parallel). */
export async function* iterateContacts(
  client: CloseClient,
  params: Omit<ListContactsParams, 'skip'>,
  signal?: AbortSignal,
): AsyncGenerator<Contact[], void, void> {
  let skip = 0;
  for (;;) {
    const page = await client.listContacts({ ...params, skip }, signal);
    yield page.data;
    if (!page.has_more) {
      return;
    }
    if (page.data.length === 0) {
      throw new CloseError('badResponse', `Close said more contacts follow after ${skip} but sent an empty page.`, { status: 200, path: '/contact/' });
    }
    skip += page.data.length;
  }
}

interface VirtualTimer {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * Time for a client and its limiter. It stands still, so a wait ends only when cancelled; or,
 * when `auto`, it jumps to the next timer each turn of the event loop, so waits cost no real
 * time and their lengths are measured exactly, in virtual ms.
 */
export class VirtualClock {
  private ms = 1_700_000_000_000;
  private seq = 0;
  private readonly timers: VirtualTimer[] = [];
  private kicked = false;
  /** The longest delay handed to `setTimer`. */
  longestMs = 0;

  constructor(private readonly auto: boolean) {}

  readonly now = (): number => this.ms;

  readonly setTimer = (fire: () => void, ms: number): (() => void) => {
    this.longestMs = Math.max(this.longestMs, ms);
    const timer: VirtualTimer = { at: this.ms + Math.max(0, ms), seq: this.seq++, fire };
    this.timers.push(timer);
    this.kick();
    return () => {
      const index = this.timers.indexOf(timer);
      if (index >= 0) {
        this.timers.splice(index, 1);
      }
    };
  };

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new CloseError('cancelled', 'The wait was cancelled.'));
        return;
      }
      const onAbort = (): void => {
        cancel();
        reject(new CloseError('cancelled', 'The wait was cancelled.'));
      };
      const cancel = this.setTimer(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  /** Timers set and not yet fired or cancelled. */
  get pending(): number {
    return this.timers.length;
  }

  /** A limiter on this clock. */
  limiter(options: RateLimiterOptions = {}): RateLimiter {
    return new RateLimiter({ ...options, now: this.now, setTimer: this.setTimer });
  }

  /** What a test client needs to run on this clock: its backoff waits and its limiter. */
  clientOptions(): Partial<CloseClientOptions> {
    return { sleep: this.sleep, rateLimiter: this.limiter() };
  }

  private fireNext(): void {
    const next = [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    if (next !== undefined) {
      this.timers.splice(this.timers.indexOf(next), 1);
      this.ms = Math.max(this.ms, next.at);
      next.fire();
    }
  }

  private kick(): void {
    if (!this.auto || this.kicked) {
      return;
    }
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.fireNext();
      if (this.timers.length > 0) {
        this.kick();
      }
    });
  }
}
