// Search over loaded contacts without visiting every record object.
//
// The parts, one module each:
// - updateQueue.ts: changes wait in a queue and are applied in time-boxed slices (`drain`);
// - slots.ts: a slot number per indexed contact, shared by the parts below;
// - textChunks.ts + packed.ts: each contact's normalised fields packed into chunk strings,
//   scanned with native `indexOf`;
// - wordStarts.ts: slots per word key (the first three characters of a word, two for a word
//   of two), which give tier 1 without reading text;
// - labelOrder.ts: live slots sorted by label, the order within a tier;
// - leadNames.ts: lead names, matched apart from the contacts (they arrive later and change
//   without touching them);
// - queryPlanner.ts (with wordStartTier.ts and orderWalk.ts): ranked search, the best page;
// - matchAll.ts: every match, unranked, for the tree filter.
import type { ContactSummary } from '../contactSummary';
import { searchFieldGroups } from '../searchText';
import { LabelOrder } from './labelOrder';
import { LeadNames } from './leadNames';
import { Matcher, type IndexMatches, type MatchPlan } from './matchAll';
import { QueryPlanner, type SearchPlan } from './queryPlanner';
import { SlotTable, type IndexParts } from './slots';
import { FIELD_SEP, TextChunks } from './textChunks';
import { UpdateQueue } from './updateQueue';
import { WordStartPostings } from './wordStarts';

export type { IndexMatches } from './matchAll';
export type { SearchPlan } from './queryPlanner';

export class SearchIndex {
  private readonly parts: IndexParts;
  private readonly slots = new SlotTable();
  private readonly text = new TextChunks();
  private readonly order = new LabelOrder();
  private readonly postings = new WordStartPostings();
  private readonly leads = new LeadNames();
  private readonly queue = new UpdateQueue();
  private readonly planner: QueryPlanner;
  private readonly matcher: Matcher;
  /** Bumped by every change of what a query can match (slots, text, lead names). */
  private generation = 0;
  private readonly apply = { add: (c: ContactSummary): void => this.add(c), drop: (id: string): void => this.drop(id) };

  /** @param leadMembers a lead's contacts (to match contacts by their lead's name). */
  constructor(leadMembers: (leadId: string) => readonly ContactSummary[] = () => []) {
    this.parts = { slots: this.slots, text: this.text, order: this.order, postings: this.postings, leads: this.leads, leadMembers };
    this.planner = new QueryPlanner(this.parts);
    this.matcher = new Matcher(this.parts);
  }

  /** How the last search found its results (for tests and diagnostics). */
  get lastPlan(): SearchPlan {
    return this.planner.lastPlan;
  }

  /** How the last `matchAll` found its results (for tests and diagnostics). */
  get lastMatchPlan(): MatchPlan {
    return this.matcher.lastPlan;
  }

  get pending(): number {
    return this.queue.pending;
  }

  get size(): number {
    return this.slots.size;
  }

  upsert(contacts: Iterable<ContactSummary>): void {
    for (const c of contacts) {
      this.queue.add(c);
    }
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      this.queue.remove(id);
    }
  }

  setLeadName(leadId: string, name: string): void {
    if (this.leads.set(leadId, name)) {
      this.generation++;
    }
  }

  clear(): void {
    this.resetSlots();
    this.queue.clear();
    this.leads.clear();
    this.matcher.forget();
  }

  /** Applies queued updates; stops after `budgetMs` (default: until done). Returns true when done. */
  drain(budgetMs = Infinity): boolean {
    if (!this.queue.drain(budgetMs, this.apply)) {
      return false;
    }
    if (this.slots.wasteful) {
      this.compact();
    }
    return true;
  }

  /** Best matches first, at most `limit` (rules in searchText.ts). */
  search(query: string, limit: number): ContactSummary[] {
    this.drain();
    return this.planner.search(query, limit);
  }

  /** Every contact matching `query` (the rules of `search`), unranked; see Matcher.matchAll. */
  matchAll(query: string): IndexMatches {
    this.drain();
    return this.matcher.matchAll(query, this.generation);
  }

  /** Drops the spare capacity of arrays grown by pushing (after a full load). */
  trim(): void {
    this.drain();
    this.slots.trim();
    this.postings.trim();
  }

  private add(c: ContactSummary): void {
    this.drop(c.id);
    const { text, digits } = searchFieldGroups(c);
    this.place(c, text.join(FIELD_SEP), digits.join(FIELD_SEP));
  }

  /** Gives the contact the next slot, with its haystacks (fields and phone digits). */
  private place(c: ContactSummary, text: string, digits: string): void {
    this.generation++;
    const slot = this.slots.add(c);
    this.order.add(slot);
    this.leads.place(slot, c.leadId);
    this.postings.add(slot, text);
    this.postings.add(slot, digits);
    this.text.append(text, digits);
  }

  private drop(id: string): void {
    if (this.slots.drop(id)) {
      this.generation++;
    }
  }

  /** Forgets every slot (lead names and numbers stay). */
  private resetSlots(): void {
    this.generation++;
    this.slots.reset();
    this.text.reset();
    this.order.reset();
    this.postings.reset();
  }

  /** Gives the live contacts new slots from 0, dropping the dead ones. */
  private compact(): void {
    const alive: { c: ContactSummary; text: string; digits: string }[] = [];
    const contacts = this.slots.contacts;
    for (let slot = 0; slot < contacts.length; slot++) {
      const c = contacts[slot];
      if (c) {
        alive.push({ c, ...this.text.texts(slot) });
      }
    }
    this.resetSlots();
    for (const { c, text, digits } of alive) {
      this.place(c, text, digits);
    }
  }
}
