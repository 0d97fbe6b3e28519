// The end of a full load: past Close's max_skip the rest comes lead by lead; a complete list
// removes what the server no longer has and is saved to the cache; anything less says why.
import * as l10n from '@vscode/l10n';
import { CloseError } from '../../close/errors';
import { fetchLeadContacts, walkLeads } from '../leadByLead';
import type { LeadRefreshTicket } from '../leadFreshness';
import type { PagedLoadResult } from '../loader';
import { nextTurn } from '../nextTurn';
import { contactWindowFor, type ControllerCore, type Run } from './core';
import { applyLead } from './leadRefresh';
import type { LoadStats } from './loadStatus';
import { MAX_UNNAMED_LEADS, nameUnnamedLeads, type UnnamedLeads } from './unnamedLeads';

const GONE_SLICE = 5000;

export async function finish(core: ControllerCore, run: Run, stats: LoadStats, contacts: PagedLoadResult, leads: PagedLoadResult): Promise<void> {
  const { store, index } = core;
  if (leads.error && leads.error.kind !== 'cancelled') {
    core.log(`Lead names did not all load: ${leads.error.message}`);
  }
  // Without permission to read leads the contacts still load, grouped under lead ids.
  const leadsForbidden = leads.error?.kind === 'forbidden' ? leads.error : undefined;
  let byLead: { maxSkip: number; leads: number } | undefined;
  if (contacts.maxSkip !== undefined && !contacts.error && leads.complete) {
    const walked = await completeByLead(core, run, stats, contacts.maxSkip);
    if (core.current !== run) {
      return;
    }
    if (walked.error) {
      stats.doneMs = performance.now() - stats.startedAt;
      core.log(`Loading lead by lead stopped after ${walked.done} of ${walked.total} leads: ${walked.error.message}`);
      const fromCache = core.status.current.cachedAt !== undefined;
      core.setStatus({ phase: 'partial', skipLimited: { maxSkip: contacts.maxSkip }, byLead: undefined, error: walked.error, stale: fromCache });
      return;
    }
    byLead = { maxSkip: contacts.maxSkip, leads: walked.total };
  }
  if (contacts.complete || byLead) {
    // The server's list replaces whatever the cache still had to show.
    core.restoreGeneration++;
    store.finishSeed();
    // Contacts deleted on the server since the last load (or since the cache) go away. The
    // check visits every contact, so it runs in slices.
    const gone: string[] = [];
    const ids = Array.from(store.all(), (c) => c.id);
    for (let start = 0; start < ids.length; start += GONE_SLICE) {
      for (const id of ids.slice(start, start + GONE_SLICE)) {
        if (!run.seen.has(id)) {
          gone.push(id);
        }
      }
      await nextTurn();
      if (core.current !== run) {
        return;
      }
    }
    // What a Refresh Lead sent after this load began brought is newer than the load's pages.
    const stillGone = gone.filter((id) => !core.freshness.refreshedAfter(store.get(id)?.leadId ?? null, run.started));
    if (stillGone.length > 0) {
      store.remove(stillGone);
      index.remove(stillGone);
      core.scheduleIndexing();
    }
    store.trim();
    index.trim();
    // The steps after this one each take a slice of a turn at 10,000 leads (the groups, the cache).
    await nextTurn();
    if (core.current !== run) {
      return;
    }
    const unnamed = leadsForbidden || leads.error?.kind === 'auth' ? undefined : await nameUnnamedLeads(core, run);
    if (core.current !== run) {
      return;
    }
    if (unnamed && unnamed.asked > 0) {
      stats.requests += unnamed.asked;
      logUnnamed(core, unnamed);
    }
    stats.doneMs = performance.now() - stats.startedAt;
    const leadError = leads.error?.kind === 'auth' ? leads.error : unnamed?.error?.kind === 'auth' ? unnamed.error : undefined;
    core.setStatus({
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
    // The pacing's own figures at the end, to tell a slow load by the limit from one by the machine.
    const { slackMs, tripMs, othersPerWindow } = core.options.client.rateLimiter.timing;
    const others = othersPerWindow > 0 ? `; other clients of the key took up to ${othersPerWindow} requests a window` : '';
    const pacing = tripMs === undefined ? '' : `; round trip ${Math.round(tripMs)} ms at the median, ${Math.round(slackMs)} ms of slack per window${others}`;
    core.log(`Loaded ${store.size} contacts in ${stats.contactPages} pages${walked} (${stats.requests} requests, ${Math.round(stats.doneMs)} ms${reread}${pacing}).`);
    core.saveCache();
    return;
  }
  stats.doneMs = performance.now() - stats.startedAt;
  const fromCache = core.status.current.cachedAt !== undefined;
  if (contacts.maxSkip !== undefined && !contacts.error) {
    core.log(`Close refused to page past ${contacts.maxSkip} contacts (max_skip); showing the ${store.size} that came.`);
    core.setStatus({ phase: 'partial', skipLimited: { maxSkip: contacts.maxSkip }, stale: fromCache, leadsForbidden });
    return;
  }
  // A 401 on the lead names aborts the contact pages too: the 401 is the reason, not the abort.
  const error =
    contacts.error?.kind === 'cancelled' && leads.error?.kind === 'auth'
      ? leads.error
      : (contacts.error ?? new CloseError('badResponse', l10n.t('Loading contacts stopped early. Try Refresh.')));
  core.log(`Load stopped: ${error.message}`);
  core.setStatus({ phase: store.size > 0 ? 'partial' : 'error', error, stale: fromCache, leadsForbidden });
}

/**
 * Close would not page the listing past max_skip: asks each lead for its contacts with
 * `lead_id`, leads with no contact loaded first (they are surely the ones missing), then the
 * rest (any of them may have contacts past the cut). Every contact fetched counts as seen.
 */
async function completeByLead(core: ControllerCore, run: Run, stats: LoadStats, maxSkip: number): Promise<{ done: number; total: number; error?: CloseError }> {
  const { client, pageSize } = core.options;
  const { store, freshness } = core;
  const leadIds = [...new Set(run.leadIds)];
  const listed = new Set<string | null>();
  for (const id of run.seen) {
    listed.add(store.get(id)?.leadId ?? null);
  }
  const ordered = leadIds.filter((id) => !listed.has(id)).concat(leadIds.filter((id) => listed.has(id)));
  core.log(`Close refused to page past ${maxSkip} contacts (max_skip); loading the contacts of ${ordered.length} leads one by one.`);
  core.setStatus({ skipLimited: { maxSkip }, byLead: { done: 0, total: ordered.length } });
  const tickets = new Map<string, LeadRefreshTicket>();
  const result = await walkLeads({
    leadIds: ordered,
    concurrency: core.options.contactWindow ?? (() => contactWindowFor(client.rateLimiter, 0)),
    signal: run.abort.signal,
    fetch: (leadId, signal) => {
      tickets.set(leadId, freshness.beginLead(leadId));
      return fetchLeadContacts(client, leadId, pageSize, signal, () => stats.requests++);
    },
    apply: (lead) => {
      const ticket = tickets.get(lead.leadId);
      if (!ticket || core.current !== run) {
        return;
      }
      tickets.delete(lead.leadId);
      try {
        for (const c of lead.contacts) {
          run.seen.add(c.id);
        }
        applyLead(core, lead, ticket);
      } finally {
        freshness.endLead(ticket);
      }
      if (lead.skipped > 0) {
        core.setStatus({ skippedRecords: core.status.current.skippedRecords + lead.skipped });
      }
    },
    onProgress: (done, total) => {
      if (core.current === run) {
        run.held?.setProgress(store.size);
        core.setStatus({ byLead: { done, total } });
      }
    },
  });
  for (const ticket of tickets.values()) {
    freshness.endLead(ticket);
  }
  return result;
}

function logUnnamed(core: ControllerCore, unnamed: UnnamedLeads): void {
  const gone = unnamed.gone > 0 ? `, ${unnamed.gone} no longer in Close` : '';
  const stopped = unnamed.error ? `; stopped: ${unnamed.error.message}` : '';
  const more = unnamed.unnamed > MAX_UNNAMED_LEADS ? `; the other ${unnamed.unnamed - MAX_UNNAMED_LEADS} keep showing their ids until a Refresh` : '';
  core.log(`The lead pages did not name ${unnamed.unnamed} leads of the loaded contacts: asked Close for ${unnamed.asked} by id, ${unnamed.named} named${gone}${stopped}${more}.`);
}
