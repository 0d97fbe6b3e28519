// Ranked search (rules in searchText.ts). A query is answered by the cheapest of, in order:
// the label-order range (tier 0); the word-start postings, which give tier 1 without reading
// text (wordStartTier.ts); a walk of the label order for common terms (orderWalk.ts); a scan
// of the packed text for the rarest term, which `indexOf` runs from the term's least
// frequent character.
import type { ContactSummary } from '../contactSummary';
import { parseQuery, startsWord } from '../searchText';
import { WALK_LIMIT, walkOrder } from './orderWalk';
import { scanPacked } from './packed';
import type { IndexParts } from './slots';
import { isDigitTerm } from './textChunks';
import { SHORT, wordStartTier } from './wordStartTier';

/**
 * labelPrefix: the label-order range alone filled the page; wordStarts: tier 1 from the
 * word-start postings; walk: the label order walked; scan: the packed text scanned.
 */
export type SearchPlan = 'none' | 'labelPrefix' | 'wordStarts' | 'walk' | 'scan';

export class QueryPlanner {
  /** Per-query marks (1 = found, 2 = found at a word start), reset after each scan. */
  private marks = new Uint8Array(0);
  /** How the last search found its results. */
  lastPlan: SearchPlan = 'none';

  constructor(private readonly parts: IndexParts) {}

  /** Best matches first, at most `limit` (rules in searchText.ts); the index must be drained. */
  search(query: string, limit: number): ContactSummary[] {
    this.lastPlan = 'none';
    if (limit <= 0) {
      return [];
    }
    const { parts } = this;
    parts.order.merge(parts.slots, (slot) => parts.text.labelKey(slot));
    const q = parseQuery(query);
    this.lastPlan = 'labelPrefix';
    if (q.terms.length === 0) {
      return this.firstByLabel(limit);
    }
    // Labels starting with the query form one range of the label order (tier 0).
    const withDigits = q.terms.some(isDigitTerm);
    const first = this.prefixRange(q.whole, q.terms, limit, withDigits);
    if (first.length >= limit) {
      return first;
    }
    const byWordStarts = wordStartTier(parts, q.whole, q.terms, limit - first.length);
    if (Array.isArray(byWordStarts)) {
      this.lastPlan = 'wordStarts';
      return first.concat(byWordStarts);
    }
    // The walk is pointless when tier 1 is known to be short and the order is longer than the walk.
    const walked = byWordStarts === SHORT && parts.order.order.length > WALK_LIMIT ? undefined : walkOrder(parts, q.whole, q.terms, limit - first.length, withDigits);
    if (walked) {
      this.lastPlan = 'walk';
      return first.concat(walked);
    }
    this.lastPlan = 'scan';
    return this.scanTiers(q.whole, q.terms, limit, first);
  }

  private firstByLabel(limit: number): ContactSummary[] {
    const { order } = this.parts.order;
    const contacts = this.parts.slots.contacts;
    const out: ContactSummary[] = [];
    for (let r = 0; r < order.length && out.length < limit; r++) {
      const c = contacts[order[r]];
      if (c) {
        out.push(c);
      }
    }
    return out;
  }

  /** The first `limit` matches whose label starts with `whole` (tier 0), in rank order. */
  private prefixRange(whole: string, terms: readonly string[], limit: number, withDigits: boolean): ContactSummary[] {
    const { text, leads } = this.parts;
    const { order } = this.parts.order;
    const contacts = this.parts.slots.contacts;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // The haystack starts with the label key then a separator below every text character,
      // so it orders against `whole` exactly as the key does.
      if (text.haystack(order[mid], false) < whole) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const out: ContactSummary[] = [];
    for (let r = lo; r < order.length && out.length < limit; r++) {
      const slot = order[r];
      if (!text.haystack(slot, false).startsWith(whole)) {
        break;
      }
      const c = contacts[slot];
      if (!c) {
        continue;
      }
      if (terms.length !== 1 || terms[0] !== whole) {
        const hay = text.haystack(slot, withDigits);
        const lead = leads.nameAt(slot);
        if (!terms.every((t) => hay.includes(t) || (lead !== undefined && lead.includes(t)))) {
          continue;
        }
      }
      out.push(c);
    }
    return out;
  }

  /** Tiers 1 and 2 from every contact holding the rarest term, after `first` (tier 0). */
  private scanTiers(whole: string, terms: readonly string[], limit: number, first: ContactSummary[]): ContactSummary[] {
    const { text, leads } = this.parts;
    const { order, rankOf } = this.parts.order;
    const contacts = this.parts.slots.contacts;
    const driver = text.rarest(terms);
    const others = terms.filter((t) => t !== driver);
    const { slots, wordStart } = this.candidatesFor(driver);
    // Ranks (positions in label order) per tier; sorting ints is cheap even for many matches.
    const tiers: number[][] = [[], []];
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k];
      const c = contacts[slot];
      if (!c) {
        continue;
      }
      let allStartWords = wordStart[k] === 1;
      if (others.length > 0) {
        const lead = leads.nameAt(slot);
        let ok = true;
        for (const t of others) {
          const inLead = lead === undefined ? 0 : lead.includes(t) ? (startsWord(lead, t) ? 2 : 1) : 0;
          const found = inLead === 2 ? 2 : Math.max(inLead, text.termIn(slot, t));
          if (found === 0) {
            ok = false;
            break;
          }
          if (found === 1) {
            allStartWords = false;
          }
        }
        if (!ok) {
          continue;
        }
      }
      if (text.labelStartsWith(slot, whole)) {
        continue; // tier 0: already in `first`
      }
      tiers[allStartWords ? 0 : 1].push(rankOf[slot]);
    }
    const out = first;
    for (const ranks of tiers) {
      if (out.length >= limit) {
        break;
      }
      const sorted = Int32Array.from(ranks).sort();
      for (let r = 0; r < sorted.length && out.length < limit; r++) {
        out.push(contacts[order[sorted[r]]] as ContactSummary);
      }
    }
    return out;
  }

  /**
   * Slots whose haystack or lead name holds `term`, each with whether it occurs at the start
   * of a word there (for the ranking).
   */
  private candidatesFor(term: string): { slots: number[]; wordStart: Uint8Array } {
    const { text, leads, leadMembers } = this.parts;
    const slotOf = this.parts.slots.slotOf;
    const marks = this.markBuffer();
    const slots: number[] = [];
    const found = (slot: number, atWordStart: boolean): void => {
      if (marks[slot] === 0) {
        slots.push(slot);
      }
      if (marks[slot] !== 2) {
        marks[slot] = atWordStart ? 2 : 1;
      }
    };
    const skip = text.rarestCharAt(term);
    text.scan(term, skip, found);
    const tables = leads.prepared();
    scanPacked(tables.packed, term, skip, 0, (i, atWordStart) => {
      for (const c of leadMembers(tables.ids[i])) {
        const slot = slotOf.get(c.id);
        if (slot !== undefined) {
          found(slot, atWordStart);
        }
      }
    });
    const wordStart = new Uint8Array(slots.length);
    for (let k = 0; k < slots.length; k++) {
      wordStart[k] = marks[slots[k]] === 2 ? 1 : 0;
      marks[slots[k]] = 0;
    }
    return { slots, wordStart };
  }

  private markBuffer(): Uint8Array {
    const length = this.parts.slots.length;
    if (this.marks.length < length) {
      this.marks = new Uint8Array(Math.max(1024, Math.ceil(length * 1.25)));
    }
    return this.marks;
  }
}
