// The order of the tree: lead groups by label (locale-aware, case-insensitive, numbers by
// value), then the leads whose name has not come yet (shown by id), the No lead group last; a
// lead's contacts by label. Ties go by id so the order is total.
import { contactLabel, type ContactSummary } from './contactSummary';

type GroupKey = { leadId: string | null; label: string; named: boolean };

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function compareContacts(a: ContactSummary, b: ContactSummary): number {
  return collator.compare(contactLabel(a), contactLabel(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function compareGroups(a: GroupKey, b: GroupKey): number {
  if (a.leadId === null || b.leadId === null) {
    return a.leadId === b.leadId ? 0 : a.leadId === null ? 1 : -1;
  }
  // Lead names load beside the contacts: an id sorted among the names would put rows at the top
  // that move away as their names land. Waiting below the named leads, the top holds still.
  if (a.named !== b.named) {
    return a.named ? -1 : 1;
  }
  return collator.compare(a.label, b.label) || (a.leadId < b.leadId ? -1 : a.leadId > b.leadId ? 1 : 0);
}

/** Where `group` goes in `ordered` (sorted by compareGroups), by binary search. */
function position(ordered: readonly GroupKey[], group: GroupKey): number {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareGroups(ordered[mid], group) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

export function insertGroup<G extends GroupKey>(ordered: G[], group: G): void {
  ordered.splice(position(ordered, group), 0, group);
}

/** Takes `group` out of `ordered`; found by search while its label is the one it was sorted by. */
export function removeGroup<G extends GroupKey>(ordered: G[], group: G): void {
  let at = position(ordered, group);
  if (ordered[at] !== group) {
    at = ordered.indexOf(group);
  }
  if (at >= 0) {
    ordered.splice(at, 1);
  }
}

export function inGroupOrder(ordered: readonly GroupKey[]): boolean {
  return ordered.every((g, i) => i === 0 || compareGroups(ordered[i - 1], g) <= 0);
}
