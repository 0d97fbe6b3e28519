// The words above the tree for a load status. No `vscode` here, so it is tested in plain Node.
import type { LoadStatus, LoadTrouble } from '../../model/contactsController';

export interface StatusText {
  message?: string;
  description?: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) {
    return 'just now';
  }
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h ago`;
  }
  return `${Math.floor(hours / 24)} days ago`;
}

function summary(status: LoadStatus): string {
  const contacts = `${count(status.contactsLoaded)} contact${status.contactsLoaded === 1 ? '' : 's'}`;
  return `${contacts} in ${count(status.leadsShown)} lead${status.leadsShown === 1 ? '' : 's'}`;
}

/** Said while the groups show lead ids because Close refused `/lead/` (403) to this key. */
export const LEADS_FORBIDDEN_TEXT =
  "Lead names are not available to this API key (Close answered 403 on /lead/): groups show lead ids. Ask your Close admin for permission to read leads.";

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
  const retrying = `${left > 0 ? `Retrying in ${left} s` : 'Retrying now'} (${trouble.attempt} of ${trouble.maxAttempts}).`;
  switch (trouble.kind) {
    case 'network':
      return `Can't reach Close at ${trouble.host}: ${endSentence(trouble.reason)} ${retrying}`;
    case 'timeout':
      return `Close is slow to answer (${trouble.host}: ${trouble.reason}). ${retrying}`;
    case 'server':
      return `Close at ${trouble.host} had a server error (${trouble.reason}). ${retrying}`;
    case 'rateLimited':
      return `Close asked to pause (rate limit). ${left > 0 ? `Resuming in ${left} s.` : 'Resuming now.'}`;
  }
}

/** What holds a load up right now, if anything: retries first, then the rate limit's queue. */
function holdUp(status: LoadStatus, now: number): string | undefined {
  if (status.trouble) {
    return describeTrouble(status.trouble, now);
  }
  if (status.rateLimitWait) {
    return `Waiting for Close's rate limit (${secondsUntil(status.rateLimitWait.untilMs, now)} s)…`;
  }
  return undefined;
}

export function describeStatus(status: LoadStatus, now: number): StatusText {
  const loaded = status.contactsLoaded;
  const cachedAge = status.cachedAt !== undefined ? formatAge(now - status.cachedAt) : undefined;
  const parts: string[] = [];
  if (loaded > 0 || status.phase === 'complete') {
    parts.push(`${count(loaded)} contact${loaded === 1 ? '' : 's'}`, `${count(status.leadsShown)} lead${status.leadsShown === 1 ? '' : 's'}`);
  }
  if (cachedAge) {
    parts.push(status.stale ? `stale, cached ${cachedAge}` : `cached ${cachedAge}`);
  } else if (status.phase === 'partial') {
    parts.push('incomplete');
  }
  const description = parts.length ? parts.join(' · ') : undefined;

  const skipped = status.skippedRecords > 0 ? ` ${count(status.skippedRecords)} record${status.skippedRecords === 1 ? '' : 's'} without an id were skipped.` : '';
  const error = status.error && status.error.kind !== 'cancelled' ? status.error.message : undefined;
  const leads = status.leadsForbidden ? ` ${LEADS_FORBIDDEN_TEXT}` : '';

  switch (status.phase) {
    case 'loading': {
      const held = holdUp(status, now);
      if (held) {
        const shown = cachedAge ? ` Showing contacts cached ${cachedAge}.` : loaded > 0 ? ` ${count(loaded)} contacts loaded so far.` : '';
        return { description, message: `${held}${shown}` };
      }
      return {
        description,
        message: cachedAge ? `Refreshing… showing contacts cached ${cachedAge}.` : `Loading contacts… ${count(loaded)} so far.`,
      };
    }
    case 'complete':
      // With one view in the container VS Code hides the view's header and so its
      // description: the counts go in the message too.
      // An error here is from something after the load, such as a Refresh Lead.
      return { description, message: `${summary(status)}.${leads}${skipped}${error ? ` ${error}` : ''}` };
    case 'partial':
      if (status.skipLimited && !error) {
        return {
          description,
          message: `Close limits listing to the first ${count(status.skipLimited.maxSkip)} contacts: ${count(loaded)} loaded. Use Refresh Lead on a lead to load all of its contacts.${skipped}`,
        };
      }
      if (status.skipLimited) {
        return {
          description,
          message: `Close limits listing to the first ${count(status.skipLimited.maxSkip)} contacts: ${count(loaded)} loaded. ${error}`,
        };
      }
      return {
        description,
        message: `Incomplete: ${count(loaded)} contacts loaded, then the load stopped. ${error ?? ''}${skipped}${leads}`.trim(),
      };
    case 'error':
      if (status.stale && cachedAge) {
        return { description, message: `Showing contacts cached ${cachedAge}; refreshing failed. ${error ?? ''}`.trim() };
      }
      return { description, message: error ?? 'Loading contacts failed.' };
    case 'idle':
      return { description, message: undefined };
  }
}
