// Refresh Lead: one lead's contacts again with `lead_id` (and its name and status), put in
// place of what the store held for it. The same replacement completes a load past max_skip.
// Freshness tickets (leadFreshness.ts) keep older data from overwriting newer.
import * as l10n from '@vscode/l10n';
import { CloseError } from '../../close/errors';
import type { Lead } from '../../close/types';
import type { ContactSummary } from '../contactSummary';
import { fetchLeadContacts, leadPastMaxSkip, type LeadContacts } from '../leadByLead';
import type { LeadRefreshTicket } from '../leadFreshness';
import type { ControllerCore } from './core';
import { toCloseError } from '../../close/errors';

export const LEAD_FIELDS = ['id', 'display_name', 'status_label'] as const;

/** Reloads one lead's contacts with `lead_id` (and its name). Never rejects; errors land in status. */
export async function refreshLead(core: ControllerCore, leadId: string): Promise<void> {
  const { freshness } = core;
  const abort = new AbortController();
  core.leadRuns.add(abort);
  const { client, pageSize } = core.options;
  const ticket = freshness.beginLead(leadId);
  try {
    const [fetched, lead] = await Promise.all([
      fetchLeadContacts(client, leadId, pageSize, abort.signal),
      client.getLead(leadId, LEAD_FIELDS, abort.signal).then(
        (l) => l,
        (err: unknown) => toCloseError(err),
      ),
    ]);
    if (abort.signal.aborted || core.disposed) {
      return;
    }
    if (!(lead instanceof CloseError)) {
      const name = leadLabelOf(lead);
      const status = leadStatusOf(lead);
      applyLeadFacts(core, name ? [[leadId, name]] : [], status ? [[leadId, status]] : []);
    }
    if (!fetched.result.complete) {
      core.setStatus({ error: fetched.result.error ?? leadPastMaxSkip(fetched.result.maxSkip) });
      return;
    }
    const fresh = applyLead(core, fetched, ticket);
    if (!fresh) {
      return;
    }
    let error = lead instanceof CloseError && lead.kind !== 'notFound' ? lead : undefined;
    if (lead instanceof CloseError && lead.kind === 'notFound' && fresh.length === 0) {
      error = new CloseError('notFound', l10n.t('Close has no lead {0} (404): it may have been deleted or merged. Refresh Contacts to reload the list.', leadId), {
        status: 404,
      });
    }
    core.setStatus({ error, skippedRecords: core.status.current.skippedRecords + fetched.skipped });
  } catch (err) {
    if (!abort.signal.aborted) {
      core.setStatus({ error: toCloseError(err) });
    }
  } finally {
    core.leadRuns.delete(abort);
    freshness.endLead(ticket);
  }
}

/**
 * Puts one lead's complete list in place of what the store held for it. Returns the contacts
 * applied, or undefined when newer data for the lead was applied first.
 */
export function applyLead(core: ControllerCore, fetched: LeadContacts, ticket: LeadRefreshTicket): ContactSummary[] | undefined {
  const { store, index, freshness } = core;
  const { leadId } = fetched;
  if (!freshness.mayApply(ticket)) {
    return undefined; // a Refresh Lead of this lead sent later has already been applied
  }
  const byId = new Map(fetched.contacts.map((s) => [s.id, s]));
  // What newer data (full-load pages sent after this started, or a later Refresh Lead of
  // the lead a contact moved to) brought stays as it is.
  const fresh = [...byId.values()].filter((c) => {
    const storedLead = store.get(c.id)?.leadId;
    return !ticket.newer.has(c.id) && !(storedLead !== undefined && storedLead !== leadId && freshness.refreshedAfter(storedLead, ticket.started));
  });
  const { removed } = store.replaceLead(leadId, fresh, ticket.newer);
  freshness.applied(ticket);
  index.remove(removed.map((c) => c.id));
  index.upsert(fresh);
  index.drain();
  return fresh;
}

/** Lead names and statuses into the store (one change) and the names into the search index. */
export function applyLeadFacts(core: ControllerCore, names: readonly (readonly [string, string])[], statuses: readonly (readonly [string, string])[]): void {
  for (const [leadId, name] of names) {
    core.index.setLeadName(leadId, name);
  }
  core.store.inBatch(() => {
    core.store.setLeadNames(names);
    core.store.setLeadStatuses(statuses);
  });
}

/** The lead's `display_name`, else its `name`; undefined when neither holds more than spaces. */
export function leadLabelOf(lead: Partial<Lead>): string | undefined {
  for (const name of [lead.display_name, lead.name]) {
    if (typeof name === 'string' && name.trim().length > 0) {
      return name;
    }
  }
  return undefined;
}

export function leadStatusOf(lead: Partial<Lead>): string | undefined {
  const status = lead.status_label;
  return typeof status === 'string' && status.length > 0 ? status : undefined;
}
