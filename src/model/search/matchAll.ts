// Every match of a query, unranked: what the tree filter needs (a count per lead, and whether
// a given contact matched), for any number of matches.
import type { ContactSummary } from '../contactSummary';
import { parseQuery } from '../searchText';
import { markPacked } from './packed';
import type { LeadNames } from './leadNames';
import type { IndexParts, SlotTable } from './slots';
import type { TextChunks } from './textChunks';

export type MatchPlan = 'all' | 'scan' | 'narrowed';

/** What `matchAll` found: a mark per slot as they were when it ran (`has` finds the contact's slot as it is now). */
export class IndexMatches {
  private counts: Int32Array | undefined;

  constructor(
    private readonly slots: Int32Array,
    private readonly hit: Uint8Array,
    private readonly slotContact: readonly (ContactSummary | undefined)[],
    private readonly slotOf: ReadonlyMap<string, number>,
    private readonly slotLead: Int32Array,
    private readonly leadNumbers: ReadonlyMap<string, number>,
  ) {}

  get count(): number {
    return this.slots.length;
  }

  /** Whether this very record (not an older or newer one of the same id) matched. */
  has(contact: ContactSummary): boolean {
    const slot = this.slotOf.get(contact.id);
    return slot !== undefined && this.hit[slot] === 1 && this.slotContact[slot] === contact;
  }

  /** Matches among a lead's contacts (null: the contacts without a lead). */
  countOf(leadId: string | null): number {
    if (!this.counts) {
      // Lead numbers only grow, so the largest is below the map's size.
      this.counts = new Int32Array(this.leadNumbers.size + 1);
      for (const slot of this.slots) {
        this.counts[this.slotLead[slot] + 1]++;
      }
    }
    const n = leadId === null ? -1 : this.leadNumbers.get(leadId);
    return n === undefined ? 0 : (this.counts[n + 1] ?? 0);
  }
}

export class Matcher {
  /** The last match: a query that only narrows it is answered from its slots. */
  private last: { terms: readonly string[]; slots: Int32Array; generation: number } | undefined;
  /** How the last `matchAll` found its results. */
  lastPlan: MatchPlan = 'all';

  private readonly slots: SlotTable;
  private readonly text: TextChunks;
  private readonly leads: LeadNames;

  constructor(parts: IndexParts) {
    ({ slots: this.slots, text: this.text, leads: this.leads } = parts);
  }

  forget(): void {
    this.last = undefined;
  }

  /**
   * Every contact matching `query` (the rules of `search`); the index must be drained and
   * `generation` must change with anything a query can match. The packed text is scanned
   * once for the rarest term, one `indexOf` per matching contact; lead names are matched once
   * per lead and spread to their contacts through a lead number per slot. A query that only
   * narrows the previous one (each earlier term inside a new term, as while typing) checks
   * the previous matches instead, when they are few.
   */
  matchAll(query: string, generation: number): IndexMatches {
    const { text, leads } = this;
    const contacts = this.slots.contacts;
    const q = parseQuery(query);
    const n = contacts.length;
    const hit = new Uint8Array(n);
    const prev = this.last;
    if (q.terms.length === 0) {
      this.lastPlan = 'all';
      for (let slot = 0; slot < n; slot++) {
        hit[slot] = contacts[slot] === undefined ? 0 : 1;
      }
    } else if (
      prev !== undefined &&
      prev.generation === generation &&
      prev.slots.length * 4 <= this.slots.size &&
      prev.terms.every((old) => q.terms.some((t) => t.includes(old)))
    ) {
      this.lastPlan = 'narrowed';
      for (const slot of prev.slots) {
        hit[slot] = this.matchesAll(slot, q.terms) ? 1 : 0;
      }
    } else {
      this.lastPlan = 'scan';
      const driver = text.rarest(q.terms);
      const skip = text.rarestCharAt(driver);
      text.mark(driver, skip, hit);
      const tables = leads.prepared();
      const leadHit = new Uint8Array(leads.count);
      let anyLead = false;
      markPacked(tables.packed, driver, skip, 0, leadHit, tables.numbers);
      for (let k = 0; k < leadHit.length && !anyLead; k++) {
        anyLead = leadHit[k] === 1;
      }
      const slotLead = leads.slotLead;
      const others = q.terms.filter((t) => t !== driver);
      for (let slot = 0; slot < n; slot++) {
        if (hit[slot] === 0 && anyLead && slotLead[slot] >= 0 && leadHit[slotLead[slot]] === 1) {
          hit[slot] = 1;
        }
        if (hit[slot] === 1 && (contacts[slot] === undefined || (others.length > 0 && !this.matchesAll(slot, others)))) {
          hit[slot] = 0;
        }
      }
    }
    let count = 0;
    for (let slot = 0; slot < n; slot++) {
      count += hit[slot];
    }
    const slots = new Int32Array(count);
    for (let slot = 0, k = 0; slot < n; slot++) {
      if (hit[slot] === 1) {
        slots[k++] = slot;
      }
    }
    this.last = { terms: q.terms, slots, generation };
    return new IndexMatches(slots, hit, contacts, this.slots.slotOf, leads.slotLead, leads.numbers);
  }

  /** Whether a live contact holds every term in its fields, phone digits or lead name. */
  private matchesAll(slot: number, terms: readonly string[]): boolean {
    const c = this.slots.contacts[slot];
    if (!c) {
      return false;
    }
    const lead = this.leads.nameAt(slot);
    return terms.every((t) => (lead !== undefined && lead.includes(t)) || this.text.termIn(slot, t) !== 0);
  }
}
