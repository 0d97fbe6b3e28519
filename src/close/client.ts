// The typed Close API client: axios, Basic auth with the key, shared rate-limit pacing,
// bounded retries, a per-request timeout and cancellation. No `vscode` import.
// Every failure becomes a CloseError whose message says what happened and what to do;
// nothing thrown or logged carries the key or a request header.
import * as l10n from '@vscode/l10n';
import axios, { AxiosHeaders, type AxiosInstance, type AxiosResponse } from 'axios';
import type { Contact, Lead, ListContactsParams, ListResponse, Me } from './types';
import { CloseError, type CloseErrorKind } from './errors';
import { parseBaseUrl } from './baseUrl';
import { MAX_SERVER_WAIT_S, RateLimiter, parseRateLimit, type HeaderBag, type RateLimitState, type ServerWaitNote } from './rateLimit';
import { setSafeTimeout } from './timers';
import type { ClientNotice, RetryKind } from './retryNotice';
import { checkListEnvelope, checkMe, checkRecord, isPlainObject, parseJsonBody } from './validate';

export interface CloseClientOptions {
  /** e.g. https://api.close.com/api/v1 ; validated by `parseBaseUrl` (src/close/baseUrl.ts). */
  baseUrl: string;
  /** Kept only in the client's private `#key`; not in `options`. */
  apiKey: string;
  /** Per-request timeout. Default 30 000 ms. */
  timeoutMs?: number;
  /** Attempts per request including the first (429 waits, 502/503/504 and network retries). Default 5. */
  maxAttempts?: number;
  /** Attempts when the request times out (each costs `timeoutMs`). Default min(3, maxAttempts). */
  timeoutAttempts?: number;
  /** Shared pacing for every request made with this key; one is created when omitted. */
  rateLimiter?: RateLimiter;
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
}

export interface ListLeadsParams {
  limit?: number;
  skip?: number;
  fields?: readonly string[];
}

type Query = ReadonlyArray<readonly [string, string | number | undefined]>;

interface Attempt {
  /** Path relative to the base URL, without query, e.g. `/contact/`. */
  path: string;
  /** What the path names, for messages: "contact cont_1", "the contact list". */
  what: string;
  query: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_ATTEMPTS = 5;
const DEFAULT_BACKOFF_MS = 500;
const DEFAULT_429_WAIT_MS = 2_000;
const MAX_BACKOFF_MS = 30_000;
/** The largest answer read, after decompression; a page of 100 full contacts is well under 1 MB. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const RETRIED_STATUSES = new Set([500, 502, 503, 504]);

export class CloseClient {
  /** The settings without the key. */
  readonly options: Readonly<Omit<CloseClientOptions, 'apiKey'>>;
  /** A true private field: no property walk, getter or reflection over the client reaches it. */
  #key: string | undefined;
  readonly #gone = new AbortController();
  private readonly limiter: RateLimiter;
  private readonly http: AxiosInstance;
  /** Kinds of nonsense wait already logged: one line each per client. */
  private readonly loggedWaitNotes = new Set<string>();
  /** Ends the backoff waits under way early ("Retry now"). */
  private readonly wakers = new Set<() => void>();
  /** A retry was announced and no request has succeeded since. */
  private troubled = false;

  constructor(options: CloseClientOptions) {
    const { apiKey, ...rest } = options;
    this.#key = apiKey;
    this.options = rest;
    this.limiter = options.rateLimiter ?? new RateLimiter();
    this.http = axios.create({
      // A redirect would carry the Authorization header to wherever it points.
      maxRedirects: 0,
      // Proxies come from the editor's own networking, not from environment variables here.
      proxy: false,
      validateStatus: () => true,
      responseType: 'text',
      responseEncoding: 'utf8',
      transformResponse: [(data: unknown) => data],
      // Counted on the decompressed stream (axios 1.x), so a gzip bomb stops here too.
      maxContentLength: MAX_RESPONSE_BYTES,
      maxBodyLength: MAX_RESPONSE_BYTES,
    });
  }

  /** Forgets the key (Sign Out, key change): every later request fails with a 'config' error. */
  dispose(): void {
    this.#key = undefined;
    this.#gone.abort();
  }

  /** The pacing shared by this client's requests (for status and the benchmark). */
  get rateLimiter(): RateLimiter {
    return this.limiter;
  }

  /**
   * Cuts short every backoff wait under way (network, timeout and 5xx retries), so those
   * requests are tried again now. A pause Close asked for (429) is kept. Returns how many woke.
   */
  retryNow(): number {
    const wakers = [...this.wakers];
    this.wakers.clear();
    wakers.forEach((wake) => wake());
    return wakers.length;
  }

  /** `GET /contact/` with `_limit`, `_skip`, `_fields`, `lead_id`; the body is checked for shape. */
  listContacts(params: ListContactsParams, signal?: AbortSignal): Promise<ListResponse<Contact>> {
    const query: Query = [
      ['_limit', params.limit],
      ['_skip', params.skip],
      ['_fields', joinFields(params.fields)],
      ['lead_id', params.leadId],
    ];
    const what = params.leadId === undefined ? l10n.t('the contact list') : l10n.t('the contacts of lead {0}', params.leadId);
    return this.get('/contact/', what, query, signal, (body, path) => checkListEnvelope<Contact>(body, path));
  }

  /** Pages `GET /contact/` one request at a time, following `has_more`. */
  async *iterateContacts(
    params: Omit<ListContactsParams, 'skip'>,
    signal?: AbortSignal,
  ): AsyncGenerator<Contact[], void, void> {
    let skip = 0;
    for (;;) {
      const page = await this.listContacts({ ...params, skip }, signal);
      yield page.data;
      if (!page.has_more) {
        return;
      }
      if (page.data.length === 0) {
        throw new CloseError('badResponse', l10n.t('Close said more contacts follow after {0} but sent an empty page. Refresh to try again.', skip), {
          status: 200,
          path: '/contact/',
        });
      }
      skip += page.data.length;
    }
  }

  /** `GET /contact/{id}/`. */
  getContact(id: string, fields?: readonly string[], signal?: AbortSignal): Promise<Contact> {
    return this.getOne('contact', id, fields, signal);
  }

  /** `GET /lead/` (one page). */
  listLeads(params: ListLeadsParams, signal?: AbortSignal): Promise<ListResponse<Lead>> {
    const query: Query = [
      ['_limit', params.limit],
      ['_skip', params.skip],
      ['_fields', joinFields(params.fields)],
    ];
    return this.get('/lead/', l10n.t('the lead list'), query, signal, (body, path) => checkListEnvelope<Lead>(body, path));
  }

  /** `GET /lead/{id}/`. */
  getLead(id: string, fields?: readonly string[], signal?: AbortSignal): Promise<Lead> {
    return this.getOne('lead', id, fields, signal);
  }

  /** `GET /me/`: the user behind the key; used to validate a key before saving it. */
  getMe(signal?: AbortSignal): Promise<Me> {
    return this.get('/me/', l10n.t('the user behind the API key'), [], signal, (body, path) => checkMe<Me>(body, path));
  }

  private getOne<T>(resource: 'contact' | 'lead', id: string, fields: readonly string[] | undefined, signal: AbortSignal | undefined): Promise<T> {
    if (id === '') {
      const message = resource === 'contact' ? l10n.t('No contact id was given. Pick a contact from the list.') : l10n.t('No lead id was given. Pick a lead from the list.');
      return Promise.reject(new CloseError('notFound', message, {}));
    }
    const path = `/${resource}/${encodeURIComponent(id)}/`;
    const what = resource === 'contact' ? l10n.t('contact {0}', id) : l10n.t('lead {0}', id);
    return this.get(path, what, [['_fields', joinFields(fields)]], signal, (body, p) => checkRecord<T>(body, p));
  }

  private async get<T>(
    path: string,
    what: string,
    query: Query,
    callerSignal: AbortSignal | undefined,
    parse: (body: unknown, path: string) => T,
  ): Promise<T> {
    const { base, key } = this.checkConfig();
    // A loader shares one signal across many concurrent calls; listening on a per-call
    // follower keeps the caller's signal free of our listeners (and of Node's leak warning).
    // It also follows dispose(), so nothing in flight outlives the key.
    const signal = callerSignal?.aborted ? callerSignal : AbortSignal.any(callerSignal ? [callerSignal, this.#gone.signal] : [this.#gone.signal]);
    const attempt: Attempt = { path, what, query: buildQuery(query) };
    const host = new URL(base).host;
    const url = `${base}${path}${attempt.query === '' ? '' : `?${attempt.query}`}`;
    const maxAttempts = Math.max(1, Math.floor(this.options.maxAttempts ?? DEFAULT_ATTEMPTS));
    const timeoutAttempts = Math.max(1, Math.min(maxAttempts, Math.floor(this.options.timeoutAttempts ?? 3)));
    let timeouts = 0;
    for (let n = 1; ; n++) {
      throwIfCancelled(signal, attempt);
      const ticket = await this.limiter.acquire(signal).catch((error: unknown) => {
        throw isCloseCancel(error) ? cancelledError(attempt) : error;
      });
      const started = Date.now();
      let response: AxiosResponse<string>;
      try {
        response = await this.send(url, key, signal);
      } catch (error) {
        this.limiter.release(ticket);
        const failure = this.classify(error, signal, attempt, n);
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
        this.notifyRetry(failure.kind === 'timeout' ? 'timeout' : 'network', host, this.failureReason(error), n + 1, last, delay);
        await this.wait(delay, signal, attempt, true);
        continue;
      }
      const headers = headerBag(response.headers);
      const rate = parseRateLimit(headers);
      this.logWaitNotes(rate?.notes, attempt);
      this.limiter.observe(ticket, rate);
      const status = response.status;
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
      if (status === 429) {
        const waitS = this.rateLimitWaitSeconds(rate, response.data);
        this.limiter.pauseFor(waitS, ticket);
        if (n >= maxAttempts) {
          this.logLine(`${line}; giving up after ${n} attempts`);
          throw this.error('rateLimited', attempt, status, undefined, { retryAfterSeconds: waitS, attempts: n });
        }
        this.logLine(`${line}; Close asked to wait ${waitS} s (attempt ${n + 1} of ${maxAttempts})`);
        this.notifyRetry('rateLimited', host, l10n.t('too many requests (429)'), n + 1, maxAttempts, waitS * 1000);
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
      throw this.httpError(status, response, headers, attempt, n);
    }
  }

  private async send(url: string, key: string, signal: AbortSignal | undefined): Promise<AxiosResponse<string>> {
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setSafeTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    // The caller may have aborted while this request waited for the rate limiter.
    if (signal?.aborted) {
      controller.abort();
    }
    try {
      return await this.http.get<string>(url, {
        signal: controller.signal,
        headers: {
          Authorization: `Basic ${Buffer.from(`${key}:`, 'utf8').toString('base64')}`,
          Accept: 'application/json',
          'User-Agent': 'close-contacts-vscode',
        },
      });
    } catch (error) {
      if (controller.signal.reason === TIMED_OUT && !signal?.aborted) {
        throw TIMED_OUT;
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
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

  private classify(error: unknown, signal: AbortSignal | undefined, attempt: Attempt, n: number): CloseError {
    if (signal?.aborted) {
      return cancelledError(attempt);
    }
    if (error === TIMED_OUT) {
      const seconds = (this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000;
      return this.make(
        'timeout',
        l10n.t({
          message: 'Close did not answer {0} within {1} s{2}. Check your connection, or raise the closeCrm.requestTimeoutSeconds setting.',
          args: [attempt.what, seconds, tries(n)],
          comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {2} is empty or " after N tries".'],
        }),
        { path: attempt.path },
      );
    }
    if (isTooLarge(error)) {
      return this.make(
        'badResponse',
        l10n.t({
          message:
            'Close sent an answer larger than {0} MB for {1}, far more than it should be, so it was not read. Try again later; if it keeps happening, check the closeCrm.apiBaseUrl setting (something other than Close may be answering).',
          args: [MAX_RESPONSE_BYTES / (1024 * 1024), attempt.what],
          comment: ['{1} names what was asked for, e.g. "the contact list" or "contact cont_x".'],
        }),
        { path: attempt.path },
      );
    }
    const code = axios.isAxiosError(error) ? (error.code ?? '') : '';
    return this.make(
      'network',
      l10n.t({
        message: 'Could not reach Close for {0} ({1}){2}. Check your internet connection and the closeCrm.apiBaseUrl setting.',
        args: [attempt.what, describeNetworkCode(code), tries(n)],
        comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is the failure, e.g. "connection refused". {2} is empty or " after N tries".'],
      }),
      { path: attempt.path },
    );
  }

  private httpError(status: number, response: AxiosResponse<string>, headers: HeaderBag, attempt: Attempt, n: number): CloseError {
    const closeMessage = extractCloseMessage(response.data, contentType(headers));
    if (status >= 300 && status < 400) {
      return this.make(
        'badResponse',
        l10n.t({
          message: 'Close answered {0} with a redirect ({1}), which is not followed so the API key is never sent elsewhere. Check the closeCrm.apiBaseUrl setting.',
          args: [attempt.what, status],
          comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is an HTTP status code.'],
        }),
        { status, path: attempt.path },
      );
    }
    if (status === 401) {
      return this.make('auth', l10n.t('Close rejected the API key (401). {0}', setKeyHint()), { status, path: attempt.path, closeMessage });
    }
    if (status === 403) {
      // The key itself is good (a bad key is 401): it lacks a permission, so this is not
      // treated like a revoked key and other resources keep loading.
      const resource = resourceOf(attempt.path);
      const message =
        closeMessage === undefined
          ? l10n.t({
              message: 'This API key may not read {0} (Close answered 403 on {1}). Ask your Close admin for permission to read {0}, or set a key that has it with "Close CRM: Set API Key".',
              args: [resource, attempt.path],
              comment: ['{0} is "contacts", "leads" or "its own user profile". {1} is a request path such as /contact/.'],
            })
          : l10n.t({
              message: 'This API key may not read {0} (Close answered 403 on {1}): {2}. Ask your Close admin for permission to read {0}, or set a key that has it with "Close CRM: Set API Key".',
              args: [resource, attempt.path, closeText(closeMessage)],
              comment: ['{0} is "contacts", "leads" or "its own user profile". {1} is a request path such as /contact/. {2} is Close\'s own error text.'],
            });
      return this.make('forbidden', message, { status, path: attempt.path, closeMessage });
    }
    if (status === 404) {
      const message =
        closeMessage === undefined
          ? l10n.t({
              message: 'Close has no {0} (404). It may have been deleted or merged; refresh the contacts.',
              args: [attempt.what],
              comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x".'],
            })
          : l10n.t({
              message: 'Close has no {0} (404): {1}. It may have been deleted or merged; refresh the contacts.',
              args: [attempt.what, closeText(closeMessage)],
              comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is Close\'s own error text.'],
            });
      return this.make('notFound', message, { status, path: attempt.path, closeMessage });
    }
    if (status >= 500) {
      return this.error('server', attempt, status, closeMessage, { attempts: n });
    }
    return this.error('badRequest', attempt, status, closeMessage, { attempts: n });
  }

  private error(
    kind: Extract<CloseErrorKind, 'server' | 'badRequest' | 'rateLimited'>,
    attempt: Attempt,
    status: number,
    closeMessage: string | undefined,
    extra: { attempts: number; retryAfterSeconds?: number },
  ): CloseError {
    const path = attempt.path;
    if (kind === 'rateLimited') {
      const waitS = extra.retryAfterSeconds ?? 0;
      return this.make(
        kind,
        l10n.t({
          message: 'Close kept answering "too many requests" (429) for {0}{1}. Wait {2} and try again; another app may be using the same API key.',
          args: [attempt.what, tries(extra.attempts), formatSeconds(waitS)],
          comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is empty or " after N tries". {2} is "1 second" or "N seconds".'],
        }),
        { status, path, retryAfterSeconds: waitS },
      );
    }
    if (kind === 'server') {
      return this.make(
        kind,
        l10n.t({
          message: 'Close had a server error ({0}) on {1}{2}. Try again in a moment; if it persists, Close may be having problems (status.close.com).',
          args: [`${status}${statusText(status)}`, attempt.what, tries(extra.attempts)],
          comment: ['{0} is an HTTP status, e.g. "503 Service Unavailable". {1} names what was asked for, e.g. "the contact list". {2} is empty or " after N tries".'],
        }),
        { status, path, closeMessage },
      );
    }
    const maxSkip = matchNumber(closeMessage, /max_skip\s*=\s*(\d+)/i);
    const maxLimit = matchNumber(closeMessage, /max_limit\s*=\s*(\d+)/i);
    let advice: string;
    if (maxSkip !== undefined) {
      advice = l10n.t("Close lists at most {0} records this way; a lead's contacts can still be loaded with Refresh Lead.", maxSkip);
    } else if (maxLimit !== undefined) {
      advice = l10n.t('Set closeCrm.pageSize to {0} or less.', maxLimit);
    } else {
      advice = l10n.t('This looks like a problem in the extension; please report it with the log (Close CRM: Show Log).');
    }
    const message =
      closeMessage === undefined
        ? l10n.t({
            message: 'Close refused the request for {0} ({1}). {2}',
            args: [attempt.what, status, advice],
            comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is an HTTP status code. {2} is advice (a whole sentence).'],
          })
        : l10n.t({
            message: 'Close refused the request for {0} ({1}): {2}. {3}',
            args: [attempt.what, status, closeText(closeMessage), advice],
            comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is an HTTP status code. {2} is Close\'s own error text. {3} is advice (a whole sentence).'],
          });
    return this.make(kind, message, {
      status,
      path,
      closeMessage,
      ...(maxSkip !== undefined ? { maxSkip } : {}),
      ...(maxLimit !== undefined ? { maxLimit } : {}),
    });
  }

  /** Builds the error with the key scrubbed from every text, whatever the server echoed. */
  private make(kind: CloseErrorKind, message: string, details: CloseError['details']): CloseError {
    const clean = { ...details };
    if (clean.closeMessage !== undefined) {
      clean.closeMessage = this.redact(clean.closeMessage);
    }
    if (clean.path !== undefined) {
      clean.path = this.redact(clean.path);
    }
    return new CloseError(kind, this.redact(message), clean);
  }

  private redact(text: string): string {
    const key = this.#key;
    if (key === undefined || key.length < 4) {
      return text;
    }
    const basic = Buffer.from(`${key}:`, 'utf8').toString('base64');
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
    this.options.onRetry({ type: 'retry', kind, host, reason, attempt, maxAttempts, waitMs, at: Date.now() });
  }

  private notifyRecovered(host: string): void {
    if (this.troubled) {
      this.troubled = false;
      this.options.onRetry?.({ type: 'recovered', host, at: Date.now() });
    }
  }

  /** The short reason a notice carries for a failure without an answer. */
  private failureReason(error: unknown): string {
    if (error === TIMED_OUT) {
      return l10n.t('no answer within {0} s', (this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000);
    }
    return describeNetworkCode(axios.isAxiosError(error) ? (error.code ?? '') : '');
  }

  private show(attempt: Attempt): string {
    return this.redact(`${attempt.path}${attempt.query === '' ? '' : `?${attempt.query}`}`);
  }

  private logLine(line: string): void {
    this.options.log?.(this.redact(line));
  }
}

/** Marks the per-request timer's abort, told apart from the caller's. */
const TIMED_OUT = Symbol('timed out');

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CloseError('cancelled', l10n.t('The wait was cancelled.')));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CloseError('cancelled', l10n.t('The wait was cancelled.')));
    };
    const timer = setSafeTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** axios stopped reading at maxContentLength (its only ERR_BAD_RESPONSE raised before a response). */
function isTooLarge(error: unknown): boolean {
  return axios.isAxiosError(error) && error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message);
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

function cancelledError(attempt: Attempt): CloseError {
  return new CloseError('cancelled', l10n.t({ message: 'The request for {0} was cancelled.', args: [attempt.what], comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x".'] }), {
    path: attempt.path,
  });
}

function throwIfCancelled(signal: AbortSignal | undefined, attempt: Attempt): void {
  if (signal?.aborted) {
    throw cancelledError(attempt);
  }
}

function isCloseCancel(error: unknown): boolean {
  return error instanceof CloseError && error.kind === 'cancelled';
}

function joinFields(fields: readonly string[] | undefined): string | undefined {
  return fields === undefined || fields.length === 0 ? undefined : fields.join(',');
}

/** `a=1&b=x,y`: commas kept readable, everything else percent-encoded. */
function buildQuery(query: Query): string {
  return query
    .filter((entry): entry is readonly [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value)).replace(/%2C/gi, ',')}`)
    .join('&');
}

function headerBag(headers: AxiosResponse['headers']): HeaderBag {
  return headers instanceof AxiosHeaders ? headers.toJSON() : (headers as HeaderBag);
}

function contentType(headers: HeaderBag): string | undefined {
  const value = headers['content-type'];
  return typeof value === 'string' ? value : undefined;
}

/** Close's own words from an error body: `{"error": "..."}`, `{"errors": [...], "field-errors": {...}}`. */
function extractCloseMessage(body: string, type: string | undefined): string | undefined {
  if (!/json/i.test(type ?? '') && !/^\s*[{[]/.test(body)) {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
  if (!isPlainObject(value)) {
    return undefined;
  }
  const parts: string[] = [];
  const error = value.error;
  if (typeof error === 'string') {
    parts.push(error);
  } else if (isPlainObject(error) && typeof error.message === 'string') {
    parts.push(error.message);
  }
  if (Array.isArray(value.errors)) {
    for (const item of value.errors) {
      if (typeof item === 'string') {
        parts.push(item);
      }
    }
  }
  const fieldErrors = value['field-errors'];
  if (isPlainObject(fieldErrors)) {
    for (const [field, message] of Object.entries(fieldErrors)) {
      parts.push(`${field}: ${typeof message === 'string' ? message : JSON.stringify(message)}`);
    }
  }
  if (parts.length === 0) {
    return undefined;
  }
  const text = parts.join('; ').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** The deprecated 429 body: `{"error": {"rate_reset": 1, ...}}`. */
function legacyRateReset(body: string): number | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    if (isPlainObject(value) && isPlainObject(value.error) && typeof value.error.rate_reset === 'number' && value.error.rate_reset >= 0) {
      return value.error.rate_reset;
    }
  } catch {
    // not JSON: no hint
  }
  return undefined;
}

function matchNumber(text: string | undefined, pattern: RegExp): number | undefined {
  const match = text === undefined ? null : pattern.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The advice after a 401 (a whole sentence). */
function setKeyHint(): string {
  return l10n.t('Set a valid key with "Close CRM: Set API Key".');
}

/** Close's own words for a message, without their final period (the sentence adds one). */
function closeText(closeMessage: string): string {
  return closeMessage.replace(/[.\s]+$/, '');
}

/** "contacts", "leads", "its own user profile": what a path lets a key read, for a 403. */
function resourceOf(path: string): string {
  if (path.startsWith('/contact/')) {
    return l10n.t('contacts');
  }
  if (path.startsWith('/lead/')) {
    return l10n.t('leads');
  }
  if (path.startsWith('/me/')) {
    return l10n.t('its own user profile');
  }
  return path;
}

/** `""` for a first attempt, else " after N tries" (with its leading space), appended to a clause. */
function tries(n: number): string {
  return n > 1 ? ` ${l10n.t({ message: 'after {0} tries', args: [n], comment: ['Appended to "Close did not answer the contact list within 30 s" and the like.'] })}` : '';
}

function formatSeconds(seconds: number): string {
  const rounded = Math.max(1, Math.ceil(seconds));
  return rounded === 1 ? l10n.t('1 second') : l10n.t('{0} seconds', rounded);
}

function statusText(status: number): string {
  const names: Record<number, string> = { 500: ' Internal Server Error', 502: ' Bad Gateway', 503: ' Service Unavailable', 504: ' Gateway Timeout' };
  return names[status] ?? '';
}

function describeNetworkCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return l10n.t('connection refused');
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_SOCKET_CONNECTION_TIMEOUT':
      return l10n.t('the connection was dropped');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return l10n.t('the host name could not be resolved; are you offline?');
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return l10n.t('the network is unreachable; are you offline?');
    case 'ETIMEDOUT':
      return l10n.t('the connection timed out');
    case 'ERR_BAD_RESPONSE':
      return l10n.t('the answer was not valid HTTP');
    default:
      return l10n.t('a network error');
  }
}
