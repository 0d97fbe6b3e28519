// The tree's filter: which leads and contacts stay on screen for a query. Words match like
// search (searchText.ts) through the search index's `matchAll`; `status:qualified` keeps the
// leads whose status starts with that text (case and accents ignored), and combines with words.
import type { ContactStore, LeadGroup } from './contactStore';
import type { ContactSummary } from './contactSummary';
import type { SearchIndex } from './searchIndex';
import { normalize } from './searchText';

const STATUS_TERM = /^status:(.*)$/i;

export interface ParsedFilter {
  /** The query without its `status:` terms, for the search index. */
  words: string;
  /** Normalised status prefixes; a lead matches any of them. Empty: every status. */
  statuses: string[];
}

export function parseFilter(query: string): ParsedFilter {
  const words: string[] = [];
  const statuses: string[] = [];
  for (const part of query.trim().split(/\s+/)) {
    const status = STATUS_TERM.exec(part);
    if (status) {
      // `status:` alone (while typing) keeps every lead that has a status.
      statuses.push(normalize(status[1].replace(/_/g, ' ')));
    } else if (part.length > 0) {
      words.push(part);
    }
  }
  return { words: words.join(' '), statuses };
}

/** A lead group on screen under a filter, with how many of its contacts match. */
export interface FilteredGroup extends LeadGroup {
  matched: number;
}

/** What the tree shows for one filter over one state of the store. */
export class FilteredContacts {
  private groupList: readonly FilteredGroup[] | undefined;

  constructor(
    /** The query as typed (trimmed). */
    readonly query: string,
    private readonly store: ContactStore,
    private readonly matchedSet: ReadonlySet<ContactSummary>,
    private readonly perLead: ReadonlyMap<string | null, number>,
  ) {}

  /** Contacts that match. */
  get matched(): number {
    return this.matchedSet.size;
  }

  /** Contacts loaded, matching or not. */
  get total(): number {
    return this.store.size;
  }

  /** The groups with at least one match, in the store's order. */
  groups(): readonly FilteredGroup[] {
    if (!this.groupList) {
      const out: FilteredGroup[] = [];
      for (const g of this.store.groups()) {
        const matched = this.perLead.get(g.leadId);
        if (matched !== undefined) {
          out.push({ ...g, matched });
        }
      }
      this.groupList = out;
    }
    return this.groupList;
  }

  /** A lead's matching contacts, sorted like the store's. */
  contactsOf(leadId: string | null): readonly ContactSummary[] {
    if (!this.perLead.has(leadId)) {
      return [];
    }
    return this.store.contactsOf(leadId).filter((c) => this.matchedSet.has(c));
  }

  has(contact: ContactSummary): boolean {
    return this.matchedSet.has(contact);
  }
}

/** Whether a lead's status (as Close names it) starts with one of the filter's status prefixes. */
export function statusMatches(status: string | undefined, prefixes: readonly string[]): boolean {
  if (prefixes.length === 0) {
    return true;
  }
  if (status === undefined) {
    return false;
  }
  const norm = normalize(status);
  return prefixes.some((p) => norm.startsWith(p));
}

/** Runs a filter over the store; results are kept until the store changes or the query does. */
export class ContactFilter {
  private last: { query: string; version: number; result: FilteredContacts } | undefined;

  constructor(
    private readonly store: ContactStore,
    private readonly index: SearchIndex,
  ) {}

  apply(query: string): FilteredContacts {
    const trimmed = query.trim();
    const version = this.store.version;
    if (this.last && this.last.query === trimmed && this.last.version === version) {
      return this.last.result;
    }
    const { words, statuses } = parseFilter(trimmed);
    const matched = new Set<ContactSummary>();
    const perLead = new Map<string | null, number>();
    const add = (c: ContactSummary): void => {
      matched.add(c);
      perLead.set(c.leadId, (perLead.get(c.leadId) ?? 0) + 1);
    };
    if (words.length === 0 && statuses.length > 0) {
      // Status alone: whole leads, no text to look at.
      for (const g of this.store.groups()) {
        if (g.leadId !== null && statusMatches(this.store.leadStatus(g.leadId), statuses)) {
          this.store.membersOf(g.leadId).forEach(add);
        }
      }
    } else {
      const leadOk = new Map<string | null, boolean>();
      for (const c of this.index.matchAll(words)) {
        // The index may hold a contact the store has just replaced: the store's record is shown.
        if (this.store.get(c.id) !== c) {
          continue;
        }
        let ok = leadOk.get(c.leadId);
        if (ok === undefined) {
          ok = statuses.length === 0 || (c.leadId !== null && statusMatches(this.store.leadStatus(c.leadId), statuses));
          leadOk.set(c.leadId, ok);
        }
        if (ok) {
          add(c);
        }
      }
    }
    const result = new FilteredContacts(trimmed, this.store, matched, perLead);
    this.last = { query: trimmed, version, result };
    return result;
  }
}
