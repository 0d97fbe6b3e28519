// Search over loaded contacts without visiting every record object.
//
// Each contact's normalised fields (see searchText.ts) are joined into one short "haystack";
// haystacks are packed into chunk strings of CHUNK_SIZE contacts, so a term is found with a
// few native `indexOf` calls per chunk instead of a loop over 50,000 objects, and the whole
// index costs about one byte per searchable character. Lead names are matched separately
// (they arrive after the contacts and change without touching the contacts).
// A query is answered by the cheapest of, in order: the label-order range (tier 0); the
// word-start postings (slots per three-character word prefix, in typed arrays), which give
// tier 1 without reading text; a walk of the label order (common terms); a scan of the packed
// text for the rarest term, which `indexOf` runs from the term's least frequent character.
// Updates are queued and applied in `drain()`, which callers run in time-boxed slices.
import type { ContactSummary } from './contactSummary';
import { isWordChar, normalize, parseQuery, searchFieldGroups, startsWord } from './searchText';

const CHUNK_SIZE = 512;
/** Contacts visited in label order before falling back to scanning the whole index. */
const WALK_LIMIT = 5000;
/** Contacts sampled (spread over the index) to estimate how common a term is. */
const WALK_SAMPLE = 200;
/** Word-start candidates above which tier 1 is collected in label order (stops when full). */
const MARK_WALK_FROM = 2000;
/** Candidates checked in label order before giving up for a scan. */
const MARK_WALK_BUDGET = 1500;
/** Terms this long are rare and found fast by `indexOf` (which skips ahead on long patterns). */
const LONG_TERM = 8;
const SHORT = 'short';
const FIELD_SEP = '\u0001';
const CONTACT_SEP = '\u0000';

type Offsets = Uint16Array | Uint32Array;

/** Packed haystacks of CHUNK_SIZE contacts. */
interface Packed {
  /** Haystacks while the chunk is filling; undefined once sealed into `text`. */
  parts: string[] | undefined;
  text: string;
  /** Start offset of each haystack in `text`, plus one past the end. */
  starts: Offsets | undefined;
}

/** Text fields and phone digits apart: a term with a non-digit never needs the digits scanned. */
interface Chunk {
  text: Packed;
  digits: Packed;
}

const DIGIT_TERM = /^\d+$/;

/**
 * labelPrefix: the label-order range alone filled the page; wordStarts: tier 1 from the
 * word-start postings; walk: the label order walked; scan: the packed text scanned.
 */
export type SearchPlan = 'none' | 'labelPrefix' | 'wordStarts' | 'walk' | 'scan';

type Op = { add: ContactSummary } | { remove: string };

export class SearchIndex {
  private chunks: Chunk[] = [];
  private slotContact: (ContactSummary | undefined)[] = [];
  /** Slots sorted by (key, id), merged lazily with `tail` (slots added since). May hold dead slots. */
  private order = new Int32Array(0);
  private rankOf = new Int32Array(0);
  private tail: number[] = [];
  /** Per-query marks (1 = found, 2 = found at a word start), reset after each scan. */
  private marks = new Uint8Array(0);
  /** Tier 1 without scanning: slots with a word starting with each two-character key. */
  private wordStarts = new Map<string, Postings>();
  /** How often each ASCII character occurs in the indexed text (for `rarestCharAt`). */
  private charCounts = new Float64Array(128);
  /** The keys of `wordStarts` by their first two characters (for two-character terms). */
  private wordKeysByPrefix = new Map<string, string[]>();
  /** The same for lead names (lead ids), rebuilt when lead names changed. */
  private leadTables: LeadTables | undefined;
  private readonly slotOf = new Map<string, number>();
  private dead = 0;
  private queue: Op[] = [];
  private queueHead = 0;
  private readonly leadNorm = new Map<string, string>();
  /** How the last search found its results (for tests and diagnostics). */
  lastPlan: SearchPlan = 'none';
  /** Bumped by every change of what a query can match (slots, text, lead names). */
  private generation = 0;
  /** The last `matchAll`: a query that only narrows it is answered from its slots. */
  private lastMatch: { terms: readonly string[]; slots: Int32Array; generation: number } | undefined;
  /** Each slot's lead number (an index into `leadIds`), -1 without a lead. */
  private slotLead = new Int32Array(1024);
  private leadIds: string[] = [];
  private readonly leadNumbers = new Map<string, number>();
  /** How the last `matchAll` found its results (for tests and diagnostics). */
  lastMatchPlan: 'all' | 'scan' | 'narrowed' = 'all';

  /** @param leadMembers a lead's contacts (to match contacts by their lead's name). */
  constructor(private readonly leadMembers: (leadId: string) => readonly ContactSummary[] = () => []) {}

  get pending(): number {
    return this.queue.length - this.queueHead;
  }

  get size(): number {
    return this.slotOf.size;
  }

  upsert(contacts: Iterable<ContactSummary>): void {
    for (const c of contacts) {
      this.queue.push({ add: c });
    }
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      this.queue.push({ remove: id });
    }
  }

  setLeadName(leadId: string, name: string): void {
    const norm = normalize(name);
    if (this.leadNorm.get(leadId) === norm) {
      return;
    }
    this.leadNorm.set(leadId, norm);
    this.leadTables = undefined;
    this.generation++;
  }

  clear(): void {
    this.generation++;
    this.lastMatch = undefined;
    this.slotLead = new Int32Array(1024);
    this.leadIds = [];
    this.leadNumbers.clear();
    this.chunks = [];
    this.slotContact = [];
    this.resetOrder();
    this.slotOf.clear();
    this.dead = 0;
    this.queue = [];
    this.queueHead = 0;
    this.leadNorm.clear();
    this.wordStarts = new Map();
    this.wordKeysByPrefix = new Map();
    this.charCounts = new Float64Array(128);
    this.leadTables = undefined;
  }

  private resetOrder(): void {
    this.order = new Int32Array(0);
    this.rankOf = new Int32Array(0);
    this.tail = [];
  }

  /** Applies queued updates; stops after `budgetMs` (default: until done). Returns true when done. */
  drain(budgetMs = Infinity): boolean {
    const deadline = budgetMs === Infinity ? Infinity : performance.now() + budgetMs;
    while (this.queueHead < this.queue.length) {
      const end = Math.min(this.queue.length, this.queueHead + 64);
      for (; this.queueHead < end; this.queueHead++) {
        const op = this.queue[this.queueHead];
        if ('add' in op) {
          this.add(op.add);
        } else {
          this.drop(op.remove);
        }
      }
      if (performance.now() > deadline) {
        break;
      }
    }
    if (this.queueHead >= this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
      if (this.dead > 1024 && this.dead > this.slotContact.length * 0.3) {
        this.compact();
      }
      return true;
    }
    return false;
  }

  /**
   * Every contact matching `query` (the rules of `search`), unranked. The packed text is
   * scanned once for the rarest term, one `indexOf` per matching contact; lead names are
   * matched once per lead and spread to their contacts through a lead number per slot. A
   * query that only narrows the previous one (each earlier term inside a new term, as while
   * typing) checks the previous matches instead, when they are few.
   */
  matchAll(query: string): IndexMatches {
    this.drain();
    const q = parseQuery(query);
    const n = this.slotContact.length;
    const hit = new Uint8Array(n);
    const prev = this.lastMatch;
    if (q.terms.length === 0) {
      this.lastMatchPlan = 'all';
      for (let slot = 0; slot < n; slot++) {
        hit[slot] = this.slotContact[slot] === undefined ? 0 : 1;
      }
    } else if (
      prev !== undefined &&
      prev.generation === this.generation &&
      prev.slots.length * 4 <= this.slotOf.size &&
      prev.terms.every((old) => q.terms.some((t) => t.includes(old)))
    ) {
      this.lastMatchPlan = 'narrowed';
      for (const slot of prev.slots) {
        hit[slot] = this.matchesAll(slot, q.terms) ? 1 : 0;
      }
    } else {
      this.lastMatchPlan = 'scan';
      const driver = this.rarest(q.terms);
      const skip = this.rarestCharAt(driver);
      const scanDigits = DIGIT_TERM.test(driver);
      for (let ci = 0; ci < this.chunks.length; ci++) {
        markPacked(this.chunks[ci].text, driver, skip, ci * CHUNK_SIZE, hit);
        if (scanDigits) {
          markPacked(this.chunks[ci].digits, driver, skip, ci * CHUNK_SIZE, hit);
        }
      }
      const leads = this.leads();
      const leadHit = new Uint8Array(this.leadIds.length);
      let anyLead = false;
      markPacked(leads.packed, driver, skip, 0, leadHit, leads.numbers);
      for (let k = 0; k < leadHit.length && !anyLead; k++) {
        anyLead = leadHit[k] === 1;
      }
      const others = q.terms.filter((t) => t !== driver);
      for (let slot = 0; slot < n; slot++) {
        if (hit[slot] === 0 && anyLead && this.slotLead[slot] >= 0 && leadHit[this.slotLead[slot]] === 1) {
          hit[slot] = 1;
        }
        if (hit[slot] === 1 && (this.slotContact[slot] === undefined || (others.length > 0 && !this.matchesAll(slot, others)))) {
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
    this.lastMatch = { terms: q.terms, slots, generation: this.generation };
    return new IndexMatches(slots, hit, this.slotContact, this.slotOf, this.slotLead, this.leadNumbers);
  }

  /** Whether a live contact holds every term in its fields, phone digits or lead name. */
  private matchesAll(slot: number, terms: readonly string[]): boolean {
    const c = this.slotContact[slot];
    if (!c) {
      return false;
    }
    const lead = c.leadId !== null ? this.leadNorm.get(c.leadId) : undefined;
    return terms.every((t) => (lead !== undefined && lead.includes(t)) || this.termIn(slot, t) !== 0);
  }

  /** Best matches first, at most `limit` (rules in searchText.ts). */
  search(query: string, limit: number): ContactSummary[] {
    this.drain();
    this.lastPlan = 'none';
    if (limit <= 0) {
      return [];
    }
    this.ensureOrder();
    const q = parseQuery(query);
    this.lastPlan = 'labelPrefix';
    if (q.terms.length === 0) {
      const out: ContactSummary[] = [];
      for (let r = 0; r < this.order.length && out.length < limit; r++) {
        const c = this.slotContact[this.order[r]];
        if (c) {
          out.push(c);
        }
      }
      return out;
    }
    // Labels starting with the query form one range of the label order (tier 0).
    const withDigits = q.terms.some((t) => DIGIT_TERM.test(t));
    const first = this.prefixRange(q.whole, q.terms, limit, withDigits);
    if (first.length >= limit) {
      return first;
    }
    const byWordStarts = this.wordStartTier(q.whole, q.terms, limit - first.length);
    if (Array.isArray(byWordStarts)) {
      this.lastPlan = 'wordStarts';
      return first.concat(byWordStarts);
    }
    // Common terms: walking the label order finds the best word-prefix matches within a few
    // thousand contacts, without looking at the rest (pointless when tier 1 is known short).
    const walked = byWordStarts === SHORT && this.order.length > WALK_LIMIT ? undefined : this.walkOrder(q.whole, q.terms, limit - first.length, withDigits);
    if (walked) {
      this.lastPlan = 'walk';
      return first.concat(walked);
    }
    this.lastPlan = 'scan';
    const driver = this.rarest(q.terms);
    const others = q.terms.filter((t) => t !== driver);
    const { slots, wordStart } = this.candidatesFor(driver);
    // Ranks (positions in label order) per tier; sorting ints is cheap even for many matches.
    const tiers: number[][] = [[], [], []];
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k];
      const c = this.slotContact[slot];
      if (!c) {
        continue;
      }
      let allStartWords = wordStart[k] === 1;
      if (others.length > 0) {
        const lead = c.leadId !== null ? this.leadNorm.get(c.leadId) : undefined;
        let ok = true;
        for (const t of others) {
          const inLead = lead === undefined ? 0 : lead.includes(t) ? (startsWord(lead, t) ? 2 : 1) : 0;
          const found = inLead === 2 ? 2 : Math.max(inLead, this.termIn(slot, t));
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
      if (this.labelStartsWith(slot, q.whole)) {
        continue; // tier 0: already in `first`
      }
      tiers[allStartWords ? 1 : 2].push(this.rankOf[slot]);
    }
    const out: ContactSummary[] = first;
    for (const ranks of tiers) {
      if (out.length >= limit) {
        break;
      }
      const sorted = Int32Array.from(ranks).sort();
      for (let r = 0; r < sorted.length && out.length < limit; r++) {
        out.push(this.slotContact[this.order[sorted[r]]] as ContactSummary);
      }
    }
    return out;
  }

  /** The first `limit` matches whose label starts with `whole` (tier 0), in rank order. */
  private prefixRange(whole: string, terms: readonly string[], limit: number, withDigits: boolean): ContactSummary[] {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // The haystack starts with the label key then a separator below every text character,
      // so it orders against `whole` exactly as the key does.
      if (this.haystack(this.order[mid], false) < whole) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const out: ContactSummary[] = [];
    for (let r = lo; r < this.order.length && out.length < limit; r++) {
      const slot = this.order[r];
      if (!this.haystack(slot, false).startsWith(whole)) {
        break;
      }
      const c = this.slotContact[slot];
      if (!c) {
        continue;
      }
      if (terms.length !== 1 || terms[0] !== whole) {
        const hay = this.haystack(slot, withDigits);
        const lead = c.leadId !== null ? this.leadNorm.get(c.leadId) : undefined;
        if (!terms.every((t) => hay.includes(t) || (lead !== undefined && lead.includes(t)))) {
          continue;
        }
      }
      out.push(c);
    }
    return out;
  }

  /**
   * Tier 1 (and, when the whole order fits in the walk, tier 2) by visiting contacts in rank
   * order. Undefined when `need` tier-1 matches were not found within WALK_LIMIT contacts:
   * the caller then scans the index for every candidate.
   */
  private walkOrder(whole: string, terms: readonly string[], need: number, withDigits: boolean): ContactSummary[] | undefined {
    const tier1: ContactSummary[] = [];
    const tier2: ContactSummary[] = [];
    const steps = Math.min(this.order.length, WALK_LIMIT);
    // Rare terms: a sample across the index says the walk would not fill the page in time.
    if (steps < this.order.length && this.sampleMatches(terms, withDigits) * (steps / WALK_SAMPLE) < 3 * need) {
      return undefined;
    }
    for (let r = 0; r < steps; r++) {
      const slot = this.order[r];
      const c = this.slotContact[slot];
      if (!c) {
        continue;
      }
      const hay = this.haystack(slot, withDigits);
      if (hay.startsWith(whole)) {
        continue;
      }
      const lead = c.leadId !== null ? this.leadNorm.get(c.leadId) : undefined;
      let match = true;
      let wordStarts = true;
      for (const t of terms) {
        if (!(hay.includes(t) || (lead !== undefined && lead.includes(t)))) {
          match = false;
          break;
        }
        if (wordStarts && !(startsWord(hay, t) || (lead !== undefined && startsWord(lead, t)))) {
          wordStarts = false;
        }
      }
      if (!match) {
        continue;
      }
      if (wordStarts) {
        tier1.push(c);
        if (tier1.length >= need) {
          return tier1;
        }
      } else if (tier2.length < need) {
        tier2.push(c);
      }
    }
    if (steps === this.order.length) {
      return tier1.concat(tier2).slice(0, need);
    }
    return undefined;
  }

  /**
   * Tier 1 from the word-start postings: contacts where every term starts a word, best first.
   * SHORT when fewer than `need` contacts are in tier 1 (the caller then needs tier 2 too);
   * undefined when the postings do not apply (a term with fewer than two leading word
   * characters) or would cost more than a scan.
   */
  private wordStartTier(whole: string, terms: readonly string[], need: number): ContactSummary[] | typeof SHORT | undefined {
    if (!terms.every((t) => isWordChar(t, 0) && t.length > 1 && isWordChar(t, 1))) {
      return undefined;
    }
    // The smallest candidate list drives; other terms with a single exact list narrow it down.
    const lists = terms.map((t) => this.wordStartSlots(t)).sort((x, y) => x.length - y.length);
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
    const isTier1 = (slot: number): boolean => {
      const c = this.slotContact[slot];
      if (!c || this.labelStartsWith(slot, whole)) {
        return false; // dead, or tier 0 (already found)
      }
      const lead = c.leadId !== null ? this.leadNorm.get(c.leadId) : undefined;
      return terms.every((t) => (lead !== undefined && startsWord(lead, t)) || this.termIn(slot, t) === 2);
    };
    const out: ContactSummary[] = [];
    if (slots.length > MARK_WALK_FROM) {
      // Many candidates: check them in label order, stopping once the page is full.
      const ranks = new Int32Array(slots.length);
      let n = 0;
      for (let k = 0; k < slots.length; k++) {
        if (this.slotContact[slots[k]] !== undefined) {
          ranks[n++] = this.rankOf[slots[k]]; // only live slots have a rank
        }
      }
      const sorted = ranks.subarray(0, n).sort();
      let budget = MARK_WALK_BUDGET;
      for (let k = 0; k < sorted.length && out.length < need && budget > 0; k++, budget--) {
        const slot = this.order[sorted[k]];
        if (isTier1(slot)) {
          out.push(this.slotContact[slot] as ContactSummary);
        }
      }
      return out.length >= need ? out : budget > 0 ? SHORT : undefined;
    }
    const ranks: number[] = [];
    for (let k = 0; k < slots.length; k++) {
      if (isTier1(slots[k])) {
        ranks.push(this.rankOf[slots[k]]);
      }
    }
    if (ranks.length < need) {
      return SHORT;
    }
    const sorted = Int32Array.from(ranks).sort();
    for (let r = 0; r < need; r++) {
      out.push(this.slotContact[this.order[sorted[r]]] as ContactSummary);
    }
    return out;
  }

  private markBuffer(): Uint8Array {
    if (this.marks.length < this.slotContact.length) {
      this.marks = new Uint8Array(Math.max(1024, Math.ceil(this.slotContact.length * 1.25)));
    }
    return this.marks;
  }

  /**
   * Slots (ascending, maybe dead) that may have a word, or a lead name word, starting with
   * `term` (which starts with two word characters).
   */
  private wordStartSlots(term: string): Int32Array {
    const exact = term.length > 2 && isWordChar(term, 2);
    const key = term.slice(0, exact ? 3 : 2);
    // Lists to merge; a single exact list without lead matches is returned as it is.
    const parts: Int32Array[] = [];
    for (const k of exact ? [key] : (this.wordKeysByPrefix.get(key) ?? [])) {
      const list = this.wordStarts.get(k);
      if (list) {
        parts.push(list.ids.subarray(0, list.n));
      }
    }
    const viaLead: number[] = [];
    const leads = this.leads();
    for (const k of exact ? [key] : (leads.byPrefix.get(key) ?? [])) {
      for (const leadId of leads.byKey.get(k) ?? []) {
        const name = this.leadNorm.get(leadId);
        if (name === undefined || !startsWord(name, term)) {
          continue;
        }
        for (const c of this.leadMembers(leadId)) {
          const slot = this.slotOf.get(c.id);
          if (slot !== undefined) {
            viaLead.push(slot);
          }
        }
      }
    }
    if (viaLead.length === 0 && parts.length <= 1) {
      return parts[0] ?? new Int32Array(0);
    }
    let total = viaLead.length;
    for (const p of parts) {
      total += p.length;
    }
    const all = new Int32Array(total);
    let at = 0;
    for (const p of parts) {
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

  /** Where the least frequent character of `term` is (ASCII counted; others taken as rare). */
  private rarestCharAt(term: string): number {
    let best = 0;
    let bestCount = Infinity;
    // The last character is left out: a one-character pattern matches too often.
    for (let k = 0; k < term.length - 1; k++) {
      const code = term.charCodeAt(k);
      const count = code < 128 ? this.charCounts[code] : 0;
      if (count < bestCount) {
        best = k;
        bestCount = count;
      }
    }
    return best;
  }

  /** Lead names packed for scanning, and their word-start keys; rebuilt after lead names change. */
  private leads(): LeadTables {
    if (this.leadTables) {
      return this.leadTables;
    }
    const byKey = new Map<string, string[]>();
    const byPrefix = new Map<string, string[]>();
    const ids: string[] = [];
    const names: string[] = [];
    for (const [leadId, name] of this.leadNorm) {
      ids.push(leadId);
      names.push(name);
      forEachWordKey(name, (key) => {
        const list = byKey.get(key);
        if (!list) {
          byKey.set(key, [leadId]);
          addToList(byPrefix, key.slice(0, 2), key);
        } else if (list[list.length - 1] !== leadId) {
          list.push(leadId);
        }
      });
    }
    const packed: Packed = { parts: names, text: '', starts: undefined };
    seal(packed);
    const numbers = Int32Array.from(ids, (id) => this.leadNumber(id));
    this.leadTables = { byKey, byPrefix, ids, packed, numbers };
    return this.leadTables;
  }

  /** The term found in the fewest contacts of a few sample chunks (ties: the longest). */
  private rarest(terms: readonly string[]): string {
    if (terms.length === 1) {
      return terms[0];
    }
    const sealed = this.chunks.filter((c) => c.text.parts === undefined);
    const probes = sealed.length <= 3 ? sealed : [sealed[0], sealed[sealed.length >> 1], sealed[sealed.length - 1]];
    let best = terms[0];
    let bestCount = Infinity;
    for (const term of terms) {
      let count = 0;
      for (const chunk of probes) {
        let at = chunk.text.text.indexOf(term);
        while (at >= 0) {
          count++;
          at = chunk.text.text.indexOf(term, at + term.length);
        }
      }
      if (count < bestCount || (count === bestCount && term.length > best.length)) {
        best = term;
        bestCount = count;
      }
    }
    return best;
  }

  /** Word-prefix (tier 1 or better) matches among WALK_SAMPLE contacts spread over the label order. */
  private sampleMatches(terms: readonly string[], withDigits: boolean): number {
    const stride = this.order.length / WALK_SAMPLE;
    let matches = 0;
    for (let k = 0; k < WALK_SAMPLE; k++) {
      const slot = this.order[Math.floor(k * stride)];
      const c = this.slotContact[slot];
      if (!c) {
        continue;
      }
      const hay = this.haystack(slot, withDigits);
      const lead = c.leadId !== null ? this.leadNorm.get(c.leadId) : undefined;
      if (terms.every((t) => startsWord(hay, t) || (lead !== undefined && startsWord(lead, t)))) {
        matches++;
      }
    }
    return matches;
  }

  /** Merges slots added since the last query into the label order. */
  private ensureOrder(): void {
    if (this.tail.length === 0) {
      return;
    }
    const keys = new Map<number, string>();
    const keyOf = (slot: number): string => {
      let key = keys.get(slot);
      if (key === undefined) {
        const hay = this.haystack(slot, false);
        const sep = hay.indexOf(FIELD_SEP);
        key = sep >= 0 ? hay.slice(0, sep) : hay;
        keys.set(slot, key);
      }
      return key;
    };
    const before = (a: number, b: number): boolean => {
      const ka = keyOf(a);
      const kb = keyOf(b);
      if (ka !== kb) {
        return ka < kb;
      }
      return (this.slotContact[a]?.id ?? '') < (this.slotContact[b]?.id ?? '');
    };
    const tail = this.tail.filter((slot) => this.slotContact[slot] !== undefined);
    tail.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    const old = this.order;
    const merged = new Int32Array(old.length + tail.length);
    let n = 0;
    let i = 0;
    let j = 0;
    while (i < old.length || j < tail.length) {
      if (i < old.length && this.slotContact[old[i]] === undefined) {
        i++;
        continue;
      }
      if (j >= tail.length || (i < old.length && !before(tail[j], old[i]))) {
        merged[n++] = old[i++];
      } else {
        merged[n++] = tail[j++];
      }
    }
    this.order = merged.slice(0, n);
    this.rankOf = new Int32Array(this.slotContact.length);
    for (let r = 0; r < n; r++) {
      this.rankOf[this.order[r]] = r;
    }
    this.tail = [];
  }

  private add(c: ContactSummary): void {
    this.drop(c.id);
    this.generation++;
    const slot = this.slotContact.length;
    this.slotContact.push(c);
    this.slotOf.set(c.id, slot);
    this.tail.push(slot);
    this.placeLead(slot, c.leadId);
    const { text, digits } = searchFieldGroups(c);
    this.append(slot, text.join(FIELD_SEP), digits.join(FIELD_SEP));
  }

  private append(slot: number, text: string, digits: string): void {
    const post = (key: string): void => {
      const list = this.wordStarts.get(key);
      if (!list) {
        this.wordStarts.set(key, { ids: Int32Array.of(slot, 0, 0, 0), n: 1 });
        addToList(this.wordKeysByPrefix, key.slice(0, 2), key);
      } else if (list.ids[list.n - 1] !== slot) {
        if (list.n === list.ids.length) {
          const grown = new Int32Array(list.ids.length * 2);
          grown.set(list.ids);
          list.ids = grown;
        }
        list.ids[list.n++] = slot;
      }
    };
    forEachWordKey(text, post);
    forEachWordKey(digits, post);
    countChars(this.charCounts, text);
    countChars(this.charCounts, digits);
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || !chunk.text.parts) {
      chunk = { text: { parts: [], text: '', starts: undefined }, digits: { parts: [], text: '', starts: undefined } };
      this.chunks.push(chunk);
    }
    const parts = chunk.text.parts as string[];
    parts.push(text);
    (chunk.digits.parts as string[]).push(digits);
    if (parts.length === CHUNK_SIZE) {
      seal(chunk.text);
      seal(chunk.digits);
    }
  }

  /** Records the slot's lead number (numbers are never reused: a lead keeps its number). */
  private placeLead(slot: number, leadId: string | null): void {
    if (slot >= this.slotLead.length) {
      const grown = new Int32Array(Math.max(1024, this.slotLead.length * 2));
      grown.set(this.slotLead);
      this.slotLead = grown;
    }
    this.slotLead[slot] = leadId === null ? -1 : this.leadNumber(leadId);
  }

  private leadNumber(leadId: string): number {
    let n = this.leadNumbers.get(leadId);
    if (n === undefined) {
      n = this.leadIds.length;
      this.leadIds.push(leadId);
      this.leadNumbers.set(leadId, n);
    }
    return n;
  }

  /**
   * Where `term` is in the contact's fields or phone digits, read in place (no copy):
   * 0 = not there, 1 = inside a word, 2 = at the start of a word.
   */
  private termIn(slot: number, term: string): 0 | 1 | 2 {
    const chunk = this.chunks[Math.floor(slot / CHUNK_SIZE)];
    const i = slot % CHUNK_SIZE;
    const inText = occurrence(chunk.text, i, term);
    if (inText === 2 || !DIGIT_TERM.test(term)) {
      return inText;
    }
    return Math.max(inText, occurrence(chunk.digits, i, term)) as 0 | 1 | 2;
  }

  /** The tier-0 test: the normalised label (first in the haystack) starts with `whole`. */
  private labelStartsWith(slot: number, whole: string): boolean {
    const chunk = this.chunks[Math.floor(slot / CHUNK_SIZE)];
    const i = slot % CHUNK_SIZE;
    if (chunk.text.parts) {
      return chunk.text.parts[i].startsWith(whole);
    }
    const starts = chunk.text.starts as Offsets;
    return whole.length <= starts[i + 1] - 1 - starts[i] && chunk.text.text.startsWith(whole, starts[i]);
  }

  /** Drops the spare capacity of arrays grown by pushing (after a full load). */
  trim(): void {
    this.drain();
    this.slotContact = this.slotContact.slice();
    for (const list of this.wordStarts.values()) {
      if (list.ids.length > list.n) {
        list.ids = list.ids.slice(0, list.n);
      }
    }
  }

  private drop(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot !== undefined) {
      this.slotOf.delete(id);
      this.slotContact[slot] = undefined;
      this.dead++;
      this.generation++;
    }
  }

  /**
   * The contact's searchable text: its fields (label first), then its phone digits unless
   * `withDigits` is false (terms with a non-digit can never match those).
   */
  private haystack(slot: number, withDigits = true): string {
    const chunk = this.chunks[Math.floor(slot / CHUNK_SIZE)];
    const i = slot % CHUNK_SIZE;
    const text = unpack(chunk.text, i);
    if (!withDigits) {
      return text;
    }
    const digits = unpack(chunk.digits, i);
    return digits.length > 0 ? text + FIELD_SEP + digits : text;
  }

  private compact(): void {
    this.generation++;
    const alive: { c: ContactSummary; text: string; digits: string }[] = [];
    for (let slot = 0; slot < this.slotContact.length; slot++) {
      const c = this.slotContact[slot];
      if (c) {
        const chunk = this.chunks[Math.floor(slot / CHUNK_SIZE)];
        alive.push({ c, text: unpack(chunk.text, slot % CHUNK_SIZE), digits: unpack(chunk.digits, slot % CHUNK_SIZE) });
      }
    }
    this.chunks = [];
    this.slotContact = [];
    this.resetOrder();
    this.slotOf.clear();
    this.dead = 0;
    this.wordStarts = new Map();
    this.wordKeysByPrefix = new Map();
    this.charCounts = new Float64Array(128);
    for (const { c, text, digits } of alive) {
      const slot = this.slotContact.length;
      this.slotContact.push(c);
      this.tail.push(slot);
      this.placeLead(slot, c.leadId);
      this.slotOf.set(c.id, slot);
      this.append(slot, text, digits);
    }
  }

  /**
   * Slots whose haystack or lead name holds `term`, each with whether it occurs at the start
   * of a word there (for the ranking).
   */
  private candidatesFor(term: string): { slots: number[]; wordStart: Uint8Array } {
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
    const scanDigits = DIGIT_TERM.test(term);
    const skip = this.rarestCharAt(term);
    for (let ci = 0; ci < this.chunks.length; ci++) {
      const base = ci * CHUNK_SIZE;
      scanPacked(this.chunks[ci].text, term, skip, base, found);
      if (scanDigits) {
        scanPacked(this.chunks[ci].digits, term, skip, base, found);
      }
    }
    const leads = this.leads();
    scanPacked(leads.packed, term, skip, 0, (i, atWordStart) => {
      for (const c of this.leadMembers(leads.ids[i])) {
        const slot = this.slotOf.get(c.id);
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
}

interface LeadTables {
  /** Lead ids by the key of a word start in their name (see forEachWordKey). */
  byKey: Map<string, string[]>;
  /** The keys of `byKey` by their first two characters. */
  byPrefix: Map<string, string[]>;
  ids: string[];
  /** The names, in the order of `ids`. */
  packed: Packed;
  /** The lead number of each of `ids`. */
  numbers: Int32Array;
}

/** What `matchAll` found: a mark per slot, kept as they were when it ran. */
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

/** A growable list of ascending slots. */
interface Postings {
  ids: Int32Array;
  n: number;
}

/**
 * Calls `visit` with the key of every word start in `text`: its first three characters, or
 * two for a word of two (words of one character have none).
 */
function forEachWordKey(text: string, visit: (key: string) => void): void {
  let prevWord = false;
  for (let at = 0; at < text.length; at++) {
    const word = isWordChar(text, at);
    if (word && !prevWord && at + 1 < text.length && isWordChar(text, at + 1)) {
      visit(text.slice(at, at + 2 < text.length && isWordChar(text, at + 2) ? at + 3 : at + 2));
    }
    prevWord = word;
  }
}

function countChars(counts: Float64Array, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      counts[code]++;
    }
  }
}

function addToList(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
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

function seal(packed: Packed): void {
  const parts = packed.parts as string[];
  let length = 0;
  for (const part of parts) {
    length += part.length + 1;
  }
  // Two bytes per offset when the chunk allows (it nearly always does).
  const starts = length <= 0xffff ? new Uint16Array(parts.length + 1) : new Uint32Array(parts.length + 1);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    starts[i] = at;
    at += parts[i].length + 1;
  }
  starts[parts.length] = at;
  packed.text = parts.join(CONTACT_SEP);
  packed.starts = starts;
  packed.parts = undefined;
}

function unpack(packed: Packed, i: number): string {
  if (packed.parts) {
    return packed.parts[i];
  }
  const starts = packed.starts as Offsets;
  return packed.text.slice(starts[i], starts[i + 1] - 1);
}

/**
 * Sets `hit[base + i]` (or `hit[numbers[i]]`) for each i-th entry of `packed` holding `term`:
 * one search per entry found, which then goes on from the next entry.
 */
function markPacked(packed: Packed, term: string, skip: number, base: number, hit: Uint8Array, numbers?: Int32Array): void {
  const mark = (i: number): void => {
    hit[numbers ? numbers[i] : base + i] = 1;
  };
  if (packed.parts) {
    for (let i = 0; i < packed.parts.length; i++) {
      if (packed.parts[i].includes(term)) {
        mark(i);
      }
    }
    return;
  }
  const { text } = packed;
  const offsets = packed.starts as Offsets;
  const find = finder(text, term, skip);
  let at = find(0);
  let lo = 0;
  while (at >= 0) {
    while (offsets[lo + 1] <= at) {
      lo++;
    }
    mark(lo);
    at = find(offsets[lo + 1]);
  }
}

/** Reports each contact of `packed` holding `term`, and whether it starts a word there. */
function scanPacked(packed: Packed, term: string, skip: number, base: number, found: (slot: number, atWordStart: boolean) => void): void {
  if (packed.parts) {
    for (let i = 0; i < packed.parts.length; i++) {
      if (packed.parts[i].includes(term)) {
        found(base + i, startsWord(packed.parts[i], term));
      }
    }
    return;
  }
  const { text } = packed;
  const offsets = packed.starts as Offsets;
  const find = finder(text, term, skip);
  let at = find(0);
  // Hits come in increasing order: walk the contact cursor forward instead of searching.
  let lo = 0;
  while (at >= 0) {
    while (offsets[lo + 1] <= at) {
      lo++;
    }
    const end = offsets[lo + 1] - 1;
    // The first hit in this contact may be mid-word while a later one starts a word.
    let wordAt = at;
    while (wordAt >= 0 && wordAt < end && wordAt > offsets[lo] && isWordChar(text, wordAt - 1)) {
      wordAt = find(wordAt + 1);
    }
    const atWordStart = wordAt >= 0 && wordAt < end;
    found(base + lo, atWordStart);
    // A hit past this contact is already the next one: a term never spans a separator.
    at = atWordStart ? find(end + 1) : wordAt;
  }
}

/**
 * The first occurrence of `term` in `text` at or after a position. `indexOf` stops at every
 * copy of a pattern's first character, so it looks for the rest of the term from `skip` on
 * (its least frequent character) and checks the characters before.
 */
function finder(text: string, term: string, skip: number): (from: number) => number {
  if (skip === 0) {
    return (from) => text.indexOf(term, from);
  }
  const rest = term.slice(skip);
  return (from) => {
    let at = text.indexOf(rest, from + skip);
    while (at >= 0 && !text.startsWith(term, at - skip)) {
      at = text.indexOf(rest, at + 1);
    }
    return at < 0 ? -1 : at - skip;
  };
}

/** `term` in the i-th haystack of `packed`: 0 = no, 1 = inside a word, 2 = at a word start. */
function occurrence(packed: Packed, i: number, term: string): 0 | 1 | 2 {
  // A slice of the packed text is a view in V8 (no copy), and bounds the search to this contact.
  const hay = unpack(packed, i);
  let at = hay.indexOf(term);
  if (at < 0) {
    return 0;
  }
  while (at >= 0) {
    if (at === 0 || !isWordChar(hay, at - 1)) {
      return 2;
    }
    at = hay.indexOf(term, at + 1);
  }
  return 1;
}
