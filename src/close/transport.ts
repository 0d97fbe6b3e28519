// One HTTP GET to Close, with nothing around it: the axios instance (no redirects, no proxy
// from the environment, a size cap), Basic auth, the per-request timeout, and what a failure
// without an answer becomes. Retries and pacing are the requester's (requester.ts).
import * as l10n from '@vscode/l10n';
import axios, { AxiosHeaders, type AxiosInstance, type AxiosResponse } from 'axios';
// The same modules axios asks for, so that VS Code's proxy support applies alike.
import * as http from 'http';
import * as https from 'https';
import { CloseError } from './errors';
import { cancelledError, describeNetworkCode, networkError, timeoutError, tooLargeError, type RequestTarget } from './errorCatalogue';
import type { HeaderBag } from './rateLimitHeaders';
import { setSafeTimeout } from './timers';

/** The largest answer read, after decompression; a page of 100 full contacts is well under 1 MB. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Marks the per-request timer's abort, told apart from the caller's. */
const TIMED_OUT = Symbol('timed out');

export function createHttp(): AxiosInstance {
  return axios.create({
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

/**
 * Sends the GET; rejects with TIMED_OUT after `timeoutMs`, or with axios's error. `onSent` is
 * called when the request has been handed to the operating system: later than the call when
 * the event loop was busy or a connection had to be opened first.
 */
export async function send(
  client: AxiosInstance,
  url: string,
  key: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  onSent?: () => void,
): Promise<AxiosResponse<string>> {
  const controller = new AbortController();
  const timer = setSafeTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  // The caller may have aborted while this request waited for the rate limiter.
  if (signal?.aborted) {
    controller.abort();
  }
  try {
    return await client.get<string>(url, {
      signal: controller.signal,
      transport: onSent === undefined ? undefined : tellingTransport(onSent),
      headers: {
        Authorization: `Basic ${basicOf(key)}`,
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

/** Node's own request, which calls `onSent` once the request has gone out ('finish'). */
function tellingTransport(onSent: () => void): { request: typeof http.request } {
  const request = (options: http.RequestOptions, callback?: (res: http.IncomingMessage) => void): http.ClientRequest => {
    const req = (options.protocol === 'https:' ? https : http).request(options, callback);
    req.once('finish', onSent);
    return req;
  };
  return { request: request as typeof http.request };
}

/** The key as it travels in the Authorization header. */
export function basicOf(key: string): string {
  return Buffer.from(`${key}:`, 'utf8').toString('base64');
}

/** What a `send` that ended without an answer becomes (attempt `n`). */
export function failureError(error: unknown, signal: AbortSignal | undefined, attempt: RequestTarget, n: number, timeoutMs: number): CloseError {
  if (signal?.aborted) {
    return cancelledError(attempt);
  }
  if (error === TIMED_OUT) {
    return timeoutError(attempt, timeoutMs / 1000, n);
  }
  if (isTooLarge(error)) {
    return tooLargeError(attempt, MAX_RESPONSE_BYTES / (1024 * 1024));
  }
  return networkError(attempt, networkCode(error), n);
}

/** The short reason a retry notice carries for a failure without an answer. */
export function failureReason(error: unknown, timeoutMs: number): string {
  if (error === TIMED_OUT) {
    return l10n.t('no answer within {0} s', timeoutMs / 1000);
  }
  return describeNetworkCode(networkCode(error));
}

function networkCode(error: unknown): string {
  return axios.isAxiosError(error) ? (error.code ?? '') : '';
}

/** axios stopped reading at maxContentLength (its only ERR_BAD_RESPONSE raised before a response). */
function isTooLarge(error: unknown): boolean {
  return axios.isAxiosError(error) && error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message);
}

export function headerBag(headers: AxiosResponse['headers']): HeaderBag {
  return headers instanceof AxiosHeaders ? headers.toJSON() : (headers as HeaderBag);
}

export function contentType(headers: HeaderBag): string | undefined {
  const value = headers['content-type'];
  return typeof value === 'string' ? value : undefined;
}

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
