// The words above the tree for a load status. No `vscode` here, so it is tested in plain Node.
import type { LoadStatus } from '../../model/contactsController';

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

  switch (status.phase) {
    case 'loading':
      return {
        description,
        message: cachedAge ? `Refreshing… showing contacts cached ${cachedAge}.` : `Loading contacts… ${count(loaded)} so far.`,
      };
    case 'complete':
      // With one view in the container VS Code hides the view's header and so its
      // description: the counts go in the message too.
      // An error here is from something after the load, such as a Refresh Lead.
      return { description, message: `${summary(status)}.${skipped}${error ? ` ${error}` : ''}` };
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
        message: `Incomplete: ${count(loaded)} contacts loaded, then the load stopped. ${error ?? ''}${skipped}`.trim(),
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
