// Every indexed contact has a slot: a number given in the order contacts were added, which the
// packed text, the word-start postings and the lead numbers share. A replaced or removed
// contact leaves a dead slot behind until the index is compacted.
import type { ContactSummary } from '../contactSummary';
import type { LabelOrder } from './labelOrder';
import type { LeadNames } from './leadNames';
import type { TextChunks } from './textChunks';
import type { WordStartPostings } from './wordStarts';

export class SlotTable {
  /** The contact in each slot; undefined once dead. */
  contacts: (ContactSummary | undefined)[] = [];
  /** The live slot of each contact id. */
  readonly slotOf = new Map<string, number>();
  private dead = 0;

  /** Live contacts. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Slots, dead ones included. */
  get length(): number {
    return this.contacts.length;
  }

  /** Worth compacting: many slots, and a good share of them, are dead. */
  get wasteful(): boolean {
    return this.dead > 1024 && this.dead > this.contacts.length * 0.3;
  }

  /** The next slot, for a contact whose id has no live slot. */
  add(c: ContactSummary): number {
    const slot = this.contacts.length;
    this.contacts.push(c);
    this.slotOf.set(c.id, slot);
    return slot;
  }

  /** Whether the id had a live slot (now dead). */
  drop(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) {
      return false;
    }
    this.slotOf.delete(id);
    this.contacts[slot] = undefined;
    this.dead++;
    return true;
  }

  reset(): void {
    this.contacts = [];
    this.slotOf.clear();
    this.dead = 0;
  }

  /** Drops the spare capacity the array grew by pushing. */
  trim(): void {
    this.contacts = this.contacts.slice();
  }
}

/** What the query strategies read: the parts of one index. */
export interface IndexParts {
  readonly slots: SlotTable;
  readonly text: TextChunks;
  readonly order: LabelOrder;
  readonly postings: WordStartPostings;
  readonly leads: LeadNames;
  /** A lead's contacts (to match contacts by their lead's name). */
  readonly leadMembers: (leadId: string) => readonly ContactSummary[];
}
