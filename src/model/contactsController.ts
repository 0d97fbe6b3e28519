// The one object the VS Code layer talks to: it owns the store, the search index, the
// loader runs (one in flight; a new refresh cancels the old), the warm-start cache, and the
// load status shown in the view. Windows share the cache: one loads at a time (a lock next to
// the cache) and the others show what it wrote. No `vscode` import.
// The work is done in controller/: warmStart (the cache), otherWindows (the start and the
// shared load), loadRun and loadFinish (a full load), leadRefresh (Refresh Lead).
import { describeError, type CloseError } from '../close/errors';
import type { ClientNotice } from '../close/retryNotice';
import type { Contact } from '../close/types';
import type { CacheReader } from './contactCache';
import { ContactFilter, type FilteredContacts } from './contactFilter';
import type { ContactsModel } from './contactsModel';
import type { ContactSummary } from './contactSummary';
import { ControllerCore, type ContactsControllerOptions } from './controller/core';
import { refreshLead } from './controller/leadRefresh';
import { refresh } from './controller/loadRun';
import type { LoadStats, LoadStatus } from './controller/loadStatus';
import { start } from './controller/otherWindows';
import { adoptNewerCache, restoreFromCache } from './controller/warmStart';

export type { ContactsControllerOptions } from './controller/core';
export type { LoadPhase, LoadStats, LoadStatus, LoadTrouble } from './controller/loadStatus';

export interface SearchHit {
  contact: ContactSummary;
  leadLabel: string;
}

export class ContactsController {
  private readonly core: ControllerCore;
  private readonly filter: ContactFilter;

  constructor(options: ContactsControllerOptions) {
    const core = new ControllerCore(options, () => void adoptNewerCache(core));
    this.core = core;
    this.filter = new ContactFilter(core.store, core.index);
    if (options.organizationId !== undefined) {
      core.bindOrganization(options.organizationId);
    }
  }

  /** What the view shows: the contacts by lead, read-only (only the model writes to it). */
  get model(): ContactsModel {
    return this.core.store;
  }

  /** The organization whose contacts this controller shows and caches, once known. */
  get organizationId(): string | undefined {
    return this.core.organization;
  }

  /**
   * Names the key's organization (from `GET /me/`). False when the contacts already showed
   * another one: what Close lists wins.
   */
  bindOrganization(organizationId: string): boolean {
    return this.core.bindOrganization(organizationId);
  }

  get status(): LoadStatus {
    return this.core.status.current;
  }

  /** Figures of the current/last full load. */
  get loadStats(): LoadStats | undefined {
    return this.core.stats;
  }

  onDidChangeStatus(listener: (status: LoadStatus) => void): { dispose(): void } {
    return this.core.status.onDidChange(listener);
  }

  /** Resolves when the cache write started by the last complete load has finished. */
  whenCacheWritten(): Promise<void> {
    return this.core.cacheWrite;
  }

  /**
   * Shows the disk cache, if there is one: the lead groups first, then its contacts slice by
   * slice. Resolves true once every cached contact is in (false when there was nothing to
   * show). A load that finishes first wins.
   */
  restoreFromCache(opened?: CacheReader): Promise<boolean> {
    return restoreFromCache(this.core, opened);
  }

  /**
   * What a window does when it starts: shows the cache, and loads unless the cache is fresher
   * than `freshForMs` (0: always load) or another window is loading (then it follows that load
   * and shows what it wrote; it takes over if that window goes away). Never rejects.
   */
  start(freshForMs: number): Promise<void> {
    return start(this.core, freshForMs);
  }

  /**
   * Cancels any load in flight and loads everything again, even while another window loads
   * (this one takes the lock over). Resolves when this load ends (superseded loads resolve too,
   * without touching the store). Never rejects.
   */
  refresh(): Promise<void> {
    return refresh(this.core);
  }

  /**
   * What the client says while it retries (wire it to the client's `onRetry`). Only a full
   * load's troubles are shown; the next success clears them.
   */
  noteClientNotice(notice: ClientNotice): void {
    const core = this.core;
    if (notice.type === 'recovered') {
      if (core.status.current.trouble) {
        core.setStatus({ trouble: undefined });
      }
      return;
    }
    if (!core.current || core.disposed) {
      return;
    }
    const shown = core.status.current.trouble;
    // Several pages retry at once: a page on its first retry does not hide one further along.
    if (shown && shown.kind === notice.kind && notice.attempt < shown.attempt && shown.retryAt > notice.at) {
      return;
    }
    const { kind, host, reason, attempt, maxAttempts } = notice;
    core.setStatus({ trouble: { kind, host, reason, attempt, maxAttempts, retryAt: notice.at + notice.waitMs } });
  }

  /** Close's rate limit started or stopped holding requests (wire to the limiter's `onWaitChange`). */
  noteRateLimitWait(): void {
    if (!this.core.disposed) {
      this.core.setStatus({ rateLimitWait: this.core.options.client.rateLimiter.waitState() });
    }
  }

  /**
   * "Retry now": a load waiting to retry tries again at once (the rows stay); with no load in
   * flight, a new one starts. A pause Close asked for (429) is still honoured.
   */
  async retryNow(): Promise<void> {
    if (this.core.current) {
      if (this.core.options.client.retryNow() > 0) {
        this.core.log('Retrying now, as asked.');
      }
      return;
    }
    await this.refresh();
  }

  /** Reloads one lead's contacts with `lead_id` (and its name). Never rejects; errors land in status. */
  refreshLead(leadId: string): Promise<void> {
    return refreshLead(this.core, leadId);
  }

  /** Best matches, capped. Empty query: the first `limit` contacts by label. */
  search(query: string, limit: number): SearchHit[] {
    return this.core.index.search(query, limit).map((contact) => ({ contact, leadLabel: this.leadLabel(contact.leadId) }));
  }

  /** The leads and contacts that match a tree filter (see contactFilter.ts); kept until the store changes. */
  filtered(query: string): FilteredContacts {
    return this.filter.apply(query);
  }

  /** The label of a lead's group: its name once known, else its id; "No lead" for null. */
  leadLabel(leadId: string | null): string {
    return this.core.store.leadLabel(leadId);
  }

  /** Loads the full record (`GET /contact/{id}/`). */
  fetchContact(id: string, signal?: AbortSignal): Promise<Contact> {
    return this.core.options.client.getContact(id, undefined, signal);
  }

  /** Cancels loads, empties the store and deletes the cache. */
  async clear(): Promise<void> {
    const core = this.core;
    core.cancelAll();
    core.restoreGeneration++;
    core.store.clear();
    core.index.clear();
    core.freshness.reset();
    core.stats = undefined;
    // Signed out: what another window saves from now on is not for this one.
    core.stopWatchingCache();
    core.shownSavedAt = undefined;
    core.setStatus({ phase: 'idle', contactsLoaded: 0, leadsShown: 0, pages: 0, cachedAt: undefined, stale: false, error: undefined, skipLimited: undefined, skippedRecords: 0, otherWindow: undefined });
    await core.cacheWrite.catch(() => undefined);
    await core.cache?.delete().catch((err: unknown) => core.log(`Could not delete the contact cache: ${describeError(err)}`));
  }

  dispose(): void {
    const core = this.core;
    core.disposed = true;
    core.stopWatchingCache();
    core.restoreGeneration++;
    core.cancelAll();
    core.status.dispose();
  }
}

export type { CloseError };
