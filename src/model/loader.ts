// Offset paging when the total is unknown: keep a window of pages in flight (speculatively
// ahead of the last page applied), apply them strictly in order, and stop at the first short
// page or `has_more: false`; requests for pages past the end are cancelled or ignored.
import type { ListResponse } from '../close/types';
import { CloseError, isCloseError } from '../close/errors';

export type FetchPage<T> = (skip: number, limit: number, signal: AbortSignal) => Promise<ListResponse<T>>;

export interface PagedLoadOptions<T> {
  fetchPage: FetchPage<T>;
  pageSize: number;
  /** Pages in flight at once (1 = the naive sequential loop). */
  window: number;
  signal: AbortSignal;
  /** Called for each page, in order, with its index. Not called after the load was aborted. */
  onPage: (items: T[], index: number) => void;
  /** Stop before requesting a `_skip` above this (a max_skip Close reported earlier). */
  maxSkip?: number;
}

export interface PagedLoadResult {
  pages: number;
  items: number;
  /** True when the last page said `has_more: false` (or was short). */
  complete: boolean;
  /** What stopped the load early (never set when `complete`). */
  error?: CloseError;
  /** Close refused a deeper `_skip`; what came before is complete up to there. */
  maxSkip?: number;
  /** Requests started, including speculative ones past the end. */
  requests: number;
}

type Outcome<T> = { ok: true; page: ListResponse<T> } | { ok: false; error: CloseError };

function asCloseError(err: unknown): CloseError {
  if (isCloseError(err)) {
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CloseError('badResponse', `Loading contacts failed unexpectedly (${message}). Try Refresh.`);
}

export function cancelledError(): CloseError {
  return new CloseError('cancelled', 'The load was cancelled because a newer one started.');
}

export async function loadPaged<T>(options: PagedLoadOptions<T>): Promise<PagedLoadResult> {
  const { fetchPage, pageSize, signal, onPage } = options;
  const window = Math.max(1, Math.floor(options.window));
  const inFlight = new Map<number, { controller: AbortController; promise: Promise<Outcome<T>> }>();
  const result: PagedLoadResult = { pages: 0, items: 0, complete: false, requests: 0 };
  let nextToRequest = 0;
  let stopRequesting = false;
  const abortAll = (): void => {
    for (const entry of inFlight.values()) {
      entry.controller.abort();
    }
    inFlight.clear();
  };
  const onAbort = (): void => abortAll();
  signal.addEventListener('abort', onAbort);

  const request = (index: number): void => {
    const skip = index * pageSize;
    if (options.maxSkip !== undefined && skip > options.maxSkip) {
      stopRequesting = true;
      return;
    }
    const controller = new AbortController();
    result.requests++;
    const promise = fetchPage(skip, pageSize, controller.signal).then(
      (page): Outcome<T> => ({ ok: true, page }),
      (err: unknown): Outcome<T> => ({ ok: false, error: asCloseError(err) }),
    );
    inFlight.set(index, { controller, promise });
    // A revoked key stops everything at once, whichever page saw it first.
    void promise.then((o) => {
      if (!o.ok && o.error.kind === 'auth') {
        stopRequesting = true;
        abortAll();
        authFailure ??= o.error;
        wakeUp?.();
      }
    });
  };
  let authFailure: CloseError | undefined;
  let wakeUp: (() => void) | undefined;

  const fill = (applied: number): void => {
    while (!stopRequesting && nextToRequest < applied + window) {
      request(nextToRequest++);
    }
  };

  try {
    let index = 0;
    fill(0);
    for (;;) {
      if (signal.aborted) {
        result.error = cancelledError();
        return result;
      }
      if (authFailure) {
        result.error = authFailure;
        return result;
      }
      const entry = inFlight.get(index);
      if (!entry) {
        // Nothing requested for this page: the max_skip known in advance stopped us.
        result.maxSkip = options.maxSkip;
        return result;
      }
      const outcome = await Promise.race([
        entry.promise,
        new Promise<undefined>((resolve) => {
          wakeUp = () => resolve(undefined);
        }),
      ]);
      wakeUp = undefined;
      if (signal.aborted) {
        result.error = cancelledError();
        return result;
      }
      if (!outcome) {
        continue;
      }
      inFlight.delete(index);
      if (!outcome.ok) {
        const { error } = outcome;
        if (error.kind === 'badRequest' && error.details.maxSkip !== undefined) {
          result.maxSkip = error.details.maxSkip;
        } else {
          result.error = error;
        }
        return result;
      }
      const data = Array.isArray(outcome.page.data) ? outcome.page.data : [];
      onPage(data, index);
      result.pages++;
      result.items += data.length;
      index++;
      if (!outcome.page.has_more || data.length < pageSize) {
        result.complete = true;
        return result;
      }
      fill(index);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    abortAll();
  }
}
