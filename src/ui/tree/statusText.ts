// The words above the tree for a load status. No `vscode` here, so it is tested in plain Node;
// the words are translated through @vscode/l10n, configured from VS Code's bundle at activation.
import * as l10n from '@vscode/l10n';
import type { LoadStatus, LoadTrouble } from '../../model/contactsController';
import { contactCount, formatCount as count, leadCount } from '../displayFormat';

export interface StatusText {
  message?: string;
  description?: string;
}

/** The tree's filter, when one is on. */
export interface FilterFigures {
  query: string;
  /** Contacts that match. */
  matched: number;
  /** Contacts loaded. */
  total: number;
}

/** "Filter: acme · 12 of 50,000". */
export function filterDescription(filter: FilterFigures): string {
  return l10n.t({
    message: 'Filter: {0} · {1} of {2}',
    args: [filter.query, count(filter.matched), count(filter.total)],
    comment: ['{0} is the filter as typed, {1} the contacts that match, {2} the contacts loaded'],
  });
}

/** The filter in the view's message, which stays visible when VS Code hides the description. */
function filterSentence(filter: FilterFigures): string {
  return filter.matched === 0
    ? l10n.t('No contact matches the filter {0}. Clear Filter shows every contact.', filter.query)
    : l10n.t({ message: 'Filter: {0} · {1} of {2}.', args: [filter.query, count(filter.matched), count(filter.total)], comment: ['{0} is the filter as typed, {1} the contacts that match, {2} the contacts loaded'] });
}

/** The words for a status, with the filter's figures when a filter is on. */
export function describeView(status: LoadStatus, now: number, filter?: FilterFigures): StatusText {
  const text = describeStatus(status, now);
  if (!filter) {
    return text;
  }
  return { description: filterDescription(filter), message: [text.message, filterSentence(filter)].filter((m) => m !== undefined && m.length > 0).join(' ') };
}

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) {
    return l10n.t('just now');
  }
  if (minutes < 60) {
    return l10n.t('{0} min ago', minutes);
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return l10n.t('{0} h ago', hours);
  }
  return l10n.t('{0} days ago', Math.floor(hours / 24));
}

function summary(status: LoadStatus): string {
  return l10n.t({ message: '{0} in {1}.', args: [contactCount(status.contactsLoaded), leadCount(status.leadsShown)], comment: ['{0} is "N contacts", {1} is "N leads"'] });
}

/** Said while the groups show lead ids because Close refused `/lead/` (403) to this key. */
export function leadsForbiddenText(): string {
  return l10n.t('Lead names are not available to this API key (Close answered 403 on /lead/): groups show lead ids. Ask your Close admin for permission to read leads.');
}

/** Whole seconds left until `atMs`, at least 0. */
function secondsUntil(atMs: number, now: number): number {
  return Math.max(0, Math.ceil((atMs - now) / 1000));
}

function endSentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** "Can't reach Close at api.close.com: connection refused. Retrying in 4 s (2 of 5)." */
export function describeTrouble(trouble: LoadTrouble, now: number): string {
  const left = secondsUntil(trouble.retryAt, now);
  const retrying =
    left > 0
      ? l10n.t('Retrying in {0} s ({1} of {2}).', left, trouble.attempt, trouble.maxAttempts)
      : l10n.t('Retrying now ({0} of {1}).', trouble.attempt, trouble.maxAttempts);
  switch (trouble.kind) {
    case 'network':
      return l10n.t({ message: "Can't reach Close at {0}: {1} {2}", args: [trouble.host, endSentence(trouble.reason), retrying], comment: ['{0} is a host name, {1} the reason, {2} "Retrying in N s (2 of 5)."'] });
    case 'timeout':
      return l10n.t({ message: 'Close is slow to answer ({0}: {1}). {2}', args: [trouble.host, trouble.reason, retrying], comment: ['{0} is a host name, {1} the reason, {2} "Retrying in N s (2 of 5)."'] });
    case 'server':
      return l10n.t({ message: 'Close at {0} had a server error ({1}). {2}', args: [trouble.host, trouble.reason, retrying], comment: ['{0} is a host name, {1} the HTTP status, {2} "Retrying in N s (2 of 5)."'] });
    case 'rateLimited':
      return left > 0 ? l10n.t('Close asked to pause (rate limit). Resuming in {0} s.', left) : l10n.t('Close asked to pause (rate limit). Resuming now.');
  }
}

/** What holds a load up right now, if anything: retries first, then the rate limit's queue. */
function holdUp(status: LoadStatus, now: number): string | undefined {
  if (status.trouble) {
    return describeTrouble(status.trouble, now);
  }
  if (status.rateLimitWait) {
    return l10n.t("Waiting for Close's rate limit ({0} s)…", secondsUntil(status.rateLimitWait.untilMs, now));
  }
  return undefined;
}

export function describeStatus(status: LoadStatus, now: number): StatusText {
  const loaded = status.contactsLoaded;
  const cachedAge = status.cachedAt !== undefined ? formatAge(now - status.cachedAt) : undefined;
  const parts: string[] = [];
  if (loaded > 0 || status.phase === 'complete') {
    parts.push(contactCount(loaded), leadCount(status.leadsShown));
  }
  if (cachedAge) {
    parts.push(status.stale ? l10n.t('stale, cached {0}', cachedAge) : l10n.t('cached {0}', cachedAge));
  } else if (status.phase === 'partial') {
    parts.push(l10n.t('incomplete'));
  }
  const description = parts.length ? parts.join(' · ') : undefined;

  // Each piece below is a whole sentence, so joining them with spaces reads right in any language.
  const sentences = (...pieces: (string | undefined)[]): string =>
    pieces.filter((piece): piece is string => piece !== undefined && piece.length > 0).join(' ');
  const skipped =
    status.skippedRecords === 0
      ? undefined
      : status.skippedRecords === 1
        ? l10n.t('1 record without an id was skipped.')
        : l10n.t('{0} records without an id were skipped.', count(status.skippedRecords));
  const error = status.error && status.error.kind !== 'cancelled' ? status.error.message : undefined;
  const leads = status.leadsForbidden ? leadsForbiddenText() : undefined;

  switch (status.phase) {
    case 'loading': {
      if (status.otherWindow) {
        const progress = l10n.t('Loading in another window… {0} contacts so far.', count(status.otherWindow.contactsLoaded));
        return { description, message: cachedAge ? sentences(progress, l10n.t('Showing contacts cached {0}.', cachedAge)) : progress };
      }
      const held = holdUp(status, now);
      const byLead = status.byLead && status.skipLimited
        ? l10n.t(
            'Close limits listing to the first {0} contacts: loading the rest lead by lead ({1} of {2} leads).',
            count(status.skipLimited.maxSkip),
            count(status.byLead.done),
            count(status.byLead.total),
          )
        : undefined;
      if (byLead) {
        return { description, message: sentences(byLead, held, l10n.t('{0} contacts loaded so far.', count(loaded))) };
      }
      if (held) {
        const shown = cachedAge
          ? l10n.t('Showing contacts cached {0}.', cachedAge)
          : loaded > 0
            ? l10n.t('{0} contacts loaded so far.', count(loaded))
            : undefined;
        return { description, message: sentences(held, shown) };
      }
      return {
        description,
        message: cachedAge ? l10n.t('Refreshing… showing contacts cached {0}.', cachedAge) : l10n.t('Loading contacts… {0} so far.', count(loaded)),
      };
    }
    case 'complete':
      // With one view in the container VS Code hides the view's header and so its
      // description: the counts go in the message too.
      // An error here is from something after the load, such as a Refresh Lead.
      return {
        description,
        message: sentences(
          summary(status),
          status.skipLimited?.completedByLead
            ? l10n.t('Close limits listing to the first {0} contacts; the rest were loaded lead by lead.', count(status.skipLimited.maxSkip))
            : undefined,
          leads,
          skipped,
          error,
        ),
      };
    case 'partial': {
      if (status.skipLimited) {
        const limited = l10n.t('Close limits listing to the first {0} contacts: {1} loaded.', count(status.skipLimited.maxSkip), count(loaded));
        return {
          description,
          message: error ? sentences(limited, error) : sentences(limited, l10n.t('Use Refresh Lead on a lead to load all of its contacts.'), skipped),
        };
      }
      return {
        description,
        message: sentences(l10n.t('Incomplete: {0} contacts loaded, then the load stopped.', count(loaded)), error, skipped, leads),
      };
    }
    case 'error':
      if (status.stale && cachedAge) {
        return { description, message: sentences(l10n.t('Showing contacts cached {0}; refreshing failed.', cachedAge), error) };
      }
      return { description, message: error ?? l10n.t('Loading contacts failed.') };
    case 'idle':
      return { description, message: undefined };
  }
}
