// Tier 1 (every term starts a word) from the word-start postings, without scanning the text.
import type { ContactSummary } from '../contactSummary';
import { startsWord } from '../searchText';
import type { IndexParts } from './slots';
import { hasWordKey, wordKeysFor } from './wordStarts';

/** Word-start candidates above which tier 1 is collected in label order (stops when full). */
const MARK_WALK_FROM = 2000;
/** Candidates checked in label order before giving up for a scan. */
const MARK_WALK_BUDGET = 1500;
/** Terms this long are rare and found fast by `indexOf` (which skips ahead on long patterns). */
const LONG_TERM = 8;

/** Fewer contacts than needed are in tier 1: the caller needs tier 2 too. */
export const SHORT = 'short';

/**
 * Tier 1 from the word-start postings: contacts where every term starts a word, best first,
 * tier 0 (label starts with `whole`) left out. SHORT when fewer than `need` contacts are in
 * tier 1; undefined when the postings do not apply (a term without two leading word
 * characters) or would cost more than a scan.
 */
export function wordStartTier(parts: IndexParts, whole: string, terms: readonly string[], need: number): ContactSummary[] | typeof SHORT | undefined {
  if (!terms.every(hasWordKey)) {
    return undefined;
  }
  // The smallest candidate list drives; the other terms' lists narrow it down, each unless it is
  // 64 times longer or more (checking the candidates' text then costs less than the merge).
  const lists = terms.map((t) => wordStartSlots(parts, t)).sort((x, y) => x.length - y.length);
  let slots = lists[0];
  for (let k = 1; k < lists.length && slots.length > 0 && lists[k].length < slots.length * 64; k++) {
    slots = intersectSorted(slots, lists[k]);
  }
  if (slots.length < need) {
    return SHORT;
  }
  // A long term is rare: scanning the text for it beats checking thousands of candidates.
  if (slots.length > MARK_WALK_FROM && terms.some((t) => t.length >= LONG_TERM)) {
    return undefined;
  }
  const { text, leads } = parts;
  const contacts = parts.slots.contacts;
  const { order, rankOf } = parts.order;
  const isTier1 = (slot: number): boolean => {
    const c = contacts[slot];
    if (!c || text.labelStartsWith(slot, whole)) {
      return false; // dead, or tier 0 (already found)
    }
    const lead = leads.nameAt(slot);
    return terms.every((t) => (lead !== undefined && startsWord(lead, t)) || text.termIn(slot, t) === 2);
  };
  const out: ContactSummary[] = [];
  if (slots.length > MARK_WALK_FROM) {
    // Many candidates: check them in label order, stopping once the page is full.
    const ranks = new Int32Array(slots.length);
    let n = 0;
    for (let k = 0; k < slots.length; k++) {
      if (contacts[slots[k]] !== undefined) {
        ranks[n++] = rankOf[slots[k]]; // only live slots have a rank
      }
    }
    const sorted = ranks.subarray(0, n).sort();
    let budget = MARK_WALK_BUDGET;
    for (let k = 0; k < sorted.length && out.length < need && budget > 0; k++, budget--) {
      const slot = order[sorted[k]];
      if (isTier1(slot)) {
        out.push(contacts[slot] as ContactSummary);
      }
    }
    return out.length >= need ? out : budget > 0 ? SHORT : undefined;
  }
  const ranks: number[] = [];
  for (let k = 0; k < slots.length; k++) {
    if (isTier1(slots[k])) {
      ranks.push(rankOf[slots[k]]);
    }
  }
  if (ranks.length < need) {
    return SHORT;
  }
  const sorted = Int32Array.from(ranks).sort();
  for (let r = 0; r < need; r++) {
    out.push(contacts[order[sorted[r]]] as ContactSummary);
  }
  return out;
}

/**
 * Slots (ascending, maybe dead) that may have a word, or a lead name word, starting with
 * `term` (which starts with two word characters).
 */
function wordStartSlots(parts: IndexParts, term: string): Int32Array {
  // Lists to merge; a single list without lead matches is returned as it is.
  const lists = parts.postings.listsFor(term);
  const viaLead: number[] = [];
  const tables = parts.leads.prepared();
  const slotOf = parts.slots.slotOf;
  for (const k of wordKeysFor(term, tables.byPrefix)) {
    for (const leadId of tables.byKey.get(k) ?? []) {
      const name = parts.leads.byId(leadId);
      if (name === undefined || !startsWord(name, term)) {
        continue;
      }
      for (const c of parts.leadMembers(leadId)) {
        const slot = slotOf.get(c.id);
        if (slot !== undefined) {
          viaLead.push(slot);
        }
      }
    }
  }
  if (viaLead.length === 0 && lists.length <= 1) {
    return lists[0] ?? new Int32Array(0);
  }
  let total = viaLead.length;
  for (const p of lists) {
    total += p.length;
  }
  const all = new Int32Array(total);
  let at = 0;
  for (const p of lists) {
    all.set(p, at);
    at += p.length;
  }
  all.set(viaLead, at);
  all.sort();
  let n = 0;
  for (let k = 0; k < all.length; k++) {
    if (n === 0 || all[n - 1] !== all[k]) {
      all[n++] = all[k];
    }
  }
  return all.subarray(0, n);
}

function intersectSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const v = a[i];
    while (j < b.length && b[j] < v) {
      j++;
    }
    if (j < b.length && b[j] === v) {
      out[n++] = v;
      j++;
    }
  }
  return out.subarray(0, n);
}
