// The reference search the differential tests and the benchmark check the index against:
// every contact is visited and every field read with a plain `includes`. It is written from
// the rules at the top of src/model/searchText.ts, on purpose without any code of src/model
// (no normalize, parseQuery, searchFields or startsWord), so that a mistake in how the index
// folds text or reads a query cannot hide in the reference as well.
import type { ContactSummary } from '../../src/model/contactSummary';

/** Fields are searched on their first this many UTF-16 code units. */
const FIELD_LIMIT = 512;
/** What may be dropped or replaced when folding: combining marks and control characters. */
const NEEDS_FOLDING = /[\p{M}\p{Cc}]/u;
const MARK = /^\p{M}$/u;
const CONTROL = /^\p{Cc}$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const PHONE_CHARS = '+0123456789().-/';

/**
 * Text as search compares it: the first FIELD_LIMIT code units, compatibility-decomposed,
 * combining marks dropped, each run of control characters turned into one space, lower case.
 */
export function foldForSearch(value: string): string {
  const decomposed = value.slice(0, FIELD_LIMIT).normalize('NFKD');
  if (!NEEDS_FOLDING.test(decomposed)) {
    return decomposed.toLowerCase();
  }
  let out = '';
  let afterControl = false;
  for (const ch of decomposed) {
    if (MARK.test(ch)) {
      continue; // dropped before control runs are merged: it does not end one
    }
    if (CONTROL.test(ch)) {
      if (!afterControl) {
        out += ' ';
      }
      afterControl = true;
      continue;
    }
    afterControl = false;
    out += ch;
  }
  return out.toLowerCase();
}

function onlyDigits(value: string): string {
  let out = '';
  for (const ch of value) {
    if (ch >= '0' && ch <= '9') {
      out += ch;
    }
  }
  return out;
}

function isPhoneWord(word: string): boolean {
  return [...word].every((ch) => PHONE_CHARS.includes(ch)) && onlyDigits(word).length > 0;
}

/**
 * The terms of a query (every one must match) and the whole query with single spaces. A word
 * of phone characters only (with a digit) stands for its digits; a query of such words only
 * is one digit string, so "650 333" must be found in one run of digits.
 */
export function oracleQuery(query: string): { terms: string[]; whole: string } {
  const words = foldForSearch(query.trim())
    .split(/\s+/)
    .filter((w) => w !== '');
  const whole = words.join(' ');
  if (words.length > 0 && words.every(isPhoneWord)) {
    return { terms: [onlyDigits(whole)], whole };
  }
  const terms: string[] = [];
  for (const w of words) {
    const term = isPhoneWord(w) ? onlyDigits(w) : w;
    if (!terms.includes(term)) {
      terms.push(term);
    }
  }
  return { terms, whole };
}

/**
 * A letter or a digit of any script, judged per UTF-16 code unit as the index does: the half
 * of a surrogate pair is neither, so a letter beyond the BMP does not join the next word.
 */
function isLetterOrDigit(text: string, at: number): boolean {
  return LETTER_OR_DIGIT.test(text[at]);
}

function startsAWord(field: string, term: string): boolean {
  for (let at = field.indexOf(term); at >= 0; at = field.indexOf(term, at + 1)) {
    if (at === 0 || !isLetterOrDigit(field, at - 1)) {
      return true;
    }
  }
  return false;
}

/** A contact with its folded fields: the label first, then the lead's name when known. */
export interface OracleRow {
  contact: ContactSummary;
  label: string;
  fields: string[];
}

/** The label the tree shows: display name, else name, else the first email, else "(no name)". */
function labelOf(c: ContactSummary): string {
  return c.displayName || c.name || c.emails.find((e) => e.email)?.email || '(no name)';
}

/** Every contact's folded fields, to search many queries over the same contacts. */
export function oracleRows(contacts: Iterable<ContactSummary>, leadName: (leadId: string) => string | undefined): OracleRow[] {
  const rows: OracleRow[] = [];
  for (const c of contacts) {
    const label = foldForSearch(labelOf(c));
    const fields = [label];
    for (const text of [c.displayName, c.name, ...c.emails.map((e) => e.email), c.title]) {
      if (text) {
        fields.push(foldForSearch(text));
      }
    }
    for (const p of c.phones) {
      fields.push(onlyDigits(p.phone), onlyDigits(p.phone_formatted ?? ''));
    }
    const lead = c.leadId === null ? undefined : leadName(c.leadId);
    if (lead) {
      fields.push(foldForSearch(lead));
    }
    rows.push({ contact: c, label, fields: fields.filter((f) => f !== '') });
  }
  return rows;
}

/**
 * Contacts holding every term of `query` in a field, best first, at most `limit`: tier 0 when
 * the label starts with the whole query, tier 1 when every term starts a word, then the rest;
 * within a tier by folded label, then id (code unit order).
 */
export function oracleSearch(
  contacts: Iterable<ContactSummary> | readonly OracleRow[],
  leadName: (leadId: string) => string | undefined,
  query: string,
  limit: number,
): ContactSummary[] {
  const rows = isRows(contacts) ? contacts : oracleRows(contacts, leadName);
  const { terms, whole } = oracleQuery(query);
  const ranked: { tier: number; label: string; id: string; contact: ContactSummary }[] = [];
  for (const { contact, label, fields } of rows) {
    if (!terms.every((t) => fields.some((f) => f.includes(t)))) {
      continue;
    }
    const tier = label.startsWith(whole) ? 0 : terms.every((t) => fields.some((f) => startsAWord(f, t))) ? 1 : 2;
    ranked.push({ tier, label, id: contact.id, contact });
  }
  const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  ranked.sort((a, b) => a.tier - b.tier || byCodeUnits(a.label, b.label) || byCodeUnits(a.id, b.id));
  return ranked.slice(0, limit).map((r) => r.contact);
}

function isRows(value: Iterable<ContactSummary> | readonly OracleRow[]): value is readonly OracleRow[] {
  return Array.isArray(value) && value.length > 0 && 'fields' in value[0];
}
