// What the view shows about loading: the phase of the current/last load and what went wrong,
// kept with its listeners. Every change carries the store's counts as they are then.
import type { CloseError } from '../../close/errors';
import type { RateLimitWait } from '../../close/rateLimit';
import type { RetryKind } from '../../close/retryNotice';

export type LoadPhase =
  | 'idle' // nothing loaded, nothing loading
  | 'loading' // a load is in flight (store may already hold pages)
  | 'complete' // the last load reached has_more: false
  | 'partial' // the last load stopped early (error, max_skip); store keeps what came
  | 'error'; // the last load failed before anything usable arrived

export interface LoadStatus {
  phase: LoadPhase;
  contactsLoaded: number;
  leadsShown: number;
  /** Pages received in the current/last load. */
  pages: number;
  /** Set while the tree shows the disk cache (ms since epoch of when it was saved). */
  cachedAt?: number;
  /** True when the shown data is from the cache and a refresh failed (e.g. offline). */
  stale: boolean;
  /** The error that stopped the last load, if any. */
  error?: CloseError;
  /**
   * Close refused a deeper `_skip` (max_skip): the listing is limited by Close. With
   * `completedByLead`, the rest came lead by lead and nothing is missing.
   */
  skipLimited?: { maxSkip: number; completedByLead?: boolean };
  /** While the contacts past max_skip load lead by lead: leads done of all. The phase is 'loading'. */
  byLead?: { done: number; total: number };
  /** Records the API returned without a usable id (skipped). */
  skippedRecords: number;
  /** While a load is retrying: what went wrong and when the next try goes. Gone on the next success. */
  trouble?: LoadTrouble;
  /** While Close's rate limit holds requests for more than a second. */
  rateLimitWait?: RateLimitWait;
  /** Close refused `/lead/` to this key (403): the groups show lead ids instead of names. */
  leadsForbidden?: CloseError;
  /** While another window loads this organization: its progress. The phase is 'loading'. */
  otherWindow?: { contactsLoaded: number };
}

export interface LoadTrouble {
  kind: RetryKind;
  /** Host of the base URL, e.g. `api.close.com`. */
  host: string;
  reason: string;
  /** The try that comes next, and the most there will be. */
  attempt: number;
  maxAttempts: number;
  /** Epoch ms when that try goes. */
  retryAt: number;
}

/** Figures of the current/last full load, for the log and the benchmark. */
export interface LoadStats {
  startedAt: number;
  /** ms since start when the first contact page was in the store. */
  firstPageMs?: number;
  /** ms since start when contacts and lead names were all in. */
  doneMs?: number;
  requests: number;
  contactPages: number;
  leadPages: number;
  /** Records that came twice in one load (offset paging over live data). */
  repeated: number;
  /** Contact pages that did not line up with the page before (the list changed): each was re-read. */
  misses: number;
}

export class StatusBoard {
  private value: LoadStatus = { phase: 'idle', contactsLoaded: 0, leadsShown: 0, pages: 0, stale: false, skippedRecords: 0 };
  private readonly listeners = new Set<(status: LoadStatus) => void>();

  constructor(private readonly counts: () => Pick<LoadStatus, 'contactsLoaded' | 'leadsShown'>) {}

  get current(): LoadStatus {
    return this.value;
  }

  onDidChange(listener: (status: LoadStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Applies `patch` (an undefined value removes the field) and tells the listeners. */
  set(patch: Partial<LoadStatus>): void {
    const next: LoadStatus = { ...this.value, ...patch };
    if (next.phase !== 'loading') {
      // Retries belong to a load in flight: once it ends, its outcome says it all.
      next.trouble = undefined;
    }
    Object.assign(next, this.counts());
    for (const key of Object.keys(next) as (keyof LoadStatus)[]) {
      if (next[key] === undefined) {
        delete next[key];
      }
    }
    this.value = next;
    for (const listener of [...this.listeners]) {
      listener(next);
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
