// The tree's root rows at a warm start, straight from the cache header's columns. The store
// shows this snapshot at once and builds its own groups and maps from the same columns on
// first use, after the rows are out: at 40,000 leads, building those took two to four times
// as long as the rows here.
import type { CachedGroups } from './cacheFormat';
import { noLeadLabel, type LeadGroup } from './contactsModel';

/** Calls `row` for each group of `groups` in order; a lead that repeats keeps its first group. */
export function forEachSeeded(groups: CachedGroups, row: (leadId: string | null, name: string | null, count: number, status: string | null) => void): void {
  const { leadIds, names, counts, statuses } = groups;
  const seen = new Set<string | null>();
  for (let i = 0; i < leadIds.length; i++) {
    const leadId = leadIds[i];
    if (!seen.has(leadId)) {
      seen.add(leadId);
      row(leadId, leadId === null ? null : names[i] || null, counts[i], leadId === null ? null : statuses[i] || null);
    }
  }
}

/** `groups` as the store's frozen rows, in their order. */
export function seededSnapshot(groups: CachedGroups): readonly LeadGroup[] {
  const rows: LeadGroup[] = [];
  forEachSeeded(groups, (leadId, name, count, status) => {
    rows.push(Object.freeze({ leadId, label: leadId === null ? noLeadLabel() : (name ?? leadId), named: leadId === null || name !== null, count, status }));
  });
  return Object.freeze(rows);
}
