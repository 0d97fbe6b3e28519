// The state the controller's parts share: the store and search index, the organization and its
// cache and lock, the load in flight, and the status. The parts (warm start, other windows,
// the load run, lead refresh) are functions over it; ContactsController is their facade.
import type { CloseClient } from '../../close/client';
import type { RateLimiter } from '../../close/rateLimit';
import { describeError } from '../../close/errors';
import { ContactCache } from '../contactCache';
import { watchCacheFile, type Disposable } from '../cacheWatch';
import { ContactStore } from '../contactStore';
import { LeadFreshness } from '../leadFreshness';
import { LoadLock, type HeldLock, type LoadLockOptions } from '../loadLock';
import { SearchIndex } from '../search/searchIndex';
import { StatusBoard, type LoadStats, type LoadStatus } from './loadStatus';

export interface ContactsControllerOptions {
  client: CloseClient;
  pageSize: number;
  /** Folder for the warm-start cache, or undefined to keep none. */
  cacheDir?: string;
  /**
   * The key's Close organization, which names the cache file. Undefined until known: no cache
   * is read or written until then (see bindOrganization; the contacts' own
   * `organization_id` binds it too).
   */
  organizationId?: string;
  log?: (line: string) => void;
  /** Contact pages in flight at once. Default: contactWindowFor the client's rate limiter. */
  contactWindow?: number;
  /** Lead pages in flight at once. Default LEAD_WINDOW (2). */
  leadWindow?: number;
  /** Leads per `GET /lead/` page; lowered to Close's max_limit when it refuses. Default 200. */
  leadPageSize?: number;
  /** Timing of the lock that lets one window load an organization at a time. */
  lock?: LoadLockOptions;
  /** How often a window that waits for another window's load looks at it. Default 500 ms. */
  lockPollMs?: number;
  /** How often the cache file is polled besides the file-system watch. Default 1 s. */
  cachePollMs?: number;
}

/** Contact pages in flight at once, at least (and leads asked for at once past max_skip). */
export const CONTACT_WINDOW = 6;
/** Contact pages in flight at once, at most: each one past the end of the list is a request wasted. */
export const MAX_CONTACT_WINDOW = 16;
export const LEAD_WINDOW = 2;

/**
 * Contact pages to keep in flight: as many as the rate limit can use over a round trip (the
 * limiter's hint, less the lead pages beside them), within CONTACT_WINDOW..MAX_CONTACT_WINDOW.
 */
export function contactWindowFor(limiter: RateLimiter, leadWindow: number): number {
  return Math.min(MAX_CONTACT_WINDOW, Math.max(CONTACT_WINDOW, limiter.inFlightHint - leadWindow));
}

const INDEX_SLICE_MS = 6;

/** One full load. */
export interface Run {
  abort: AbortController;
  seen: Set<string>;
  /** Freshness tick at the start: Refresh Leads sent later are newer than this load. */
  started: number;
  /** The load's first contacts were checked against the organization shown. */
  organizationChecked?: boolean;
  /** The lock this load holds, once taken. */
  held?: HeldLock;
  /** Every lead id the lead pages listed, in order. */
  leadIds: string[];
}

export class ControllerCore {
  readonly store = new ContactStore();
  readonly index: SearchIndex;
  readonly freshness = new LeadFreshness();
  readonly status: StatusBoard;
  readonly log: (line: string) => void;
  cache: ContactCache | undefined;
  lock: LoadLock | undefined;
  private cacheWatch: Disposable | undefined;
  organization: string | undefined;
  /** When the cache now on screen was saved (by any window); undefined when none is. */
  shownSavedAt: number | undefined;
  /** The adoption of another window's cache in progress. */
  adopting: Promise<boolean> | undefined;
  /** A load of this controller ran to its end: the cache is older than what it brought. */
  loadedOnce = false;
  current: Run | undefined;
  readonly leadRuns = new Set<AbortController>();
  /** Bumped when fresh data makes a warm start in progress obsolete. */
  restoreGeneration = 0;
  cacheWrite: Promise<void> = Promise.resolve();
  disposed = false;
  stats: LoadStats | undefined;
  private drainScheduled = false;

  constructor(
    readonly options: ContactsControllerOptions,
    /** Called when another window may have written the organization's cache. */
    private readonly onCacheFileChange: () => void,
  ) {
    this.index = new SearchIndex((leadId) => this.store.membersOf(leadId));
    this.status = new StatusBoard(() => ({ contactsLoaded: this.store.size, leadsShown: this.store.leadCount }));
    this.log = options.log ?? (() => undefined);
  }

  setStatus(patch: Partial<LoadStatus>): void {
    this.status.set(patch);
  }

  /**
   * Names the key's organization (from `GET /me/`). False when the contacts already showed
   * another one: what Close lists wins.
   */
  bindOrganization(organizationId: string): boolean {
    if (this.organization !== undefined) {
      if (this.organization !== organizationId) {
        this.log(`Close named organization ${organizationId} for the key, but its contacts belong to ${this.organization}; keeping ${this.organization}.`);
      }
      return this.organization === organizationId;
    }
    this.organization = organizationId;
    const dir = this.options.cacheDir;
    this.stopWatchingCache();
    this.lock = dir ? new LoadLock(dir, organizationId, this.options.lock) : undefined;
    this.cache = dir ? new ContactCache(dir, organizationId, this.lock?.window) : undefined;
    if (this.cache && !this.disposed) {
      this.cacheWatch = watchCacheFile(this.cache.file, this.onCacheFileChange, { pollMs: this.options.cachePollMs });
    }
    return true;
  }

  stopWatchingCache(): void {
    this.cacheWatch?.dispose();
    this.cacheWatch = undefined;
  }

  /** Writes what the store holds to the cache, after any write still going. */
  saveCache(): void {
    const cache = this.cache;
    if (!cache) {
      return;
    }
    const groups = this.store.groups();
    const savedAt = Date.now();
    // Our own write must not look like another window's to the cache watch.
    this.shownSavedAt = savedAt;
    this.cacheWrite = this.cacheWrite
      .then(() => cache.write(groups, (leadId) => this.store.membersOf(leadId), savedAt))
      .catch((err: unknown) => this.log(`Could not save the contact cache: ${describeError(err)}`));
  }

  /** Indexes queued contacts in short slices so the event loop stays free. */
  scheduleIndexing(): void {
    if (this.drainScheduled || this.index.pending === 0) {
      return;
    }
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      if (!this.index.drain(INDEX_SLICE_MS)) {
        this.scheduleIndexing();
      }
    });
  }

  cancelAll(): void {
    this.current?.abort.abort();
    this.current = undefined;
    for (const abort of this.leadRuns) {
      abort.abort();
    }
    this.leadRuns.clear();
  }
}
