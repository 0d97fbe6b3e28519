// One full load: the contact pages and the lead pages at once (loader.ts pages them), each page
// applied to the store and the search index as it comes. One load at a time: a new one cancels
// the one in flight, whose pages are then ignored. loadFinish.ts takes over at the end.
import { describeError, toCloseError } from '../../close/errors';
import type { Contact, Lead } from '../../close/types';
import { SUMMARY_FIELDS, toSummary, type ContactSummary } from '../contactSummary';
import type { HeldLock } from '../loadLock';
import { loadPaged, type PagedLoadResult } from '../loader';
import { contactWindowFor, LEAD_WINDOW, type ControllerCore, type Run } from './core';
import { applyLeadFacts, LEAD_FIELDS, leadLabelOf, leadStatusOf } from './leadRefresh';
import { finish } from './loadFinish';
import type { LoadStats } from './loadStatus';

/**
 * Cancels any load in flight and loads everything again, even while another window loads
 * (this one takes the lock over). Resolves when this load ends (superseded loads resolve too,
 * without touching the store). Never rejects.
 */
export function refresh(core: ControllerCore): Promise<void> {
  const lock = core.lock;
  return load(
    core,
    lock?.take().catch((err: unknown) => {
      core.log(`Could not take the load lock (${describeError(err)}); loading anyway.`);
      return undefined;
    }),
  );
}

export async function load(core: ControllerCore, lockTaken: Promise<HeldLock | undefined> | undefined): Promise<void> {
  core.current?.abort.abort();
  const run: Run = { abort: new AbortController(), seen: new Set(), started: core.freshness.tick(), leadIds: [] };
  core.current = run;
  const heldLock = lockTaken?.then((held) => {
    run.held = held;
    held?.setProgress(core.store.size);
    return held;
  });
  core.stats = { startedAt: performance.now(), requests: 0, contactPages: 0, leadPages: 0, repeated: 0, misses: 0 };
  const stats = core.stats;
  core.setStatus({ phase: 'loading', pages: 0, error: undefined, skipLimited: undefined, byLead: undefined, skippedRecords: 0, stale: false, trouble: undefined, leadsForbidden: undefined, otherWindow: undefined });
  try {
    const [contacts, leads] = await Promise.all([loadContacts(core, run, stats), loadLeads(core, run, stats)]);
    if (core.current !== run) {
      return;
    }
    core.loadedOnce = true;
    await finish(core, run, stats, contacts, leads);
  } catch (err) {
    if (core.current === run) {
      core.log(`Load failed: ${describeError(err)}`);
      core.setStatus({ phase: core.store.size > 0 ? 'partial' : 'error', error: toCloseError(err), stale: core.status.current.cachedAt !== undefined, byLead: undefined });
    }
  } finally {
    if (core.current === run) {
      core.current = undefined;
    }
    const held = await heldLock;
    if (held) {
      // Windows waiting for this load look for the cache when the lock goes: it is written first.
      await core.cacheWrite;
      await held.release();
    }
  }
}

function loadContacts(core: ControllerCore, run: Run, stats: LoadStats): Promise<PagedLoadResult> {
  const { client, pageSize } = core.options;
  return loadPaged<Contact>({
    fetchPage: (skip, limit, signal) => {
      stats.requests++;
      return core.freshness.stamped(() => client.listContacts({ limit, skip, fields: SUMMARY_FIELDS }, signal));
    },
    pageSize,
    window: core.options.contactWindow ?? (() => contactWindowFor(client.rateLimiter, core.options.leadWindow ?? LEAD_WINDOW)),
    signal: run.abort.signal,
    idOf: contactId,
    onPage: (items, _index, page) => {
      if (core.current !== run) {
        return;
      }
      applyContacts(core, run, stats, items, core.freshness.ticketOfPage(page));
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

async function loadLeads(core: ControllerCore, run: Run, stats: LoadStats): Promise<PagedLoadResult> {
  const { client } = core.options;
  let pageSize = core.options.leadPageSize ?? 200;
  for (;;) {
    const result = await loadPaged<Lead>({
      fetchPage: (skip, limit, signal) => {
        stats.requests++;
        return client.listLeads({ limit, skip, fields: LEAD_FIELDS }, signal);
      },
      pageSize,
      window: core.options.leadWindow ?? LEAD_WINDOW,
      signal: run.abort.signal,
      onPage: (items) => {
        if (core.current !== run) {
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
          }
          const status = leadStatusOf(lead);
          if (status) {
            statuses.push([lead.id, status]);
          }
        }
        applyLeadFacts(core, names, statuses);
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
function applyContacts(core: ControllerCore, run: Run, stats: LoadStats, items: readonly Contact[], fetchedAt: number): void {
  const summaries: ContactSummary[] = [];
  let skipped = 0;
  if (!run.organizationChecked) {
    run.organizationChecked = checkOrganization(core, run, items);
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
    if (core.freshness.admitListed(fetchedAt, s.id, s.leadId, core.store.get(s.id)?.leadId)) {
      summaries.push(s);
    }
  }
  core.store.upsert(summaries);
  core.index.upsert(summaries);
  core.scheduleIndexing();
  run.held?.setProgress(core.store.size);
  stats.contactPages++;
  stats.firstPageMs ??= performance.now() - stats.startedAt;
  const shown = core.status.current;
  core.setStatus({ pages: shown.pages + 1, skippedRecords: shown.skippedRecords + skipped });
}

/**
 * Checks a load's first contacts that name an organization (true once done). Binds the
 * organization from them when nothing else did. When none of them belongs to the bound
 * organization, the binding was wrong (e.g. stale account facts): what was shown is
 * dropped, never mixed with the new contacts, and the controller rebinds to their
 * organization, so that cache is the one written. The lead names and statuses this load
 * already brought came with the same key, and stay. Later pages are not second-guessed.
 */
function checkOrganization(core: ControllerCore, run: Run, items: readonly Contact[]): boolean {
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
  if (core.organization !== undefined && named.includes(core.organization)) {
    return true;
  }
  if (core.organization === undefined) {
    core.bindOrganization(first);
    return true;
  }
  core.log(`Close sent contacts of organization ${first}, not of ${core.organization} whose contacts were shown; showing only ${first}'s from now on.`);
  core.restoreGeneration++;
  const names: [string, string][] = [];
  const statuses: [string, string][] = [];
  for (const leadId of new Set(run.leadIds)) {
    const name = core.store.leadName(leadId);
    const status = core.store.leadStatus(leadId);
    if (name !== undefined) {
      names.push([leadId, name]);
    }
    if (status !== undefined) {
      statuses.push([leadId, status]);
    }
  }
  core.store.clear();
  core.index.clear();
  applyLeadFacts(core, names, statuses);
  core.organization = undefined;
  core.bindOrganization(first);
  core.setStatus({ cachedAt: undefined, stale: false });
  return true;
}

/** The seam check's id, read like toSummary reads it (records without one are skipped there). */
function contactId(contact: Contact): string | undefined {
  const id: unknown = (contact as Partial<Contact> | null)?.id;
  if (typeof id === 'string') {
    return id.length > 0 ? id : undefined;
  }
  return typeof id === 'number' && Number.isFinite(id) ? String(id) : undefined;
}
