// Contacts grouped by lead. Applying a page is incremental: groups keep their sorted order
// by binary insertion, and a lead's contacts are sorted lazily when first read after a change,
// so 50,000 contacts never trigger a full re-sort per page.
import type { CachedGroups } from './cacheFormat';
import { noLeadLabel, type ContactsModel, type LeadGroup, type StoreChange } from './contactsModel';
import type { ContactSummary } from './contactSummary';
import { compareContacts, compareGroups, inGroupOrder, insertGroup, removeGroup } from './groupOrder';
import { seededSnapshot } from './seededGroups';

interface Group extends Omit<LeadGroup, 'status'> {
  contacts: ContactSummary[];
  sorted: boolean;
  /** Count announced by the warm-start cache before its contacts are in (0 otherwise). */
  expected: number;
}

export class ContactStore implements ContactsModel {
  private readonly byId = new Map<string, ContactSummary>();
  private readonly byLead = new Map<string | null, Group>();
  /** Always sorted by `compareGroups`. */
  private ordered: Group[] = [];
  private snapshot: readonly LeadGroup[] | undefined;
  private readonly names = new Map<string, string>();
  private readonly statuses = new Map<string, string>();
  private readonly listeners = new Set<(change: StoreChange) => void>();
  /** Changes collected during a batch, emitted once at its end. */
  private batch: { groups: boolean; counts: Map<string | null, number> } | undefined;
  private changes = 0;
  /** False from seedGroups until finishSeed has checked the cache's group order. */
  private seedOrderChecked = true;
  /** Seeded rows not yet built into byLead, ordered and the maps (settleSeed). */
  private pendingSeed: readonly LeadGroup[] | undefined;
  /** How many of `pendingSeed` are built already (buildSeededGroups). */
  private seedBuilt = 0;

  onDidChange(listener: (change: StoreChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get size(): number {
    return this.byId.size;
  }

  /** Changes with every change event: results derived from the store are current while it holds. */
  get version(): number {
    return this.changes;
  }

  /** Leads with contacts; the No lead group is not a lead. */
  get leadCount(): number {
    // Seeded rows are counted as they are: building them (settleSeed) waits for the first
    // contacts, so the root rows go out first.
    if (this.pendingSeed) {
      return this.pendingSeed.reduce((n, row) => n + (row.leadId === null ? 0 : 1), 0);
    }
    return this.byLead.size - (this.byLead.has(null) ? 1 : 0);
  }

  /** Sorted by label (locale-aware, case-insensitive); the No lead group last. */
  groups(): readonly LeadGroup[] {
    if (!this.snapshot) {
      this.settleSeed();
      const status = (g: Group): string | null => (g.leadId === null ? null : (this.statuses.get(g.leadId) ?? null));
      this.snapshot = Object.freeze(this.ordered.map((g) => Object.freeze({ leadId: g.leadId, label: g.label, named: g.named, count: shownCount(g), status: status(g) })));
    }
    return this.snapshot;
  }

  /** A lead's contacts, sorted by label. */
  contactsOf(leadId: string | null): readonly ContactSummary[] {
    this.settleSeed();
    const group = this.byLead.get(leadId);
    if (!group) {
      return [];
    }
    if (!group.sorted) {
      group.contacts.sort(compareContacts);
      group.sorted = true;
    }
    return group.contacts;
  }

  /** Drops the spare capacity arrays keep after growing (pushed-to arrays reserve room). */
  trim(): void {
    this.settleSeed();
    for (const group of this.byLead.values()) {
      group.contacts = group.contacts.slice();
    }
  }

  /** A lead's contacts in no particular order (no sorting: for saving and counting). */
  membersOf(leadId: string | null): readonly ContactSummary[] {
    this.settleSeed();
    return this.byLead.get(leadId)?.contacts ?? [];
  }

  get(id: string): ContactSummary | undefined {
    return this.byId.get(id);
  }

  leadName(leadId: string): string | undefined {
    this.settleSeed();
    return this.names.get(leadId);
  }

  leadLabel(leadId: string | null): string {
    this.settleSeed();
    return leadId === null ? noLeadLabel() : (this.names.get(leadId) ?? leadId);
  }

  /** The lead's status label in Close, once known. */
  leadStatus(leadId: string): string | undefined {
    this.settleSeed();
    return this.statuses.get(leadId);
  }

  /** Every known lead name (including leads without loaded contacts). */
  leadNames(): ReadonlyMap<string, string> {
    this.settleSeed();
    return this.names;
  }

  all(): Iterable<ContactSummary> {
    return this.byId.values();
  }

  /** Adds or replaces contacts by id. Returns the replaced records (same id, older data). */
  upsert(contacts: readonly ContactSummary[]): ContactSummary[] {
    const replaced: ContactSummary[] = [];
    this.inBatch(() => {
      for (const c of contacts) {
        const old = this.byId.get(c.id);
        if (old) {
          replaced.push(old);
          this.detach(old);
        }
        this.byId.set(c.id, c);
        this.attach(c);
      }
    });
    return replaced;
  }

  /** Removes contacts by id; returns the removed records. */
  remove(ids: Iterable<string>): ContactSummary[] {
    const removed: ContactSummary[] = [];
    this.inBatch(() => {
      for (const id of ids) {
        const old = this.byId.get(id);
        if (old) {
          this.byId.delete(id);
          this.detach(old);
          removed.push(old);
        }
      }
    });
    return removed;
  }

  /** Replaces one lead's contacts with `contacts` (all its own); those whose id is in `alsoKeep` (newer) stay. */
  replaceLead(leadId: string | null, contacts: readonly ContactSummary[], alsoKeep: ReadonlySet<string> = new Set()): { removed: ContactSummary[]; replaced: ContactSummary[] } {
    let result = { removed: [] as ContactSummary[], replaced: [] as ContactSummary[] };
    this.inBatch(() => {
      const keep = new Set(contacts.map((c) => c.id));
      const stale = (this.byLead.get(leadId)?.contacts ?? []).filter((c) => !keep.has(c.id) && !alsoKeep.has(c.id)).map((c) => c.id);
      result = { removed: this.remove(stale), replaced: this.upsert(contacts) };
    });
    return result;
  }

  /** Records lead names; groups that exist move to their new place. */
  setLeadNames(entries: Iterable<readonly [string, string]>): void {
    this.inBatch(() => {
      for (const [leadId, name] of entries) {
        if (!name || this.names.get(leadId) === name) {
          continue;
        }
        this.names.set(leadId, name);
        const group = this.byLead.get(leadId);
        if (group) {
          this.unlink(group);
          group.label = name;
          group.named = true;
          this.link(group);
        }
      }
    });
  }

  /** Records lead statuses; the groups' rows change, not their order. */
  setLeadStatuses(entries: Iterable<readonly [string, string]>): void {
    this.inBatch(() => {
      for (const [leadId, status] of entries) {
        if (!status || this.statuses.get(leadId) === status) {
          continue;
        }
        this.statuses.set(leadId, status);
        if (this.byLead.has(leadId)) {
          this.markGroups();
        }
      }
    });
  }

  /** Replaces everything at once (another window's cache): one sort instead of one insertion per group. */
  resetTo(contacts: readonly ContactSummary[], leadNames: Iterable<readonly [string, string]>): void {
    this.clearAll();
    for (const [id, name] of leadNames) {
      if (name) {
        this.names.set(id, name);
      }
    }
    for (const c of contacts) {
      this.byId.set(c.id, c);
      let group = this.byLead.get(c.leadId);
      if (!group) {
        group = this.newGroup(c.leadId);
        this.byLead.set(c.leadId, group);
      }
      group.contacts.push(c);
      group.count++;
      group.sorted = false;
    }
    this.ordered = [...this.byLead.values()].sort(compareGroups);
    this.snapshot = undefined;
    this.emit({ kind: 'reset' });
  }

  /**
   * Shows the groups of the warm-start cache (in display order) before their contacts are
   * read, as rows from the columns; counts read `expected` until `finishSeed()`.
   */
  seedGroups(groups: CachedGroups): void {
    this.clearAll();
    // The saved order came from the same comparison. Checking it costs a collator call per
    // group, so it waits for finishSeed: the root rows show first.
    this.seedOrderChecked = false;
    this.snapshot = seededSnapshot(groups);
    this.pendingSeed = this.snapshot;
    this.emit({ kind: 'reset' });
  }

  /**
   * Builds up to `rows` more of the seeded rows' groups and maps (the snapshot shows them
   * already), so that a caller can spread the work over turns: at 40,000 leads all of them take
   * some 80 ms. True when none is left to build. Anything that needs the groups first builds the
   * rest at once (settleSeed).
   */
  buildSeededGroups(rows = Infinity): boolean {
    const seed = this.pendingSeed;
    if (!seed) {
      return true;
    }
    const end = Math.min(seed.length, this.seedBuilt + rows);
    for (; this.seedBuilt < end; this.seedBuilt++) {
      const row = seed[this.seedBuilt];
      if (row.leadId !== null && row.named) {
        this.names.set(row.leadId, row.label);
      }
      if (row.leadId !== null && row.status) {
        this.statuses.set(row.leadId, row.status);
      }
      const group = this.newGroup(row.leadId);
      group.expected = row.count;
      this.byLead.set(row.leadId, group);
      this.ordered.push(group);
    }
    if (this.seedBuilt < seed.length) {
      return false;
    }
    this.pendingSeed = undefined;
    this.seedBuilt = 0;
    return true;
  }

  private settleSeed(): void {
    this.buildSeededGroups();
  }

  /** Ends the seeded state: counts are the contacts really present; empty groups go. */
  finishSeed(): void {
    this.inBatch(() => {
      if (!this.seedOrderChecked) {
        this.seedOrderChecked = true;
        if (!inGroupOrder(this.ordered)) {
          this.ordered.sort(compareGroups);
          this.markGroups();
        }
      }
      for (const group of [...this.byLead.values()]) {
        if (group.expected !== 0) {
          group.expected = 0;
          this.markGroups();
          if (group.count === 0) {
            this.byLead.delete(group.leadId);
            this.unlink(group);
          }
        }
      }
    });
  }

  clear(): void {
    this.clearAll();
    this.snapshot = undefined;
    this.emit({ kind: 'reset' });
  }

  private clearAll(): void {
    this.pendingSeed = undefined;
    this.seedBuilt = 0;
    this.byId.clear();
    this.byLead.clear();
    this.names.clear();
    this.statuses.clear();
    this.ordered = [];
  }

  /** Groups every mutation inside `fn` into one set of change events. */
  inBatch(fn: () => void): void {
    this.settleSeed();
    if (this.batch) {
      fn();
      return;
    }
    const batch = { groups: false, counts: new Map<string | null, number>() };
    this.batch = batch;
    try {
      fn();
    } finally {
      this.batch = undefined;
      for (const [leadId, before] of batch.counts) {
        if (shownCount(this.byLead.get(leadId)) !== before) {
          batch.groups = true;
        }
      }
      // A groups change refreshes the whole tree, so per-lead events would only repeat it.
      if (batch.groups) {
        this.snapshot = undefined;
        this.emit({ kind: 'groups' });
      } else {
        for (const leadId of batch.counts.keys()) {
          this.emit({ kind: 'lead', leadId });
        }
      }
    }
  }

  private newGroup(leadId: string | null): Group {
    const name = leadId === null ? undefined : this.names.get(leadId);
    return {
      leadId,
      label: leadId === null ? noLeadLabel() : (name ?? leadId),
      named: leadId === null || name !== undefined,
      count: 0,
      contacts: [],
      sorted: true,
      expected: 0,
    };
  }

  private attach(c: ContactSummary): void {
    this.touch(c.leadId);
    let group = this.byLead.get(c.leadId);
    if (!group) {
      group = this.newGroup(c.leadId);
      this.byLead.set(c.leadId, group);
      this.link(group);
    }
    group.contacts.push(c);
    group.count++;
    group.sorted = false;
  }

  private detach(c: ContactSummary): void {
    this.touch(c.leadId);
    const group = this.byLead.get(c.leadId);
    if (!group) {
      return;
    }
    const at = group.contacts.indexOf(c);
    if (at >= 0) {
      group.contacts.splice(at, 1);
      group.count--;
    }
    if (group.count === 0 && group.expected === 0) {
      this.byLead.delete(c.leadId);
      this.unlink(group);
    }
  }

  /** Remembers a lead's shown count before the batch changed it. */
  private touch(leadId: string | null): void {
    if (this.batch && !this.batch.counts.has(leadId)) {
      this.batch.counts.set(leadId, shownCount(this.byLead.get(leadId)));
    }
  }

  private link(group: Group): void {
    insertGroup(this.ordered, group);
    this.markGroups();
  }

  private unlink(group: Group): void {
    removeGroup(this.ordered, group);
    this.markGroups();
  }

  private markGroups(): void {
    this.snapshot = undefined;
    if (this.batch) {
      this.batch.groups = true;
    }
  }

  private emit(change: StoreChange): void {
    this.changes++;
    [...this.listeners].forEach((listener) => listener(change));
  }
}

/** The count a group's row shows: a seeded group's is the cache's until the seed ends, so contacts streaming in change no row. */
function shownCount(group: Group | undefined): number {
  return group ? Math.max(group.count, group.expected) : 0;
}
