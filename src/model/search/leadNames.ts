// Lead names, matched apart from the contacts: they arrive after the contacts and change
// without touching them. Each lead gets a number (never reused) and each slot records its
// lead's number, so a match on a lead name spreads to its contacts without a lookup per contact.
import { normalize } from '../searchText';
import { openPacked, seal, type Packed } from './packed';
import { addToList, forEachWordKey } from './wordStarts';

/** The lead names prepared for queries; rebuilt after lead names change. */
export interface LeadTables {
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

export class LeadNames {
  /** Normalised lead names by lead id. */
  private readonly names = new Map<string, string>();
  private tables: LeadTables | undefined;
  /** Each slot's lead number (an index into `ids`), -1 without a lead. */
  slotLead = new Int32Array(1024);
  private ids: string[] = [];
  /** Normalised lead names by lead number: a slot's lead name without a lookup by id. */
  private namesByNumber: (string | undefined)[] = [];
  /** Lead numbers by lead id; they only grow, so the largest is below the map's size. */
  readonly numbers = new Map<string, number>();

  /** Whether the normalised name changed. */
  set(leadId: string, name: string): boolean {
    const norm = normalize(name);
    if (this.names.get(leadId) === norm) {
      return false;
    }
    this.names.set(leadId, norm);
    this.namesByNumber[this.numberOf(leadId)] = norm;
    this.tables = undefined;
    return true;
  }

  /** The normalised name of the lead of the contact in `slot`, when known. */
  nameAt(slot: number): string | undefined {
    const n = this.slotLead[slot];
    return n < 0 ? undefined : this.namesByNumber[n];
  }

  /** The normalised name of a lead, when known. */
  byId(leadId: string): string | undefined {
    return this.names.get(leadId);
  }

  /** Lead numbers given so far. */
  get count(): number {
    return this.ids.length;
  }

  /** Records the slot's lead number (numbers are never reused: a lead keeps its number). */
  place(slot: number, leadId: string | null): void {
    if (slot >= this.slotLead.length) {
      const grown = new Int32Array(Math.max(1024, this.slotLead.length * 2));
      grown.set(this.slotLead);
      this.slotLead = grown;
    }
    this.slotLead[slot] = leadId === null ? -1 : this.numberOf(leadId);
  }

  clear(): void {
    this.names.clear();
    this.tables = undefined;
    this.slotLead = new Int32Array(1024);
    this.ids = [];
    this.namesByNumber = [];
    this.numbers.clear();
  }

  /** Lead names packed for scanning, and their word-start keys; rebuilt after lead names change. */
  prepared(): LeadTables {
    if (this.tables) {
      return this.tables;
    }
    const byKey = new Map<string, string[]>();
    const byPrefix = new Map<string, string[]>();
    const ids: string[] = [];
    const names: string[] = [];
    for (const [leadId, name] of this.names) {
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
    const packed = openPacked(names);
    seal(packed);
    const numbers = Int32Array.from(ids, (id) => this.numberOf(id));
    this.tables = { byKey, byPrefix, ids, packed, numbers };
    return this.tables;
  }

  private numberOf(leadId: string): number {
    let n = this.numbers.get(leadId);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(leadId);
      // Pushed in number order, so the array stays dense (a write far past its end would make
      // V8 keep it as a slow dictionary).
      this.namesByNumber.push(this.names.get(leadId));
      this.numbers.set(leadId, n);
    }
    return n;
  }
}
