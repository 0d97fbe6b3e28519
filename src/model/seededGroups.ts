// The tree's root rows at a warm start, straight from the cache header's columns. The store
// shows this snapshot at once and builds its own groups and maps from these rows on first use,
// after the rows are out: at 40,000 leads, building those took two to four times as long as
// the rows here.
import type { CachedGroups } from './cacheFormat';
import { noLeadLabel, type LeadGroup } from './contactsModel';

/** `groups` as the store's frozen rows, in their order; a lead that repeats keeps its first row. */
export function seededSnapshot(groups: CachedGroups): readonly LeadGroup[] {
  const { leadIds, names, counts, statuses } = groups;
  const seen = new Set<string | null>();
  const rows: LeadGroup[] = [];
  for (let i = 0; i < leadIds.length; i++) {
    const leadId = leadIds[i];
    if (seen.has(leadId)) {
      continue;
    }
    seen.add(leadId);
    const name = leadId === null ? null : names[i] || null;
    const status = leadId === null ? null : statuses[i] || null;
    rows.push(Object.freeze({ leadId, label: leadId === null ? noLeadLabel() : (name ?? leadId), named: leadId === null || name !== null, count: counts[i], status }));
  }
  return Object.freeze(rows);
}
