// The contacts' searchable text. Each contact's normalised fields (searchText.ts, label first)
// are joined into one short haystack, and CHUNK_SIZE haystacks into one string (packed.ts),
// so the whole index costs about one byte per searchable character. Phone digits are kept
// apart: a term with a non-digit never needs them scanned.
import { markPacked, occurrence, openPacked, scanPacked, seal, startsWithAt, unpack, type Packed } from './packed';

export const CHUNK_SIZE = 512;
/** Between the fields of a haystack; below every character a field can hold. */
export const FIELD_SEP = '\u0001';

const DIGIT_TERM = /^\d+$/;

/** A term of digits only, which phone digits can match. */
export function isDigitTerm(term: string): boolean {
  return DIGIT_TERM.test(term);
}

interface Chunk {
  text: Packed;
  digits: Packed;
}

export class TextChunks {
  private chunks: Chunk[] = [];
  /** How often each ASCII character occurs in the indexed text (for `rarestCharAt`). */
  private charCounts = new Float64Array(128);

  reset(): void {
    this.chunks = [];
    this.charCounts = new Float64Array(128);
  }

  /** Adds the haystacks of the next slot (fields and phone digits, each joined by FIELD_SEP). */
  append(text: string, digits: string): void {
    countChars(this.charCounts, text);
    countChars(this.charCounts, digits);
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || !chunk.text.parts) {
      chunk = { text: openPacked(), digits: openPacked() };
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

  /** The slot's two haystacks as they were appended. */
  texts(slot: number): { text: string; digits: string } {
    const chunk = this.chunks[Math.floor(slot / CHUNK_SIZE)];
    const i = slot % CHUNK_SIZE;
    return { text: unpack(chunk.text, i), digits: unpack(chunk.digits, i) };
  }

  /**
   * The contact's searchable text: its fields (label first), then its phone digits unless
   * `withDigits` is false (terms with a non-digit can never match those).
   */
  haystack(slot: number, withDigits = true): string {
    const chunk = this.chunks[Math.floor(slot / CHUNK_SIZE)];
    const i = slot % CHUNK_SIZE;
    const text = unpack(chunk.text, i);
    if (!withDigits) {
      return text;
    }
    const digits = unpack(chunk.digits, i);
    return digits.length > 0 ? text + FIELD_SEP + digits : text;
  }

  /** The normalised label: the first field of the haystack. */
  labelKey(slot: number): string {
    const hay = this.haystack(slot, false);
    const sep = hay.indexOf(FIELD_SEP);
    return sep >= 0 ? hay.slice(0, sep) : hay;
  }

  /** The tier-0 test: the normalised label (first in the haystack) starts with `whole`. */
  labelStartsWith(slot: number, whole: string): boolean {
    return startsWithAt(this.chunks[Math.floor(slot / CHUNK_SIZE)].text, slot % CHUNK_SIZE, whole);
  }

  /**
   * Where `term` is in the contact's fields or phone digits, read in place (no copy):
   * 0 = not there, 1 = inside a word, 2 = at the start of a word.
   */
  termIn(slot: number, term: string): 0 | 1 | 2 {
    const chunk = this.chunks[Math.floor(slot / CHUNK_SIZE)];
    const i = slot % CHUNK_SIZE;
    const inText = occurrence(chunk.text, i, term);
    if (inText === 2 || !isDigitTerm(term)) {
      return inText;
    }
    return Math.max(inText, occurrence(chunk.digits, i, term)) as 0 | 1 | 2;
  }

  /** Sets `hit[slot]` for every slot holding `term` (found from its `skip`-th character, see rarestCharAt). */
  mark(term: string, skip: number, hit: Uint8Array): void {
    const scanDigits = isDigitTerm(term);
    for (let ci = 0; ci < this.chunks.length; ci++) {
      markPacked(this.chunks[ci].text, term, skip, ci * CHUNK_SIZE, hit);
      if (scanDigits) {
        markPacked(this.chunks[ci].digits, term, skip, ci * CHUNK_SIZE, hit);
      }
    }
  }

  /** Reports every slot holding `term`, and whether it starts a word there (a slot may come twice). */
  scan(term: string, skip: number, found: (slot: number, atWordStart: boolean) => void): void {
    const scanDigits = isDigitTerm(term);
    for (let ci = 0; ci < this.chunks.length; ci++) {
      const base = ci * CHUNK_SIZE;
      scanPacked(this.chunks[ci].text, term, skip, base, found);
      if (scanDigits) {
        scanPacked(this.chunks[ci].digits, term, skip, base, found);
      }
    }
  }

  /** Where the least frequent character of `term` is (ASCII counted; others taken as rare). */
  rarestCharAt(term: string): number {
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

  /** The term with the fewest occurrences in a few sample chunks (ties: the longest). */
  rarest(terms: readonly string[]): string {
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
}

function countChars(counts: Float64Array, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      counts[code]++;
    }
  }
}
