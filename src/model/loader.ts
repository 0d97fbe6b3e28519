// Offset paging when the total is unknown: keep a window of pages in flight (speculatively
// ahead of the last page applied) and apply them strictly in order. The end of the list is
// `has_more: false` and nothing else: a short page with `has_more: true` goes on from what
// actually came. Requests for pages past the end are cancelled or ignored.
//
// Seam check (when `idOf` is given). Close lists by offset only, so a record deleted before
// the current offset between two reads moves every later record back, and the one at the
// page boundary would never be read. Pages therefore overlap: each starts on the last record
// of the page before (`_skip` advances by `_limit - 1`), and a page is used only when it
// *links*: it is the page at `_skip` 0, or it holds a record of a page already linked.
//
// Why linking is enough, assuming only that Close lists in some order that stays stable while
// records are inserted or deleted (the order itself is not assumed; Close does not document
// it): say "covered(r)" when every record that exists for the whole load and comes no later
// than r is in the result. A page is a contiguous run of the list as it was when that page
// was read, and every such record was in the list then. So if a page holds a record w with
// covered(w), then covered(its last record): those up to w by assumption, those between w
// and its last record are in the page itself. The page at `_skip` 0 starts the list, so
// covered(its last record); every record of a linked page is then covered. A linked page
// with `has_more: false` ends the list as it was read, so nothing that lasts the whole load
// comes after it: the result holds every such record. What a matching seam does NOT prove:
// that the records of a page still exist (some may be gone by the end; the next load drops
// them), or that nothing was inserted between two reads (inserts may or may not be read).
//
// A page that does not link means records moved between two reads. It is kept aside and a
// page ending where it starts is read (further back each time in a row: a large delete can
// shift by more than a page). Once the chain is linked up to it again it is checked again;
// if it still does not link, it is read afresh. Misses are bounded and reported.
import * as l10n from '@vscode/l10n';
import type { ListResponse } from '../close/types';
import { CloseError, toCloseError } from '../close/errors';

export type FetchPage<T> = (skip: number, limit: number, signal: AbortSignal) => Promise<ListResponse<T>>;

/** How many requests at once: a number, or a function asked again as a load goes on. */
export type InFlight = number | (() => number);

/** `inFlight` as a function, at least 1 and whole. */
export function inFlightNow(inFlight: InFlight): () => number {
  return () => Math.max(1, Math.floor(typeof inFlight === 'function' ? inFlight() : inFlight));
}

export interface PagedLoadOptions<T> {
  fetchPage: FetchPage<T>;
  /** Records asked for per page (`_limit`); with the seam check at least 2 are asked for. */
  pageSize: number;
  /**
   * Pages in flight at once (1 = the naive sequential loop), or a function asked before each
   * plan: the window follows it up by one page per page used, and never shrinks (that would
   * cancel pages already sent).
   */
  window: InFlight;
  signal: AbortSignal;
  /**
   * Called for each page used, in order, with its index. With the seam check, only records not
   * passed on before (see `repeated`); `page` is the page's data as fetched. Not called after
   * the load was aborted.
   */
  onPage: (items: T[], index: number, page: readonly T[]) => void;
  /** Stop before requesting a `_skip` above this (a max_skip Close reported earlier). */
  maxSkip?: number;
  /** A record's id: turns the seam check on (see the top of this file). */
  idOf?: (item: T) => string | undefined;
  /** Pages that may fail to link since the last page further on than any before. Default 16. */
  maxMisses?: number;
}

export interface PagedLoadResult {
  /** Pages used (linked). */
  pages: number;
  items: number;
  /** True when a page used said `has_more: false`. */
  complete: boolean;
  /** What stopped the load early (never set when `complete`). */
  error?: CloseError;
  /** Close refused a deeper `_skip`; what came before is complete up to there. */
  maxSkip?: number;
  /** Requests started, including speculative ones past the end. */
  requests: number;
  /** Pages that did not line up with the ones before (each costs a re-read). */
  misses: number;
  /** With the seam check: records that came again (beyond the one each page shares with the page before); not passed on. */
  repeated: number;
}

export const DEFAULT_MAX_MISSES = 16;

type Outcome<T> = { ok: true; page: ListResponse<T> } | { ok: false; error: CloseError };

interface Slot<T> {
  skip: number;
  controller: AbortController;
  promise: Promise<Outcome<T>>;
  /** It came back and did not link; it is checked once more when the chain reaches it. */
  parked: boolean;
}

export function cancelledError(): CloseError {
  return new CloseError('cancelled', l10n.t('The load was cancelled because a newer one started.'));
}

export async function loadPaged<T>(options: PagedLoadOptions<T>): Promise<PagedLoadResult> {
  const { fetchPage, signal, onPage, idOf } = options;
  const windowNow = inFlightNow(options.window);
  /** Pages in flight: as asked at the first plan, then one more per plan at most (0 before the first). */
  let window = 0;
  const maxMisses = options.maxMisses ?? DEFAULT_MAX_MISSES;
  // A page of one record cannot overlap the one before and still bring a new one.
  const limit = idOf ? Math.max(2, options.pageSize) : options.pageSize;
  const overlap = idOf ? 1 : 0;
  const stride = limit - overlap;
  const slots = new Map<number, Slot<T>>();
  const result: PagedLoadResult = { pages: 0, items: 0, complete: false, requests: 0, misses: 0, repeated: 0 };
  let maxSkip = options.maxSkip;
  let stopRequesting = false;
  let authFailure: CloseError | undefined;
  let wakeUp: (() => void) | undefined;

  const linked = new Set<string>();
  /** Where the next page should start: on the last record of the chain (seam check) or after it. */
  let end = 0;
  /** `_skip` of the last page used; -1 before the first. */
  let lastSkip = -1;
  /** Id of the chain's last record: the one the next page should start on. */
  let seamId: string | undefined;
  /** Records without an id after the seam record (they come again on the next page). */
  let seamTail = 0;
  let missesInARow = 0;
  let missesSinceProgress = 0;
  /** The furthest `_skip` of a page used. */
  let furthest = -1;

  const abortAll = (): void => {
    for (const slot of slots.values()) {
      slot.controller.abort();
    }
    slots.clear();
  };
  const onAbort = (): void => abortAll();
  signal.addEventListener('abort', onAbort);

  const request = (skip: number): Slot<T> => {
    const controller = new AbortController();
    result.requests++;
    const promise = fetchPage(skip, limit, controller.signal).then(
      (page): Outcome<T> => ({ ok: true, page }),
      (err: unknown): Outcome<T> => ({ ok: false, error: toCloseError(err) }),
    );
    const slot: Slot<T> = { skip, controller, promise, parked: false };
    slots.set(skip, slot);
    // A revoked key stops everything at once, whichever page saw it first.
    void promise.then((o) => {
      if (!o.ok && o.error.kind === 'auth') {
        stopRequesting = true;
        abortAll();
        authFailure ??= o.error;
        wakeUp?.();
      }
    });
    return slot;
  };

  /** The `_skip` for a page meant to start at `at`, after a page at `after`; undefined past max_skip. */
  const clamp = (at: number, after: number): number | undefined => {
    if (maxSkip === undefined || at <= maxSkip) {
      return at;
    }
    // Close allows no deeper `_skip`: one more page right at the limit still reads what it can.
    return maxSkip > after ? maxSkip : undefined;
  };

  /**
   * The pages wanted from `end` on, up to the window: ones in flight (or parked) that would
   * continue the chain are reused, missing ones requested, the rest cancelled. Returns the
   * page for `end`, or undefined when max_skip allows none.
   */
  const plan = (): Slot<T> | undefined => {
    const keep = new Set<Slot<T>>();
    let first: Slot<T> | undefined;
    let at = end;
    let after = lastSkip;
    // Growing by one page per page used, so a short list does not get many pages past its end.
    const wanted = windowNow();
    window = window === 0 ? wanted : Math.max(window, Math.min(wanted, window + 1));
    for (let i = 0; i < window; i++) {
      const skip = clamp(at, after);
      if (skip === undefined) {
        break;
      }
      let best: Slot<T> | undefined;
      for (const slot of slots.values()) {
        if (slot.skip <= skip && slot.skip > Math.max(after, skip - stride) && (!best || slot.skip > best.skip)) {
          best = slot;
        }
      }
      if (!best) {
        if (stopRequesting) {
          break;
        }
        best = request(skip);
      }
      keep.add(best);
      first ??= best;
      after = best.skip;
      at = best.skip + stride;
    }
    for (const [skip, slot] of slots) {
      // A parked page ahead is kept whatever the window: it costs nothing and saves a re-read.
      if (!keep.has(slot) && !(slot.parked && skip > end)) {
        slot.controller.abort();
        slots.delete(skip);
      }
    }
    return first;
  };

  const links = (skip: number, data: readonly T[], hasMore: boolean): boolean => {
    if (data.length === 0) {
      // Past the end of a list that shrank: records may sit between the chain and here.
      return !hasMore && (skip === 0 || !idOf);
    }
    if (!idOf || skip === 0) {
      return true;
    }
    return data.some((item) => {
      const id = idOf(item);
      return id !== undefined && linked.has(id);
    });
  };

  const use = (slot: Slot<T>, data: T[]): void => {
    let items = data;
    let seamAt = data.length - overlap;
    if (idOf) {
      // Only records not passed on before: those already linked count as repeated, and so do
      // records without an id that sit where the page before ended (before the seam record,
      // or the ones that followed it there).
      items = [];
      const seamIndex = seamId === undefined ? -1 : data.findIndex((item) => idOf(item) === seamId);
      data.forEach((item, i) => {
        const id = idOf(item);
        if (id === undefined) {
          if (i < seamIndex || (seamIndex >= 0 && i <= seamIndex + seamTail)) {
            result.repeated++;
          } else {
            items.push(item);
          }
        } else if (linked.has(id)) {
          if (i !== seamIndex) {
            result.repeated++;
          }
        } else {
          linked.add(id);
          items.push(item);
        }
      });
      // The next page starts on the last record that has an id, so the seam can be checked.
      for (let i = data.length - 1; i > 0; i--) {
        const id = idOf(data[i] as T);
        if (id !== undefined) {
          seamId = id;
          seamAt = i;
          break;
        }
      }
      seamTail = data.length - 1 - seamAt;
    }
    onPage(items, result.pages, data);
    result.pages++;
    result.items += items.length;
    missesInARow = 0;
    // Progress is a page further on than any before: re-reading the start again and again is not.
    if (slot.skip > furthest) {
      furthest = slot.skip;
      missesSinceProgress = 0;
    }
    lastSkip = slot.skip;
    end = slot.skip + Math.max(1, seamAt);
  };

  const miss = (slot: Slot<T>, data: readonly T[], hasMore: boolean): CloseError | undefined => {
    result.misses++;
    missesInARow++;
    missesSinceProgress++;
    if (missesSinceProgress > maxMisses) {
      return data.length === 0 && hasMore
        ? new CloseError(
            'badResponse',
            l10n.t(
              'Close kept answering an empty page that says more follow (has_more: true, at _skip {0}), so the list could not be read to its end. What came is shown; try Refresh.',
              slot.skip,
            ),
          )
        : new CloseError(
            'badResponse',
            l10n.t(
              'The list kept changing while it loaded: {0} pages in a row did not line up with the pages before, so some records may be missing. What came is shown; try Refresh.',
              missesSinceProgress,
            ),
          );
    }
    if (!idOf || slot.parked) {
      // Read it afresh (stepping back cannot help a list without ids, nor a page already
      // checked against the chain right behind it).
      slots.delete(slot.skip);
      return undefined;
    }
    slot.parked = true;
    // Read a page ending where this one starts; further back for each miss in a row.
    end = Math.max(0, slot.skip - stride * 2 ** Math.min(missesInARow - 1, 20));
    lastSkip = -1;
    return undefined;
  };

  try {
    for (;;) {
      if (signal.aborted) {
        result.error = cancelledError();
        return result;
      }
      if (authFailure) {
        result.error = authFailure;
        return result;
      }
      const slot = plan();
      if (!slot) {
        // Nothing may be requested for this page: max_skip stopped us.
        result.maxSkip = maxSkip;
        return result;
      }
      const outcome = await Promise.race([
        slot.promise,
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
      if (!outcome.ok) {
        slots.delete(slot.skip);
        const { error } = outcome;
        const refused = error.kind === 'badRequest' ? error.details.maxSkip : undefined;
        if (refused !== undefined) {
          maxSkip = maxSkip === undefined ? refused : Math.min(maxSkip, refused);
          // Go on when one more page fits at the limit; plan() stops otherwise.
          if (slot.skip > maxSkip && maxSkip > lastSkip) {
            continue;
          }
          result.maxSkip = maxSkip;
        } else {
          result.error = error;
        }
        return result;
      }
      const data = Array.isArray(outcome.page.data) ? outcome.page.data : [];
      const hasMore = outcome.page.has_more !== false;
      if (!links(slot.skip, data, hasMore)) {
        const error = miss(slot, data, hasMore);
        if (error) {
          result.error = error;
          return result;
        }
        continue;
      }
      slots.delete(slot.skip);
      use(slot, data);
      if (!hasMore) {
        result.complete = true;
        return result;
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    abortAll();
  }
}
