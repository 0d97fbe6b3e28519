// The tree's filter: which leads and contacts stay on screen for a query. Words match like
// search (searchText.ts) through the search index's `matchAll`; `status:qualified` keeps the
// leads whose status starts with that text (case and accents ignored), and combines with words.
import type { ContactsModel, LeadGroup } from './contactsModel';
import type { ContactSummary } from './contactSummary';
import type { SearchIndex } from './search/searchIndex';
import { normalize } from './searchText';

const STATUS_TERM = /^status:(.*)$/i;

/**
 * Under a filter the tree opens the matching leads when there are at most this many: VS Code
 * asks for the rows of every open lead at once, and thousands of open leads would stall it.
 */
export const FILTER_EXPAND_MAX_LEADS = 200;

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
  /** Contacts that match. */
  readonly matched: number;
  private shownSet: ReadonlySet<string | null> | undefined;

  constructor(
    /** The query as typed (trimmed). */
    readonly query: string,
    private readonly store: ContactsModel,
    private readonly groupList: readonly FilteredGroup[],
    private readonly isMatch: (contact: ContactSummary) => boolean,
  ) {
    let n = 0;
    for (const g of groupList) {
      n += g.matched;
    }
    this.matched = n;
  }

  /** The leads shown (built when first asked: the root rows do not need it). */
  private get shown(): ReadonlySet<string | null> {
    this.shownSet ??= new Set(this.groupList.map((g) => g.leadId));
    return this.shownSet;
  }

  /** Contacts loaded, matching or not. */
  get total(): number {
    return this.store.size;
  }

  /** The groups with at least one match, in the store's order. */
  groups(): readonly FilteredGroup[] {
    return this.groupList;
  }

  /** A lead's matching contacts, sorted like the store's. */
  contactsOf(leadId: string | null): readonly ContactSummary[] {
    return this.shown.has(leadId) ? this.store.contactsOf(leadId).filter(this.isMatch) : [];
  }

  has(contact: ContactSummary): boolean {
    return this.shown.has(contact.leadId) && this.isMatch(contact);
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
    private readonly store: ContactsModel,
    private readonly index: SearchIndex,
  ) {}

  apply(query: string): FilteredContacts {
    const trimmed = query.trim();
    const version = this.store.version;
    if (this.last && this.last.query === trimmed && this.last.version === version) {
      return this.last.result;
    }
    const { words, statuses } = parseFilter(trimmed);
    // A handful of statuses name every lead: each is compared once.
    const statusOk = new Map<string | undefined, boolean>();
    const leadOk = (leadId: string | null): boolean => {
      if (statuses.length === 0) {
        return true;
      }
      if (leadId === null) {
        return false;
      }
      const status = this.store.leadStatus(leadId);
      let ok = statusOk.get(status);
      if (ok === undefined) {
        ok = statusMatches(status, statuses);
        statusOk.set(status, ok);
      }
      return ok;
    };
    const matches = words.length > 0 ? this.index.matchAll(words) : undefined;
    const groups: FilteredGroup[] = [];
    for (const g of this.store.groups()) {
      if (!leadOk(g.leadId)) {
        continue;
      }
      const matched = matches ? matches.countOf(g.leadId) : g.count;
      if (matched > 0) {
        groups.push({ leadId: g.leadId, label: g.label, named: g.named, count: g.count, status: g.status, matched });
      }
    }
    // Status alone keeps whole leads: every contact of a lead shown is a match.
    const isMatch = matches ? (c: ContactSummary): boolean => matches.has(c) : (c: ContactSummary): boolean => this.store.get(c.id) === c;
    const result = new FilteredContacts(trimmed, this.store, groups, isMatch);
    this.last = { query: trimmed, version, result };
    return result;
  }
}
