// Many short strings packed into one: a chunk's haystacks joined by CONTACT_SEP, with the
// start offset of each, so a term is found with a few native `indexOf` calls per chunk.
import { isWordChar, startsWord } from '../searchText';

/** Between two haystacks of a chunk; below every character a field can hold. */
const CONTACT_SEP = '\u0000';

type Offsets = Uint16Array | Uint32Array;

/** Strings packed into one text. */
export interface Packed {
  /** The strings while the chunk is filling; undefined once sealed into `text`. */
  parts: string[] | undefined;
  text: string;
  /** Start offset of each string in `text`, plus one past the end. */
  starts: Offsets | undefined;
}

export function openPacked(parts: string[] = []): Packed {
  return { parts, text: '', starts: undefined };
}

/** Joins the parts into one text with their offsets. */
export function seal(packed: Packed): void {
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

/** The i-th string (a slice of a sealed text is a view in V8, not a copy). */
export function unpack(packed: Packed, i: number): string {
  if (packed.parts) {
    return packed.parts[i];
  }
  const starts = packed.starts as Offsets;
  return packed.text.slice(starts[i], starts[i + 1] - 1);
}

/** Whether the i-th string starts with `prefix`, read in place. */
export function startsWithAt(packed: Packed, i: number, prefix: string): boolean {
  if (packed.parts) {
    return packed.parts[i].startsWith(prefix);
  }
  const starts = packed.starts as Offsets;
  return prefix.length <= starts[i + 1] - 1 - starts[i] && packed.text.startsWith(prefix, starts[i]);
}

/**
 * Sets `hit[base + i]` (or `hit[numbers[i]]`) for each i-th string of `packed` holding `term`:
 * one search per string found, which then goes on from the next string.
 */
export function markPacked(packed: Packed, term: string, skip: number, base: number, hit: Uint8Array, numbers?: Int32Array): void {
  if (packed.parts) {
    for (let i = 0; i < packed.parts.length; i++) {
      if (packed.parts[i].includes(term)) {
        hit[numbers ? numbers[i] : base + i] = 1;
      }
    }
    return;
  }
  // Hits come in increasing order: walk the string cursor forward instead of searching.
  const offsets = packed.starts as Offsets;
  const find = finder(packed.text, term, skip);
  let lo = 0;
  for (let at = find(0); at >= 0; at = find(offsets[lo + 1])) {
    while (offsets[lo + 1] <= at) {
      lo++;
    }
    hit[numbers ? numbers[lo] : base + lo] = 1;
  }
}

/** Reports each string of `packed` holding `term` (as `base + i`), and whether it starts a word there. */
export function scanPacked(packed: Packed, term: string, skip: number, base: number, found: (slot: number, atWordStart: boolean) => void): void {
  if (packed.parts) {
    packed.parts.forEach((part, i) => part.includes(term) && found(base + i, startsWord(part, term)));
    return;
  }
  const { text } = packed;
  const offsets = packed.starts as Offsets;
  const find = finder(text, term, skip);
  // Hits come in increasing order: walk the string cursor forward instead of searching.
  let lo = 0;
  for (let at = find(0); at >= 0; ) {
    while (offsets[lo + 1] <= at) {
      lo++;
    }
    const end = offsets[lo + 1] - 1;
    // The first hit in this string may be mid-word while a later one starts a word.
    let wordAt = at;
    while (wordAt >= 0 && wordAt < end && wordAt > offsets[lo] && isWordChar(text, wordAt - 1)) {
      wordAt = find(wordAt + 1);
    }
    const atWordStart = wordAt >= 0 && wordAt < end;
    found(base + lo, atWordStart);
    // A hit past this string is already the next one: a term never spans a separator.
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

/** `term` in the i-th string of `packed`: 0 = no, 1 = inside a word, 2 = at a word start. */
export function occurrence(packed: Packed, i: number, term: string): 0 | 1 | 2 {
  // The slice bounds the search to this string.
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
