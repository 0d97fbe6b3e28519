// Word-start postings: for each word key (see forEachWordKey), the ascending slots with a word
// starting with it, in typed arrays. They give tier 1 (every term starts a word) without
// reading any text.
import { isWordChar } from '../searchText';

/** A growable list of ascending slots. */
interface Postings {
  ids: Int32Array;
  n: number;
}

/**
 * Calls `visit` with the key of every word start in `text`: its first three characters, or
 * two for a word of two (words of one character have none).
 */
export function forEachWordKey(text: string, visit: (key: string) => void): void {
  let prevWord = false;
  for (let at = 0; at < text.length; at++) {
    const word = isWordChar(text, at);
    if (word && !prevWord && at + 1 < text.length && isWordChar(text, at + 1)) {
      visit(text.slice(at, at + 2 < text.length && isWordChar(text, at + 2) ? at + 3 : at + 2));
    }
    prevWord = word;
  }
}

/** Whether the postings can answer for `term`: it starts with two word characters. */
export function hasWordKey(term: string): boolean {
  return term.length > 1 && isWordChar(term, 0) && isWordChar(term, 1);
}

/**
 * The keys whose postings may hold words starting with `term` (see hasWordKey): its own
 * three-character key when its third character is a word character, else every key starting
 * with its first two characters, looked up in `byPrefix`.
 */
export function wordKeysFor(term: string, byPrefix: ReadonlyMap<string, readonly string[]>): readonly string[] {
  if (term.length > 2 && isWordChar(term, 2)) {
    return [term.slice(0, 3)];
  }
  return byPrefix.get(term.slice(0, 2)) ?? [];
}

export function addToList<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

export class WordStartPostings {
  /** Slots with a word starting with each key (three characters, or two for a word of two). */
  private lists = new Map<string, Postings>();
  /** The keys of `lists` by their first two characters (for terms of two characters). */
  private byPrefix = new Map<string, string[]>();

  reset(): void {
    this.lists = new Map();
    this.byPrefix = new Map();
  }

  /** Posts `slot` under the key of each word start in `text` (slots come in ascending order). */
  add(slot: number, text: string): void {
    forEachWordKey(text, (key) => {
      const list = this.lists.get(key);
      if (!list) {
        this.lists.set(key, { ids: Int32Array.of(slot, 0, 0, 0), n: 1 });
        addToList(this.byPrefix, key.slice(0, 2), key);
      } else if (list.ids[list.n - 1] !== slot) {
        if (list.n === list.ids.length) {
          const grown = new Int32Array(list.ids.length * 2);
          grown.set(list.ids);
          list.ids = grown;
        }
        list.ids[list.n++] = slot;
      }
    });
  }

  /** The posting lists (ascending slots, maybe dead) that may hold a word starting with `term` (see hasWordKey). */
  listsFor(term: string): Int32Array[] {
    const out: Int32Array[] = [];
    for (const key of wordKeysFor(term, this.byPrefix)) {
      const list = this.lists.get(key);
      if (list) {
        out.push(list.ids.subarray(0, list.n));
      }
    }
    return out;
  }

  /** Drops the spare capacity of the lists (after a full load). */
  trim(): void {
    for (const list of this.lists.values()) {
      if (list.ids.length > list.n) {
        list.ids = list.ids.slice(0, list.n);
      }
    }
  }
}
