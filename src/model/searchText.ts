// The matching rules of search (the index in search/ follows them; test/shared/searchOracle.ts
// is the reference written apart from this code).
//
// A query is split on white space into terms. A term made only of digits and phone
// punctuation ("650-333", "(650)") is reduced to its digits; a query made only of such terms
// becomes one digit term, so "650 333" must appear contiguously in a phone's digits.
// A contact matches when every term is a substring of one of its normalised fields
// (display name, name, each email, title, each phone's digits) or of its lead's name.
// Ranking: tier 0 = the label starts with the whole query; tier 1 = every term starts a word;
// tier 2 = the rest. Within a tier: normalised label, then id (UTF-16 code unit order).
import type { ContactSummary } from './contactSummary';
import { contactLabel } from './contactSummary';

/** Longer fields are searched on their first part only (a 1 MB name must not cost 1 MB). */
export const MAX_FIELD_LENGTH = 512;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const MARKS = /\p{M}+/gu;
const CONTROL = /\p{Cc}+/gu;
const PHONE_TERM = /^[+\d().\-/]*\d[+\d().\-/]*$/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Lower case, accents folded (NFKD without marks), no control characters, bounded length. */
export function normalize(value: string): string {
  const s = value.length > MAX_FIELD_LENGTH ? value.slice(0, MAX_FIELD_LENGTH) : value;
  if (PRINTABLE_ASCII.test(s)) {
    return s.toLowerCase();
  }
  return s.normalize('NFKD').replace(MARKS, '').replace(CONTROL, ' ').toLowerCase();
}

export function digitsOf(value: string): string {
  return value.replace(/\D+/g, '');
}

export interface ParsedQuery {
  /** Normalised terms, all of which must match. Empty for an empty query. */
  terms: string[];
  /** The normalised query with single spaces (for the label-prefix tier). */
  whole: string;
}

export function parseQuery(query: string): ParsedQuery {
  const words = normalize(query.trim()).split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) {
    return { terms: [], whole: '' };
  }
  const whole = words.join(' ');
  if (words.every((w) => PHONE_TERM.test(w))) {
    return { terms: [digitsOf(whole)], whole };
  }
  const terms = words.map((w) => (PHONE_TERM.test(w) ? digitsOf(w) : w));
  return { terms: [...new Set(terms)], whole };
}

/** The normalised searchable fields of a contact, label first. */
export function searchFields(c: ContactSummary): string[] {
  const { text, digits } = searchFieldGroups(c);
  return text.concat(digits);
}

/** The same fields, with the phones' digit strings apart (they only ever match digit terms). */
export function searchFieldGroups(c: ContactSummary): { text: string[]; digits: string[] } {
  const label = contactLabel(c);
  const text = [normalize(label)];
  if (c.displayName && c.displayName !== label) {
    text.push(normalize(c.displayName));
  }
  if (c.name && c.name !== label && c.name !== c.displayName) {
    text.push(normalize(c.name));
  }
  for (const e of c.emails) {
    text.push(normalize(e.email));
  }
  if (c.title) {
    text.push(normalize(c.title));
  }
  const digits: string[] = [];
  for (const p of c.phones) {
    const d = digitsOf(p.phone_formatted ?? p.phone);
    const raw = digitsOf(p.phone);
    if (d) {
      digits.push(d);
    }
    if (raw && raw !== d) {
      digits.push(raw);
    }
  }
  return { text, digits };
}

/** True when the character at `at` is a letter or a digit (any script). */
export function isWordChar(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  }
  return WORD_CHAR.test(text[at]);
}

/** True when `term` occurs in `text` at the start of a word. */
export function startsWord(text: string, term: string): boolean {
  let at = text.indexOf(term);
  while (at >= 0) {
    if (at === 0 || !isWordChar(text, at - 1)) {
      return true;
    }
    at = text.indexOf(term, at + 1);
  }
  return false;
}
