// The request loop behind every CloseClient call: checks the base URL and key, waits for the
// shared rate limiter, sends, and retries within bounds (429 pauses, 5xx, network failures,
// timeouts) with jittered backoff. Holds the key in a true private field; every line logged
// and every error thrown has it scrubbed. No `vscode` import.
import * as l10n from '@vscode/l10n';
import type { AxiosResponse } from 'axios';
import { CloseError } from './errors';
import { parseBaseUrl } from './baseUrl';
import type { RateLimiter } from './rateLimit';
import { MAX_SERVER_WAIT_S, parseRateLimit, type RateLimitState, type ServerWaitNote } from './rateLimitHeaders';
import type { ClientNotice, RetryKind } from './retryNotice';
import { legacyRateReset } from './closeMessage';
import { cancelledError, httpError, statusError, statusText, type RequestTarget } from './errorCatalogue';
import { basicOf, contentType, createHttp, defaultSleep, failureError, failureReason, headerBag, send } from './transport';
import { parseJsonBody } from './validate';

export interface RequestOptions {
  /** e.g. https://api.close.com/api/v1 ; validated by `parseBaseUrl` (src/close/baseUrl.ts). */
  baseUrl: string;
  /** Per-request timeout. Default 30 000 ms. */
  timeoutMs?: number;
  /** Attempts per request including the first (429 waits, 502/503/504 and network retries). Default 5. */
  maxAttempts?: number;
  /** Attempts when the request times out (each costs `timeoutMs`). Default min(3, maxAttempts). */
  timeoutAttempts?: number;
  /** Receives one line per request/retry; never the key or the Authorization header. */
  log?: (line: string) => void;
  /** Injected for tests: how the client waits. Default: setTimeout honouring the signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected for tests: backoff base in ms. Default 500. */
  retryBaseDelayMs?: number;
  /** Wait after a 429 that names no time (no `RateLimit` reset, no `Retry-After`). Default 2000 ms. */
  rateLimitDefaultWaitMs?: number;
  /** Told before each wait between attempts, and once a request succeeds after such a wait. */
  onRetry?: (notice: ClientNotice) => void;
  /** Injected for tests: the clock notices are stamped with. Default Date.now. */
  now?: () => number;
}

interface Attempt extends RequestTarget {
  /** The query string, without `?`. */
  query: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_ATTEMPTS = 5;
const DEFAULT_BACKOFF_MS = 500;
const DEFAULT_429_WAIT_MS = 2_000;
const MAX_BACKOFF_MS = 30_000;
const RETRIED_STATUSES = new Set([500, 502, 503, 504]);

export class Requester {
  /** A true private field: no property walk, getter or reflection reaches it. */
  #key: string | undefined;
  readonly #gone = new AbortController();
  private readonly http = createHttp();
  /** Kinds of nonsense wait already logged: one line each per client. */
  private readonly loggedWaitNotes = new Set<string>();
  /** Ends the backoff waits under way early ("Retry now"). */
  private readonly wakers = new Set<() => void>();
  /** A retry was announced and no request has succeeded since. */
  private troubled = false;

  constructor(
    private readonly options: Readonly<RequestOptions>,
    key: string,
    private readonly limiter: RateLimiter,
  ) {
    this.#key = key;
  }

  /** Forgets the key: every later request fails with a 'config' error, and those in flight end. */
  dispose(): void {
    this.#key = undefined;
    this.#gone.abort();
  }

  /** Cuts short every backoff wait under way; a 429 pause is kept. Returns how many woke. */
  retryNow(): number {
    const wakers = [...this.wakers];
    this.wakers.clear();
    wakers.forEach((wake) => wake());
    return wakers.length;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** `GET base + path + ?query`, retried within bounds; `parse` checks the JSON body's shape. */
  async get<T>(
    path: string,
    what: string,
    query: string,
    callerSignal: AbortSignal | undefined,
    parse: (body: unknown, path: string) => T,
  ): Promise<T> {
    const { base, key } = this.checkConfig();
    // A loader shares one signal across many concurrent calls; listening on a per-call
    // follower keeps the caller's signal free of our listeners (and of Node's leak warning).
    // It also follows dispose(), so nothing in flight outlives the key.
    const signal = callerSignal?.aborted ? callerSignal : AbortSignal.any(callerSignal ? [callerSignal, this.#gone.signal] : [this.#gone.signal]);
    const attempt: Attempt = { path, what, query };
    const host = new URL(base).host;
    // Close counts requests per endpoint group; GETs to one resource (`contact`, `lead`) are one.
    const group = path.split('/').find((segment) => segment.length > 0) ?? '';
    const url = `${base}${path}${attempt.query === '' ? '' : `?${attempt.query}`}`;
    const maxAttempts = Math.max(1, Math.floor(this.options.maxAttempts ?? DEFAULT_ATTEMPTS));
    const timeoutAttempts = Math.max(1, Math.min(maxAttempts, Math.floor(this.options.timeoutAttempts ?? 3)));
    let timeouts = 0;
    for (let n = 1; ; n++) {
      throwIfCancelled(signal, attempt);
      const ticket = await this.limiter.acquire(signal, group).catch((error: unknown) => {
        throw isCloseCancel(error) ? cancelledError(attempt) : error;
      });
      const started = Date.now();
      let response: AxiosResponse<string>;
      try {
        response = await send(this.http, url, key, this.timeoutMs, signal, () => this.limiter.sent(ticket));
      } catch (error) {
        this.limiter.release(ticket);
        const failure = this.scrub(failureError(error, signal, attempt, n, this.timeoutMs));
        const elapsed = Date.now() - started;
        if (failure.kind === 'timeout') {
          timeouts++;
        }
        const canRetry = failure.kind === 'network' ? n < maxAttempts : failure.kind === 'timeout' && timeouts < timeoutAttempts && n < maxAttempts;
        if (!canRetry) {
          this.logLine(`GET ${this.show(attempt)} -> ${failure.kind} after ${elapsed} ms; giving up`);
          throw failure;
        }
        const delay = this.backoff(n);
        this.logLine(`GET ${this.show(attempt)} -> ${failure.kind} after ${elapsed} ms; retrying in ${delay} ms (attempt ${n + 1} of ${maxAttempts})`);
        // After a timeout the attempts left are bounded by the timeouts still allowed.
        const last = failure.kind === 'timeout' ? Math.min(maxAttempts, n + timeoutAttempts - timeouts) : maxAttempts;
        this.notifyRetry(failure.kind === 'timeout' ? 'timeout' : 'network', host, failureReason(error, this.timeoutMs), n + 1, last, delay);
        await this.wait(delay, signal, attempt, true);
        continue;
      }
      const headers = headerBag(response.headers);
      const rate = parseRateLimit(headers);
      this.logWaitNotes(rate?.notes, attempt);
      const status = response.status;
      // A 429's pause is handed over with the answer, so that no waiting request takes its slot first.
      const pauseS = status === 429 ? this.rateLimitWaitSeconds(rate, response.data) : undefined;
      this.limiter.observe(ticket, rate, pauseS);
      const line = `GET ${this.show(attempt)} -> ${status} in ${Date.now() - started} ms`;

      if (status >= 200 && status < 300) {
        try {
          const result = parse(parseJsonBody(response.data, contentType(headers), path, status), path);
          this.logLine(line);
          this.notifyRecovered(host);
          return result;
        } catch (error) {
          this.logLine(`${line}; the answer was not usable (${contentType(headers) ?? 'no content type'}, ${response.data.length} bytes)`);
          throw error;
        }
      }
      if (pauseS !== undefined) {
        if (n >= maxAttempts) {
          this.logLine(`${line}; giving up after ${n} attempts`);
          throw this.scrub(statusError('rateLimited', attempt, status, undefined, { retryAfterSeconds: pauseS, attempts: n }));
        }
        this.logLine(`${line}; Close asked to wait ${pauseS} s (attempt ${n + 1} of ${maxAttempts})`);
        this.notifyRetry('rateLimited', host, l10n.t('too many requests (429)'), n + 1, maxAttempts, pauseS * 1000);
        continue; // the limiter holds every request until the pause ends
      }
      if (RETRIED_STATUSES.has(status) && n < maxAttempts) {
        const askedMs = rate?.retryAfterSeconds !== undefined ? Math.min(rate.retryAfterSeconds, MAX_SERVER_WAIT_S) * 1000 : 0;
        const delay = Math.max(this.backoff(n), askedMs);
        this.logLine(`${line}; retrying in ${delay} ms (attempt ${n + 1} of ${maxAttempts})`);
        this.notifyRetry('server', host, `${status}${statusText(status)}`, n + 1, maxAttempts, delay);
        await this.wait(delay, signal, attempt, true);
        continue;
      }
      this.logLine(line);
      throw this.scrub(httpError(status, response.data, contentType(headers), attempt, n));
    }
  }


  private checkConfig(): { base: string; key: string } {
    const parsed = parseBaseUrl(this.options.baseUrl);
    if (!parsed.ok) {
      throw new CloseError('config', parsed.message);
    }
    const key = this.#key;
    if (key === undefined) {
      throw new CloseError('config', l10n.t('Signed out of Close CRM: this connection no longer has an API key. Set one with "Close CRM: Set API Key".'));
    }
    if (key.trim() === '') {
      throw new CloseError('config', l10n.t('No Close API key is set. Set one with "Close CRM: Set API Key".'));
    }
    // eslint-disable-next-line no-control-regex
    if (/[\s\u0000-\u001f\u007f]/.test(key)) {
      throw new CloseError('config', l10n.t('The Close API key contains spaces or line breaks. Copy it again from Close and set it with "Close CRM: Set API Key".'));
    }
    return { base: parsed.url, key };
  }


  /** The error with the key scrubbed from every text, whatever the server echoed. */
  private scrub(error: CloseError): CloseError {
    const clean = { ...error.details };
    if (clean.closeMessage !== undefined) {
      clean.closeMessage = this.redact(clean.closeMessage);
    }
    if (clean.path !== undefined) {
      clean.path = this.redact(clean.path);
    }
    return new CloseError(error.kind, this.redact(error.message), clean);
  }

  private redact(text: string): string {
    const key = this.#key;
    if (key === undefined || key.length < 4) {
      return text;
    }
    const basic = basicOf(key);
    return text.split(key).join('[redacted]').split(basic).join('[redacted]');
  }

  private rateLimitWaitSeconds(rate: RateLimitState | undefined, body: string): number {
    let seconds: number | undefined;
    if (rate?.resetSeconds !== undefined && rate.resetSeconds > 0) {
      seconds = rate.resetSeconds;
    } else if (rate?.retryAfterSeconds !== undefined) {
      seconds = rate.retryAfterSeconds;
    } else {
      seconds = legacyRateReset(body);
    }
    if (seconds === undefined) {
      seconds = (this.options.rateLimitDefaultWaitMs ?? DEFAULT_429_WAIT_MS) / 1000;
    }
    return Math.min(seconds, MAX_SERVER_WAIT_S);
  }

  /** One log line per kind of nonsense wait per client, not one per response. */
  private logWaitNotes(notes: readonly ServerWaitNote[] | undefined, attempt: Attempt): void {
    for (const note of notes ?? []) {
      const kind = `${note.source}:${note.problem}`;
      if (this.loggedWaitNotes.has(kind)) {
        continue;
      }
      this.loggedWaitNotes.add(kind);
      this.logLine(`GET ${this.show(attempt)}: ${describeWaitNote(note)} (logged once)`);
    }
  }

  /** Jittered exponential backoff: half fixed, half random, capped. */
  private backoff(attempt: number): number {
    const base = this.options.retryBaseDelayMs ?? DEFAULT_BACKOFF_MS;
    const full = Math.min(MAX_BACKOFF_MS, base * 2 ** (attempt - 1));
    return Math.round(full / 2 + Math.random() * (full / 2));
  }

  /** Waits `ms` unless cancelled; a wakeable wait also ends early on `retryNow()`. */
  private async wait(ms: number, signal: AbortSignal | undefined, attempt: Attempt, wakeable = false): Promise<void> {
    const sleep = this.options.sleep ?? defaultSleep;
    const wake = new AbortController();
    const wakeUp = (): void => wake.abort();
    if (wakeable) {
      this.wakers.add(wakeUp);
    }
    try {
      await sleep(ms, signal ? AbortSignal.any([signal, wake.signal]) : wake.signal);
    } catch (error) {
      if (!(wake.signal.aborted && !signal?.aborted)) {
        throw signal?.aborted || isCloseCancel(error) ? cancelledError(attempt) : error;
      }
    } finally {
      this.wakers.delete(wakeUp);
    }
    throwIfCancelled(signal, attempt);
  }

  private notifyRetry(kind: RetryKind, host: string, reason: string, attempt: number, maxAttempts: number, waitMs: number): void {
    if (!this.options.onRetry) {
      return;
    }
    this.troubled = true;
    this.options.onRetry({ type: 'retry', kind, host, reason, attempt, maxAttempts, waitMs, at: this.now() });
  }

  private notifyRecovered(host: string): void {
    if (this.troubled) {
      this.troubled = false;
      this.options.onRetry?.({ type: 'recovered', host, at: this.now() });
    }
  }

  private show(attempt: Attempt): string {
    return this.redact(`${attempt.path}${attempt.query === '' ? '' : `?${attempt.query}`}`);
  }

  private logLine(line: string): void {
    this.options.log?.(this.redact(line));
  }
}

function describeWaitNote(note: ServerWaitNote): string {
  const what = note.source === 'reset' ? `RateLimit reset=${note.raw}` : `Retry-After: ${note.raw}`;
  switch (note.problem) {
    case 'unixTime':
      return `Close sent ${what}, which looks like a Unix time rather than seconds to wait; read as ${Math.ceil(note.usedSeconds ?? 0)} s from now`;
    case 'capped':
      return `Close sent ${what}; waiting at most ${MAX_SERVER_WAIT_S} s`;
    case 'negative':
      return `Close sent ${what}, a negative wait; ignored`;
    case 'huge':
      return `Close sent ${what}, a wait of more than a day; ignored`;
    case 'notANumber':
      return `Close sent ${what}, which is not a number of seconds; ignored`;
  }
}

function throwIfCancelled(signal: AbortSignal | undefined, attempt: RequestTarget): void {
  if (signal?.aborted) {
    throw cancelledError(attempt);
  }
}

function isCloseCancel(error: unknown): boolean {
  return error instanceof CloseError && error.kind === 'cancelled';
}
