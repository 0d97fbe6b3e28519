// One lead's contacts with `lead_id`, and the walk over many leads that completes a listing
// Close cut short at max_skip. `_skip` limits apply per query, and a lead's own list is short,
// so asking lead by lead reaches every contact, at one request per lead.
import { setMaxListeners } from 'node:events';
import * as l10n from '@vscode/l10n';
import type { CloseClient } from '../close/client';
import { CloseError, isCloseError } from '../close/errors';
import type { Contact } from '../close/types';
import { SUMMARY_FIELDS, toSummary, type ContactSummary } from './contactSummary';
import { inFlightNow, loadPaged, type InFlight, type PagedLoadResult } from './loader';

export interface LeadContacts {
  leadId: string;
  contacts: ContactSummary[];
  /** Records without a usable id. */
  skipped: number;
  result: PagedLoadResult;
}

function contactId(c: Contact): string | undefined {
  return typeof c?.id === 'string' ? c.id : undefined;
}

/** Every contact of one lead, paged with `lead_id`. Never rejects: a failure is in `result.error`. */
export async function fetchLeadContacts(
  client: CloseClient,
  leadId: string,
  pageSize: number,
  signal: AbortSignal,
  onRequest?: () => void,
): Promise<LeadContacts> {
  const contacts: ContactSummary[] = [];
  let skipped = 0;
  const result = await loadPaged<Contact>({
    fetchPage: (skip, limit, pageSignal) => {
      onRequest?.();
      return client.listContacts({ limit, skip, fields: SUMMARY_FIELDS, leadId }, pageSignal);
    },
    pageSize,
    // A lead rarely has more than one page: no speculative requests.
    window: 1,
    signal,
    idOf: contactId,
    onPage: (items) => {
      for (const raw of items) {
        const s = toSummary(raw);
        if (s) {
          contacts.push(s);
        } else {
          skipped++;
        }
      }
    },
  });
  return { leadId, contacts, skipped, result };
}

/** A lead with more contacts than Close lets a listing page through. */
export function leadPastMaxSkip(maxSkip: number | undefined): CloseError {
  return new CloseError(
    'badRequest',
    l10n.t('Close limits how far its contact list can be paged (max_skip {0}); this lead shows the contacts that came.', String(maxSkip)),
    { maxSkip },
  );
}

export interface LeadWalkOptions {
  leadIds: readonly string[];
  /**
   * Leads asked for at once, or a function asked after each lead (more are started when it
   * grows); the client's rate limiter paces the requests themselves.
   */
  concurrency: InFlight;
  signal: AbortSignal;
  fetch: (leadId: string, signal: AbortSignal) => Promise<LeadContacts>;
  /** Called with each lead's complete list, in the order they come back. */
  apply: (lead: LeadContacts) => void;
  onProgress: (done: number, total: number) => void;
}

export interface LeadWalkResult {
  /** Leads whose contacts all came. */
  done: number;
  total: number;
  /** What stopped the walk (auth, a lead Close would not list, cancellation). */
  error?: CloseError;
}

/** Walks the leads with a few in flight; the first failure stops the walk. */
export async function walkLeads(options: LeadWalkOptions): Promise<LeadWalkResult> {
  const { leadIds, signal } = options;
  const stop = new AbortController();
  // Every lead in flight listens to it, and there may be more than Node's warning level of 10.
  setMaxListeners(0, stop.signal);
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const concurrency = inFlightNow(options.concurrency);
  let next = 0;
  let done = 0;
  let active = 0;
  let error: CloseError | undefined;
  const running: Promise<void>[] = [];
  const spawn = (): void => {
    while (!stop.signal.aborted && next < leadIds.length && active < concurrency()) {
      active++;
      running.push(worker().finally(() => active--));
    }
  };
  const worker = async (): Promise<void> => {
    while (!stop.signal.aborted && next < leadIds.length) {
      const leadId = leadIds[next++] as string;
      let lead: LeadContacts;
      try {
        lead = await options.fetch(leadId, stop.signal);
      } catch (err) {
        error ??= isCloseError(err) ? err : new CloseError('badResponse', String(err));
        stop.abort();
        return;
      }
      if (stop.signal.aborted) {
        return;
      }
      if (!lead.result.complete) {
        error ??= lead.result.error ?? leadPastMaxSkip(lead.result.maxSkip);
        stop.abort();
        return;
      }
      options.apply(lead);
      done++;
      options.onProgress(done, leadIds.length);
      spawn();
    }
  };
  try {
    spawn();
    // Workers start others as the concurrency grows: wait until none is left.
    while (running.length > 0) {
      await Promise.all(running.splice(0));
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return { done, total: leadIds.length, ...(error ? { error } : {}) };
}
