// The one object the VS Code layer talks to: it owns the store, the search index, the
// loader runs (one in flight; a new refresh cancels the old), the warm-start cache, and the
// load status shown in the view. Windows share the cache: one loads at a time (a lock next to
// the cache) and the others show what it wrote. No `vscode` import.
import * as l10n from '@vscode/l10n';
import type { CloseClient } from '../close/client';
import { CloseError, describeError } from '../close/errors';
import type { RateLimitWait } from '../close/rateLimit';
import type { ClientNotice, RetryKind } from '../close/retryNotice';
import type { Contact, Lead } from '../close/types';
import { ContactCache, type CacheReader } from './contactCache';
import { watchCacheFile, type Disposable } from './cacheWatch';
import { ContactFilter, type FilteredContacts } from './contactFilter';
import { LoadLock, type HeldLock, type LoadLockOptions } from './loadLock';
import { ContactStore, noLeadLabel } from './contactStore';
import { SUMMARY_FIELDS, toSummary, type ContactSummary } from './contactSummary';
import { fetchLeadContacts, leadPastMaxSkip, walkLeads, type LeadContacts } from './leadByLead';
import { LeadFreshness, type LeadRefreshTicket } from './leadFreshness';
import { loadPaged, type PagedLoadResult } from './loader';
import { SearchIndex } from './search/searchIndex';

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
  /** Contact pages in flight at once. Default 6. */
  contactWindow?: number;
  /** Lead pages in flight at once. Default 2. */
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

export interface SearchHit {
  contact: ContactSummary;
  leadLabel: string;
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

const LEAD_FIELDS = ['id', 'display_name', 'status_label'] as const;

/** Contact pages in flight at once (and leads asked for at once past max_skip). */
const CONTACT_WINDOW = 6;
const INDEX_SLICE_MS = 12;
const GONE_SLICE = 5000;

interface Run {
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

export class ContactsController {
  readonly store = new ContactStore();
  private readonly index: SearchIndex;
  private cache: ContactCache | undefined;
  private lock: LoadLock | undefined;
  private cacheWatch: Disposable | undefined;
  /** When the cache now on screen was saved (by any window); undefined when none is. */
  private shownSavedAt: number | undefined;
  private adopting: Promise<boolean> | undefined;
  /** A load of this controller ran to its end: the cache is older than what it brought. */
  private loadedOnce = false;
  private organization: string | undefined;
  private readonly log: (line: string) => void;
  private current: Run | undefined;
  private readonly leadRuns = new Set<AbortController>();
  private readonly freshness = new LeadFreshness();
  private statusValue: LoadStatus = { phase: 'idle', contactsLoaded: 0, leadsShown: 0, pages: 0, stale: false, skippedRecords: 0 };
  private readonly statusListeners = new Set<(status: LoadStatus) => void>();
  private drainScheduled = false;
  /** Bumped when fresh data makes a warm start in progress obsolete. */
  private restoreGeneration = 0;
  private cacheWrite: Promise<void> = Promise.resolve();
  private disposed = false;
  private stats: LoadStats | undefined;
  private readonly filter: ContactFilter;

  constructor(private readonly options: ContactsControllerOptions) {
    this.index = new SearchIndex((leadId) => this.store.membersOf(leadId));
    this.filter = new ContactFilter(this.store, this.index);
    this.log = options.log ?? (() => undefined);
    if (options.organizationId !== undefined) {
      this.bindOrganization(options.organizationId);
    }
  }

  /** The organization whose contacts this controller shows and caches, once known. */
  get organizationId(): string | undefined {
    return this.organization;
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
    this.cacheWatch?.dispose();
    this.cacheWatch = undefined;
    this.lock = dir ? new LoadLock(dir, organizationId, this.options.lock) : undefined;
    this.cache = dir ? new ContactCache(dir, organizationId, this.lock?.window) : undefined;
    if (this.cache && !this.disposed) {
      this.cacheWatch = watchCacheFile(this.cache.file, () => void this.adoptNewerCache(), { pollMs: this.options.cachePollMs });
    }
    return true;
  }

  get status(): LoadStatus {
    return this.statusValue;
  }

  /** Figures of the current/last full load. */
  get loadStats(): LoadStats | undefined {
    return this.stats;
  }

  onDidChangeStatus(listener: (status: LoadStatus) => void): { dispose(): void } {
    this.statusListeners.add(listener);
    return { dispose: () => this.statusListeners.delete(listener) };
  }

  /** Resolves when the cache write started by the last complete load has finished. */
  whenCacheWritten(): Promise<void> {
    return this.cacheWrite;
  }

  /**
   * Shows the disk cache, if there is one: the lead groups (the tree's root nodes) as soon as
   * the cache's header is read, then its contacts slice by slice. Resolves true once every
   * cached contact is in (false when there was nothing to show). A load that finishes first wins.
   */
  async restoreFromCache(opened?: CacheReader): Promise<boolean> {
    const cache = this.cache;
    if (!cache) {
      await opened?.close();
      return false;
    }
    const reader = opened ?? (await this.openCache(cache));
    if (!reader) {
      return false;
    }
    const { header } = reader;
    // Fresh contacts already in the store win over the cache, and so does a finished load (an
    // organization may now have no contacts at all).
    if (header.total === 0 || this.store.size > 0 || this.loadedOnce || this.disposed || cache !== this.cache) {
      await reader.close();
      return false;
    }
    const generation = ++this.restoreGeneration;
    this.shownSavedAt = header.savedAt;
    this.store.seedGroups(header.groups);
    this.index.clear();
    this.setStatus({ phase: this.current ? 'loading' : 'complete', cachedAt: header.savedAt, stale: false });
    // The search index learns the lead names after the first await, so the root rows go out first.
    let leadNamesIndexed = false;
    try {
      for await (const slice of reader.slices()) {
        if (!leadNamesIndexed && generation === this.restoreGeneration) {
          leadNamesIndexed = true;
          for (const g of header.groups) {
            if (g.leadId !== null && g.name) {
              this.index.setLeadName(g.leadId, g.name);
            }
          }
        }
        if (generation !== this.restoreGeneration) {
          return true;
        }
        // Contacts a refresh running meanwhile already brought are newer than the cache.
        // So are the leads a Refresh Lead reloaded: what it left out stays out.
        const older = slice.filter((c) => this.store.get(c.id) === undefined && !this.freshness.wasRefreshed(c.leadId));
        this.store.upsert(older);
        this.index.upsert(older);
        this.scheduleIndexing();
        this.setStatus({});
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (generation === this.restoreGeneration) {
        this.store.finishSeed();
        this.setStatus({});
        this.log(`Showing ${this.store.size} cached contacts saved ${new Date(header.savedAt).toISOString()}.`);
      }
      return true;
    } catch (err) {
      this.log(`The contact cache could not be read (${describeError(err)}); it was removed.`);
      if (generation === this.restoreGeneration) {
        this.restoreGeneration++;
        if (!this.current) {
          this.store.clear();
          this.index.clear();
          this.setStatus({ phase: 'idle', cachedAt: undefined });
        } else {
          this.store.finishSeed();
          this.setStatus({ cachedAt: undefined });
        }
      }
      await cache.delete().catch(() => undefined);
      return false;
    } finally {
      await reader.close();
    }
  }

  /**
   * What a window does when it starts: shows the cache, and loads unless the cache is fresher
   * than `freshForMs` (0: always load) or another window is loading (then it follows that load
   * and shows what it wrote; it takes over if that window goes away). Never rejects.
   */
  async start(freshForMs: number): Promise<void> {
    const cache = this.cache;
    if (!cache || !this.lock) {
      void this.restoreFromCache();
      await this.refresh();
      return;
    }
    // One read of the header serves both the age check and the restore (it is large at 40,000 leads).
    const reader = await this.openCache(cache);
    const savedAt = reader?.header.savedAt;
    if (savedAt !== undefined && freshForMs > 0 && Date.now() - savedAt < freshForMs) {
      this.log(`The cached contacts were saved ${Math.round((Date.now() - savedAt) / 1000)} s ago, within closeCrm.refreshOnStartMinutes: not reloading.`);
      if (await this.restoreFromCache(reader)) {
        return;
      }
    } else if (reader) {
      void this.restoreFromCache(reader);
    }
    await this.loadOnceAcrossWindows(savedAt);
  }

  private openCache(cache: ContactCache): Promise<CacheReader | undefined> {
    return cache.open().catch((err: unknown) => {
      this.log(`Could not read the contact cache: ${describeError(err)}`);
      return undefined;
    });
  }

  /** Loads unless another window does; `baseline`: when the cache seen at the start was saved. */
  private async loadOnceAcrossWindows(baseline: number | undefined): Promise<void> {
    const lock = this.lock;
    const cache = this.cache;
    if (!lock || !cache) {
      return this.refresh();
    }
    const newer = async (): Promise<boolean> => {
      const stamp = await cache.stamp();
      return stamp !== undefined && !this.ownWrite(stamp) && (baseline === undefined || stamp.savedAt > baseline);
    };
    for (;;) {
      if (this.disposed || this.current || lock !== this.lock) {
        return;
      }
      let held: HeldLock | undefined;
      try {
        held = await lock.tryAcquire();
      } catch (err) {
        this.log(`Could not use the load lock (${describeError(err)}); loading without it.`);
        return this.refresh();
      }
      if (held) {
        if (this.current || this.disposed) {
          await held.release();
          return;
        }
        return this.load(Promise.resolve(held));
      }
      if ((await this.followOtherWindow(lock, newer)) !== 'free') {
        return;
      }
    }
  }

  /**
   * Shows another window's load until it ends: 'done' when its cache is shown (or this window
   * loads by itself meanwhile), 'free' when it stopped without writing one (crashed, failed).
   */
  private async followOtherWindow(lock: LoadLock, newer: () => Promise<boolean>): Promise<'done' | 'free'> {
    this.log('Another window is loading these contacts; showing its progress.');
    const pollMs = this.options.lockPollMs ?? 500;
    for (;;) {
      if (this.disposed || this.current || lock !== this.lock) {
        return 'done';
      }
      const info = await lock.heldElsewhere().catch(() => undefined);
      if (this.disposed || this.current || lock !== this.lock) {
        return 'done';
      }
      if (await newer()) {
        await this.adoptNewerCache();
        if (this.shownSavedAt !== undefined && this.statusValue.otherWindow === undefined) {
          return 'done';
        }
      }
      if (!info) {
        this.log('The other window stopped loading without saving contacts; loading here.');
        this.setStatus({ otherWindow: undefined });
        return 'free';
      }
      if (this.statusValue.phase !== 'loading' || this.statusValue.otherWindow?.contactsLoaded !== info.contactsLoaded) {
        this.setStatus({ phase: 'loading', otherWindow: { contactsLoaded: info.contactsLoaded }, trouble: undefined });
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /**
   * Shows the cache another window saved, when it is newer than what is shown and this window
   * is not loading itself. True when it was shown.
   */
  private adoptNewerCache(): Promise<boolean> {
    this.adopting ??= this.adoptCache().finally(() => {
      this.adopting = undefined;
    });
    return this.adopting;
  }

  private ownWrite(stamp: { writer?: string }): boolean {
    return stamp.writer !== undefined && stamp.writer === this.lock?.window;
  }

  private async adoptCache(): Promise<boolean> {
    const cache = this.cache;
    if (!cache || this.current || this.disposed) {
      return false;
    }
    const stamp = await cache.stamp();
    // This window's own writes (also those of a connection it replaced) are never adopted:
    // only another window's load is shown this way.
    if (stamp === undefined || this.ownWrite(stamp) || (this.shownSavedAt !== undefined && stamp.savedAt <= this.shownSavedAt)) {
      return false;
    }
    const data = await cache.read().catch(() => undefined);
    if (!data || this.ownWrite(data) || cache !== this.cache || this.current || this.disposed || (this.shownSavedAt !== undefined && data.savedAt <= this.shownSavedAt)) {
      return false;
    }
    this.restoreGeneration++;
    this.shownSavedAt = data.savedAt;
    this.store.resetTo(data.contacts, data.leadNames);
    this.store.setLeadStatuses(data.groups.flatMap((g) => (g.leadId !== null && g.status ? [[g.leadId, g.status] as const] : [])));
    this.index.clear();
    for (const [leadId, name] of data.leadNames) {
      this.index.setLeadName(leadId, name);
    }
    this.index.upsert(data.contacts);
    this.scheduleIndexing();
    this.setStatus({
      phase: 'complete',
      cachedAt: data.savedAt,
      stale: false,
      otherWindow: undefined,
      error: undefined,
      skipLimited: undefined,
      trouble: undefined,
      leadsForbidden: undefined,
    });
    this.log(`Showing ${this.store.size} contacts another window loaded (saved ${new Date(data.savedAt).toISOString()}).`);
    return true;
  }

  /**
   * Cancels any load in flight and loads everything again, even while another window loads
   * (this one takes the lock over). Resolves when this load ends (superseded loads resolve too,
   * without touching the store). Never rejects.
   */
  refresh(): Promise<void> {
    const lock = this.lock;
    return this.load(
      lock?.take().catch((err: unknown) => {
        this.log(`Could not take the load lock (${describeError(err)}); loading anyway.`);
        return undefined;
      }),
    );
  }

  private async load(lockTaken: Promise<HeldLock | undefined> | undefined): Promise<void> {
    this.current?.abort.abort();
    const run: Run = { abort: new AbortController(), seen: new Set(), started: this.freshness.tick(), leadIds: [] };
    this.current = run;
    const heldLock = lockTaken?.then((held) => {
      run.held = held;
      held?.setProgress(this.store.size);
      return held;
    });
    this.stats = { startedAt: performance.now(), requests: 0, contactPages: 0, leadPages: 0, repeated: 0, misses: 0 };
    const stats = this.stats;
    this.setStatus({ phase: 'loading', pages: 0, error: undefined, skipLimited: undefined, byLead: undefined, skippedRecords: 0, stale: false, trouble: undefined, leadsForbidden: undefined, otherWindow: undefined });
    try {
      const [contacts, leads] = await Promise.all([this.loadContacts(run, stats), this.loadLeads(run, stats)]);
      if (this.current !== run) {
        return;
      }
      this.loadedOnce = true;
      await this.finish(run, stats, contacts, leads);
    } catch (err) {
      if (this.current === run) {
        this.log(`Load failed: ${describeError(err)}`);
        this.setStatus({ phase: this.store.size > 0 ? 'partial' : 'error', error: toCloseError(err), stale: this.statusValue.cachedAt !== undefined, byLead: undefined });
      }
    } finally {
      if (this.current === run) {
        this.current = undefined;
      }
      const held = await heldLock;
      if (held) {
        // Windows waiting for this load look for the cache when the lock goes: it is written first.
        await this.cacheWrite;
        await held.release();
      }
    }
  }

  /**
   * What the client says while it retries (wire it to the client's `onRetry`). Only a full
   * load's troubles are shown; the next success clears them.
   */
  noteClientNotice(notice: ClientNotice): void {
    if (notice.type === 'recovered') {
      if (this.statusValue.trouble) {
        this.setStatus({ trouble: undefined });
      }
      return;
    }
    if (!this.current || this.disposed) {
      return;
    }
    const shown = this.statusValue.trouble;
    // Several pages retry at once: a page on its first retry does not hide one further along.
    if (shown && shown.kind === notice.kind && notice.attempt < shown.attempt && shown.retryAt > notice.at) {
      return;
    }
    const { kind, host, reason, attempt, maxAttempts } = notice;
    this.setStatus({ trouble: { kind, host, reason, attempt, maxAttempts, retryAt: notice.at + notice.waitMs } });
  }

  /** Close's rate limit started or stopped holding requests (wire to the limiter's `onWaitChange`). */
  noteRateLimitWait(): void {
    if (!this.disposed) {
      this.setStatus({ rateLimitWait: this.options.client.rateLimiter.waitState() });
    }
  }

  /**
   * "Retry now": a load waiting to retry tries again at once (the rows stay); with no load in
   * flight, a new one starts. A pause Close asked for (429) is still honoured.
   */
  async retryNow(): Promise<void> {
    if (this.current) {
      if (this.options.client.retryNow() > 0) {
        this.log('Retrying now, as asked.');
      }
      return;
    }
    await this.refresh();
  }

  /** Reloads one lead's contacts with `lead_id` (and its name). Never rejects; errors land in status. */
  async refreshLead(leadId: string): Promise<void> {
    const abort = new AbortController();
    this.leadRuns.add(abort);
    const { client, pageSize } = this.options;
    const ticket = this.freshness.beginLead(leadId);
    try {
      const [fetched, lead] = await Promise.all([
        fetchLeadContacts(client, leadId, pageSize, abort.signal),
        client.getLead(leadId, LEAD_FIELDS, abort.signal).then(
          (l) => l,
          (err: unknown) => toCloseError(err),
        ),
      ]);
      if (abort.signal.aborted || this.disposed) {
        return;
      }
      if (!(lead instanceof CloseError)) {
        const name = leadLabelOf(lead);
        if (name) {
          this.store.setLeadNames([[leadId, name]]);
          this.index.setLeadName(leadId, name);
        }
        const status = leadStatusOf(lead);
        if (status) {
          this.store.setLeadStatuses([[leadId, status]]);
        }
      }
      if (!fetched.result.complete) {
        this.setStatus({ error: fetched.result.error ?? leadPastMaxSkip(fetched.result.maxSkip) });
        return;
      }
      const fresh = this.applyLead(fetched, ticket);
      if (!fresh) {
        return;
      }
      let error = lead instanceof CloseError && lead.kind !== 'notFound' ? lead : undefined;
      if (lead instanceof CloseError && lead.kind === 'notFound' && fresh.length === 0) {
        error = new CloseError('notFound', l10n.t('Close has no lead {0} (404): it may have been deleted or merged. Refresh Contacts to reload the list.', leadId), {
          status: 404,
        });
      }
      this.setStatus({ error, skippedRecords: this.statusValue.skippedRecords + fetched.skipped });
    } catch (err) {
      if (!abort.signal.aborted) {
        this.setStatus({ error: toCloseError(err) });
      }
    } finally {
      this.leadRuns.delete(abort);
      this.freshness.endLead(ticket);
    }
  }

  /**
   * Puts one lead's complete list in place of what the store held for it. Returns the contacts
   * applied, or undefined when newer data for the lead was applied first.
   */
  private applyLead(fetched: LeadContacts, ticket: LeadRefreshTicket): ContactSummary[] | undefined {
    const { leadId } = fetched;
    if (!this.freshness.mayApply(ticket)) {
      return undefined; // a Refresh Lead of this lead sent later has already been applied
    }
    const byId = new Map(fetched.contacts.map((s) => [s.id, s]));
    // What newer data (full-load pages sent after this started, or a later Refresh Lead of
    // the lead a contact moved to) brought stays as it is.
    const fresh = [...byId.values()].filter((c) => {
      const storedLead = this.store.get(c.id)?.leadId;
      return !ticket.newer.has(c.id) && !(storedLead !== undefined && storedLead !== leadId && this.freshness.refreshedAfter(storedLead, ticket.started));
    });
    const { removed } = this.store.replaceLead(leadId, fresh, ticket.newer);
    this.freshness.applied(ticket);
    this.index.remove(removed.map((c) => c.id));
    this.index.upsert(fresh);
    this.index.drain();
    return fresh;
  }

  /** Best matches, capped. Empty query: the first `limit` contacts by label. */
  search(query: string, limit: number): SearchHit[] {
    return this.index.search(query, limit).map((contact) => ({ contact, leadLabel: this.leadLabel(contact.leadId) }));
  }

  /** The leads and contacts that match a tree filter (see contactFilter.ts); kept until the store changes. */
  filtered(query: string): FilteredContacts {
    return this.filter.apply(query);
  }

  /** The label of a lead's group: its name once known, else its id; "No lead" for null. */
  leadLabel(leadId: string | null): string {
    return leadId === null ? noLeadLabel() : (this.store.leadName(leadId) ?? leadId);
  }

  /** Loads the full record (`GET /contact/{id}/`). */
  fetchContact(id: string, signal?: AbortSignal): Promise<Contact> {
    return this.options.client.getContact(id, undefined, signal);
  }

  /** Cancels loads, empties the store and deletes the cache. */
  async clear(): Promise<void> {
    this.cancelAll();
    this.restoreGeneration++;
    this.store.clear();
    this.index.clear();
    this.freshness.reset();
    this.stats = undefined;
    // Signed out: what another window saves from now on is not for this one.
    this.cacheWatch?.dispose();
    this.cacheWatch = undefined;
    this.shownSavedAt = undefined;
    this.setStatus({ phase: 'idle', contactsLoaded: 0, leadsShown: 0, pages: 0, cachedAt: undefined, stale: false, error: undefined, skipLimited: undefined, skippedRecords: 0, otherWindow: undefined });
    await this.cacheWrite.catch(() => undefined);
    await this.cache?.delete().catch((err: unknown) => this.log(`Could not delete the contact cache: ${describeError(err)}`));
  }

  dispose(): void {
    this.disposed = true;
    this.cacheWatch?.dispose();
    this.cacheWatch = undefined;
    this.restoreGeneration++;
    this.cancelAll();
    this.statusListeners.clear();
  }

  private cancelAll(): void {
    this.current?.abort.abort();
    this.current = undefined;
    for (const abort of this.leadRuns) {
      abort.abort();
    }
    this.leadRuns.clear();
  }

  private loadContacts(run: Run, stats: LoadStats): Promise<PagedLoadResult> {
    const { client, pageSize } = this.options;
    return loadPaged<Contact>({
      fetchPage: (skip, limit, signal) => {
        stats.requests++;
        return this.freshness.stamped(() => client.listContacts({ limit, skip, fields: SUMMARY_FIELDS }, signal));
      },
      pageSize,
      window: this.options.contactWindow ?? CONTACT_WINDOW,
      signal: run.abort.signal,
      idOf: contactId,
      onPage: (items, _index, page) => {
        if (this.current !== run) {
          return;
        }
        this.applyContacts(run, stats, items, this.freshness.ticketOfPage(page));
      },
    }).then((result) => {
      stats.misses = result.misses;
      stats.repeated += result.repeated;
      // A revoked key stops the lead names too.
      if (result.error?.kind === 'auth') {
        run.abort.abort();
      }
      return result;
    });
  }

  private async loadLeads(run: Run, stats: LoadStats): Promise<PagedLoadResult> {
    const { client } = this.options;
    let pageSize = this.options.leadPageSize ?? 200;
    for (;;) {
      const result = await loadPaged<Lead>({
        fetchPage: (skip, limit, signal) => {
          stats.requests++;
          return client.listLeads({ limit, skip, fields: LEAD_FIELDS }, signal);
        },
        pageSize,
        window: this.options.leadWindow ?? 2,
        signal: run.abort.signal,
        onPage: (items) => {
          if (this.current !== run) {
            return;
          }
          stats.leadPages++;
          const names: [string, string][] = [];
          const statuses: [string, string][] = [];
          for (const lead of items) {
            if (typeof lead?.id !== 'string') {
              continue;
            }
            run.leadIds.push(lead.id);
            const name = leadLabelOf(lead);
            if (name) {
              names.push([lead.id, name]);
              this.index.setLeadName(lead.id, name);
            }
            const status = leadStatusOf(lead);
            if (status) {
              statuses.push([lead.id, status]);
            }
          }
          this.store.inBatch(() => {
            this.store.setLeadNames(names);
            this.store.setLeadStatuses(statuses);
          });
        },
      });
      const maxLimit = result.error?.kind === 'badRequest' ? result.error.details.maxLimit : undefined;
      if (result.pages === 0 && maxLimit !== undefined && maxLimit > 0 && maxLimit < pageSize) {
        pageSize = maxLimit;
        continue;
      }
      if (result.error?.kind === 'auth') {
        run.abort.abort();
      }
      return result;
    }
  }

  /** `fetchedAt`: the freshness tick of the request the page came from. */
  private applyContacts(run: Run, stats: LoadStats, items: readonly Contact[], fetchedAt: number): void {
    const summaries: ContactSummary[] = [];
    let skipped = 0;
    if (!run.organizationChecked) {
      run.organizationChecked = this.checkOrganization(items);
    }
    for (const raw of items) {
      const s = toSummary(raw);
      if (!s) {
        skipped++;
        continue;
      }
      if (run.seen.has(s.id)) {
        stats.repeated++;
      }
      run.seen.add(s.id);
      // A Refresh Lead sent after this page was requested has newer data for the lead.
      if (this.freshness.admitListed(fetchedAt, s.id, s.leadId, this.store.get(s.id)?.leadId)) {
        summaries.push(s);
      }
    }
    this.store.upsert(summaries);
    this.index.upsert(summaries);
    this.scheduleIndexing();
    run.held?.setProgress(this.store.size);
    stats.contactPages++;
    stats.firstPageMs ??= performance.now() - stats.startedAt;
    this.setStatus({ pages: this.statusValue.pages + 1, skippedRecords: this.statusValue.skippedRecords + skipped });
  }

  /**
   * Checks a load's first contacts that name an organization (true once done). Binds the
   * organization from them when nothing else did. When none of them belongs to the bound
   * organization, the binding was wrong (e.g. stale account facts): what was shown is
   * dropped, never mixed with the new contacts, and the controller rebinds to their
   * organization, so that cache is the one written. Later pages are not second-guessed.
   */
  private checkOrganization(items: readonly Contact[]): boolean {
    const named: string[] = [];
    for (const c of items) {
      const org: unknown = (c as Partial<Contact> | null)?.organization_id;
      if (typeof org === 'string' && org !== '') {
        named.push(org);
      }
    }
    const first = named[0];
    if (first === undefined) {
      return false;
    }
    if (this.organization !== undefined && named.includes(this.organization)) {
      return true;
    }
    if (this.organization === undefined) {
      this.bindOrganization(first);
      return true;
    }
    this.log(`Close sent contacts of organization ${first}, not of ${this.organization} whose contacts were shown; showing only ${first}'s from now on.`);
    this.restoreGeneration++;
    this.store.clear();
    this.index.clear();
    this.organization = undefined;
    this.bindOrganization(first);
    this.setStatus({ cachedAt: undefined, stale: false });
    return true;
  }

  private async finish(run: Run, stats: LoadStats, contacts: PagedLoadResult, leads: PagedLoadResult): Promise<void> {
    if (leads.error && leads.error.kind !== 'cancelled') {
      this.log(`Lead names did not all load: ${leads.error.message}`);
    }
    // Without permission to read leads the contacts still load, grouped under lead ids.
    const leadsForbidden = leads.error?.kind === 'forbidden' ? leads.error : undefined;
    let byLead: { maxSkip: number; leads: number } | undefined;
    if (contacts.maxSkip !== undefined && !contacts.error && leads.complete) {
      const walked = await this.completeByLead(run, stats, contacts.maxSkip);
      if (this.current !== run) {
        return;
      }
      if (walked.error) {
        stats.doneMs = performance.now() - stats.startedAt;
        this.log(`Loading lead by lead stopped after ${walked.done} of ${walked.total} leads: ${walked.error.message}`);
        const fromCache = this.statusValue.cachedAt !== undefined;
        this.setStatus({ phase: 'partial', skipLimited: { maxSkip: contacts.maxSkip }, byLead: undefined, error: walked.error, stale: fromCache });
        return;
      }
      byLead = { maxSkip: contacts.maxSkip, leads: walked.total };
    }
    if (contacts.complete || byLead) {
      // The server's list replaces whatever the cache still had to show.
      this.restoreGeneration++;
      this.store.finishSeed();
      // Contacts deleted on the server since the last load (or since the cache) go away. The
      // check visits every contact, so it runs in slices.
      const gone: string[] = [];
      const ids = Array.from(this.store.all(), (c) => c.id);
      for (let start = 0; start < ids.length; start += GONE_SLICE) {
        for (const id of ids.slice(start, start + GONE_SLICE)) {
          if (!run.seen.has(id)) {
            gone.push(id);
          }
        }
        await new Promise((resolve) => setImmediate(resolve));
        if (this.current !== run) {
          return;
        }
      }
      // What a Refresh Lead sent after this load began brought is newer than the load's pages.
      const stillGone = gone.filter((id) => !this.freshness.refreshedAfter(this.store.get(id)?.leadId ?? null, run.started));
      if (stillGone.length > 0) {
        this.store.remove(stillGone);
        this.index.remove(stillGone);
        this.scheduleIndexing();
      }
      this.store.trim();
      this.index.trim();
      stats.doneMs = performance.now() - stats.startedAt;
      const leadError = leads.error?.kind === 'auth' ? leads.error : undefined;
      this.setStatus({
        phase: leadError ? 'partial' : 'complete',
        cachedAt: undefined,
        stale: false,
        error: leadError,
        leadsForbidden,
        skipLimited: byLead ? { maxSkip: byLead.maxSkip, completedByLead: true } : undefined,
        byLead: undefined,
      });
      const reread = stats.misses > 0 ? `; ${stats.misses} pages re-read because the list changed meanwhile` : '';
      const walked = byLead ? `, then ${byLead.leads} leads one by one past max_skip ${byLead.maxSkip}` : '';
      this.log(`Loaded ${this.store.size} contacts in ${stats.contactPages} pages${walked} (${stats.requests} requests, ${Math.round(stats.doneMs)} ms${reread}).`);
      this.saveCache();
      return;
    }
    stats.doneMs = performance.now() - stats.startedAt;
    const fromCache = this.statusValue.cachedAt !== undefined;
    if (contacts.maxSkip !== undefined && !contacts.error) {
      this.log(`Close refused to page past ${contacts.maxSkip} contacts (max_skip); showing the ${this.store.size} that came.`);
      this.setStatus({ phase: 'partial', skipLimited: { maxSkip: contacts.maxSkip }, stale: fromCache, leadsForbidden });
      return;
    }
    // A 401 on the lead names aborts the contact pages too: the 401 is the reason, not the abort.
    const error =
      contacts.error?.kind === 'cancelled' && leads.error?.kind === 'auth'
        ? leads.error
        : (contacts.error ?? new CloseError('badResponse', l10n.t('Loading contacts stopped early. Try Refresh.')));
    this.log(`Load stopped: ${error.message}`);
    this.setStatus({ phase: this.store.size > 0 ? 'partial' : 'error', error, stale: fromCache, leadsForbidden });
  }

  /**
   * Close would not page the listing past max_skip: asks each lead for its contacts with
   * `lead_id`, leads with no contact loaded first (they are surely the ones missing), then the
   * rest (any of them may have contacts past the cut). Every contact fetched counts as seen.
   */
  private async completeByLead(run: Run, stats: LoadStats, maxSkip: number): Promise<{ done: number; total: number; error?: CloseError }> {
    const { client, pageSize } = this.options;
    const leadIds = [...new Set(run.leadIds)];
    const listed = new Set<string | null>();
    for (const id of run.seen) {
      listed.add(this.store.get(id)?.leadId ?? null);
    }
    const ordered = leadIds.filter((id) => !listed.has(id)).concat(leadIds.filter((id) => listed.has(id)));
    this.log(`Close refused to page past ${maxSkip} contacts (max_skip); loading the contacts of ${ordered.length} leads one by one.`);
    this.setStatus({ skipLimited: { maxSkip }, byLead: { done: 0, total: ordered.length } });
    const tickets = new Map<string, LeadRefreshTicket>();
    const result = await walkLeads({
      leadIds: ordered,
      concurrency: this.options.contactWindow ?? CONTACT_WINDOW,
      signal: run.abort.signal,
      fetch: (leadId, signal) => {
        tickets.set(leadId, this.freshness.beginLead(leadId));
        return fetchLeadContacts(client, leadId, pageSize, signal, () => stats.requests++);
      },
      apply: (lead) => {
        const ticket = tickets.get(lead.leadId);
        if (!ticket || this.current !== run) {
          return;
        }
        tickets.delete(lead.leadId);
        try {
          for (const c of lead.contacts) {
            run.seen.add(c.id);
          }
          this.applyLead(lead, ticket);
        } finally {
          this.freshness.endLead(ticket);
        }
        if (lead.skipped > 0) {
          this.setStatus({ skippedRecords: this.statusValue.skippedRecords + lead.skipped });
        }
      },
      onProgress: (done, total) => {
        if (this.current === run) {
          run.held?.setProgress(this.store.size);
          this.setStatus({ byLead: { done, total } });
        }
      },
    });
    for (const ticket of tickets.values()) {
      this.freshness.endLead(ticket);
    }
    return result;
  }

  private saveCache(): void {
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
  private scheduleIndexing(): void {
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

  private setStatus(patch: Partial<LoadStatus>): void {
    const next: LoadStatus = { ...this.statusValue, ...patch };
    if (next.phase !== 'loading') {
      // Retries belong to a load in flight: once it ends, its outcome says it all.
      next.trouble = undefined;
    }
    next.contactsLoaded = this.store.size;
    next.leadsShown = this.store.leadCount;
    for (const key of Object.keys(next) as (keyof LoadStatus)[]) {
      if (next[key] === undefined) {
        delete next[key];
      }
    }
    this.statusValue = next;
    for (const listener of [...this.statusListeners]) {
      listener(next);
    }
  }
}

/** The seam check's id, read like toSummary reads it (records without one are skipped there). */
function contactId(contact: Contact): string | undefined {
  const id: unknown = (contact as Partial<Contact> | null)?.id;
  if (typeof id === 'string') {
    return id.length > 0 ? id : undefined;
  }
  return typeof id === 'number' && Number.isFinite(id) ? String(id) : undefined;
}

function leadLabelOf(lead: Partial<Lead>): string | undefined {
  const name = lead.display_name ?? lead.name;
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

function leadStatusOf(lead: Partial<Lead>): string | undefined {
  const status = lead.status_label;
  return typeof status === 'string' && status.length > 0 ? status : undefined;
}

function toCloseError(err: unknown): CloseError {
  if (err instanceof CloseError) {
    return err;
  }
  return new CloseError('badResponse', l10n.t({ message: '{0} Try Refresh.', args: [describeError(err)], comment: ['{0} is a message such as "Unexpected error: …", a whole sentence.'] }));
}

export type { CloseError };
