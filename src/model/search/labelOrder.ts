// Live slots sorted by (normalised label, id): the order results are ranked in within a tier.
// Slots added since the last query wait in a tail and are merged in when a query needs the order.
import type { SlotTable } from './slots';

export class LabelOrder {
  /** Slots by (label key, id); may hold slots that died since the last merge. */
  order = new Int32Array(0);
  /** Each slot's position in `order` (meaningful for live slots only). */
  rankOf = new Int32Array(0);
  private tail: number[] = [];

  add(slot: number): void {
    this.tail.push(slot);
  }

  reset(): void {
    this.order = new Int32Array(0);
    this.rankOf = new Int32Array(0);
    this.tail = [];
  }

  /** Merges the slots added since into the order (dropping dead slots); `labelKey` gives a slot's key. */
  merge(slots: SlotTable, labelKey: (slot: number) => string): void {
    if (this.tail.length === 0) {
      return;
    }
    const contacts = slots.contacts;
    const keys = new Map<number, string>();
    const keyOf = (slot: number): string => {
      let key = keys.get(slot);
      if (key === undefined) {
        key = labelKey(slot);
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
      return (contacts[a]?.id ?? '') < (contacts[b]?.id ?? '');
    };
    const tail = this.tail.filter((slot) => contacts[slot] !== undefined);
    tail.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    const old = this.order;
    const merged = new Int32Array(old.length + tail.length);
    let n = 0;
    let i = 0;
    let j = 0;
    while (i < old.length || j < tail.length) {
      if (i < old.length && contacts[old[i]] === undefined) {
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
    this.rankOf = new Int32Array(contacts.length);
    for (let r = 0; r < n; r++) {
      this.rankOf[this.order[r]] = r;
    }
    this.tail = [];
  }
}
