// What a language model asks for, turned into searches of the loaded contacts. A model often
// passes the user's whole sentence ("who is the CTO at Acme?"), and the search index wants
// every word to match; so the words that only make the sentence (who, is, the, at) go, and
// when no contact holds every remaining word, the contacts that hold the most of them come
// back, with how many they hold. Only the search the palette uses is called: nothing here
// reaches Close.
import type { SearchHit } from './contactsController';
import { contactLabel } from './contactSummary';
import { normalize, searchFields, startsWord } from './searchText';

/** The palette's search: best matches first, at most `limit` (searchText.ts rules). */
export type ContactSearch = (query: string, limit: number) => SearchHit[];

/** Matches counted at most: beyond it the answer says "more than". */
export const COUNT_CAP = 200;
/** Words tried in combinations when no contact matches them all (2^n - 1 searches at most). */
export const MAX_FALLBACK_TERMS = 5;

// Words of a question or a request that name no contact. Words that are also names or
// titles ("will", "may", "lead", "owner") are not here.
const STOP_WORDS = new Set([
  'a', 'about', 'address', 'addresses', 'all', 'an', 'and', 'any', 'anyone', 'are', 'as', 'at', 'be', 'by', 'can', 'company',
  'contact', 'contacts', 'could', 'details', 'do', 'does', 'e-mail', 'email', 'emails', 'find', 'for', 'from', 'get', 'give',
  'has', 'have', 'he', 'her', 'his', 'how', 'i', 'in', 'info', 'information', 'is', 'it', 'job', 'list', 'look', 'mail', 'me',
  'my', 'need', 'number', 'numbers', 'of', 'on', 'or', 'our', 'person', 'people', 'phone', 'phones', 'please', 'reach', 'role',
  'search', 'she', 'show', 'someone', 'tell', 'that', 'the', 'their', 'them', 'there', 'they', 'this', 'title', 'to', 'up',
  'us', 'was', 'we', 'what', 'whats', 'when', 'where', 'which', 'who', 'whom', 'whose', 'with', 'work', 'works', 'would',
  'you', 'your',
]);

const PHONE_WORD = /^[+\d().\-/]*\d[+\d().\-/]*$/;
// Punctuation around a word in a sentence; "+" and "(" stay in front (phone numbers), "@" and
// "." inside (email addresses).
const LEADING = /^[\s"'`“”‘’«»[{<,;:!?¿¡*_]+/u;
const TRAILING = /[\s"'`“”‘’«»\]}>,;:!?.*_]+$/u;
const POSSESSIVE = /['’]s$/u;

/** The words of a query: punctuation of the sentence trimmed, possessives dropped ("Acme's" → "Acme"). */
export function queryWords(query: string): string[] {
  const out: string[] = [];
  for (const raw of query.split(/\s+/u)) {
    let w = raw.replace(LEADING, '').replace(TRAILING, '').replace(POSSESSIVE, '');
    if (/^\(?\d/u.test(raw) || raw.startsWith('+')) {
      // "(650)" and "+1" keep their phone punctuation; search reduces them to digits.
      w = raw.replace(/[,;:!?]+$/u, '');
    }
    if (w.length > 0) {
      out.push(w);
    }
  }
  return out;
}

/**
 * The words to search for: stop words dropped (all of them kept when nothing else is left,
 * as for a person named "An"), runs of phone-like words merged into one digit string
 * ("+1 650 555 0134" → "16505550134"), repeats dropped.
 */
export function searchTerms(query: string): string[] {
  const words = queryWords(query);
  const content = words.filter((w) => !STOP_WORDS.has(normalize(w).replace(/['’]/gu, '')));
  const kept = content.length > 0 ? content : words;
  const merged: string[] = [];
  let digits = '';
  const flush = (): void => {
    if (digits) {
      merged.push(digits);
      digits = '';
    }
  };
  for (const w of kept) {
    if (PHONE_WORD.test(w)) {
      digits += w.replace(/\D+/gu, '');
    } else {
      flush();
      merged.push(w);
    }
  }
  flush();
  const seen = new Set<string>();
  return merged.filter((w) => {
    const key = normalize(w);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** "ctos" → "cto": plural words match their singular (never "ss", digits or short words). */
function singular(term: string): string {
  return /^\p{L}{3,}s$/u.test(term) && !/ss$/iu.test(term) ? term.slice(0, -1) : term;
}

export interface FoundContacts {
  /** The best matches, at most the limit asked for. */
  hits: SearchHit[];
  /** Every match found, at most COUNT_CAP. */
  total: number;
  /**
   * True when more than `total` match: COUNT_CAP was reached or, for contacts holding only
   * some of the words, a combination had more matches than the limit (those are not counted).
   */
  moreThanTotal: boolean;
  /** The words searched for, as typed (after stop words went). Empty: nothing to search for. */
  terms: string[];
  /** How many of `terms` each hit holds: all of them, or fewer when none holds them all. */
  termsMatched: number;
}

/** Finds loaded contacts for a query of a language model (see the top of this file). */
export function findContacts(search: ContactSearch, query: string, limit: number): FoundContacts {
  const terms = searchTerms(query);
  const none: FoundContacts = { hits: [], total: 0, moreThanTotal: false, terms, termsMatched: 0 };
  if (terms.length === 0 || limit <= 0) {
    return none;
  }
  const all = counted(search, terms.join(' '), limit);
  if (all.hits.length > 0) {
    return found(all, terms.length, limit, terms);
  }
  const singulars = terms.map(singular);
  if (singulars.some((t, i) => t !== terms[i])) {
    const plural = counted(search, singulars.join(' '), limit);
    if (plural.hits.length > 0) {
      return found(plural, terms.length, limit, terms);
    }
  }
  if (terms.length === 1) {
    return none;
  }
  // No contact holds every word: the contacts holding the most of them, best first. A word no
  // contact holds is left out first (one cheap search each), so only words that can match
  // are combined.
  const live = singulars.filter((t) => search(t, 1).length > 0);
  if (live.length === 0) {
    return none;
  }
  const tried = longestFirst(live, MAX_FALLBACK_TERMS);
  // With a dead word gone, every live word together may still match.
  const largest = tried.length < terms.length ? tried.length : tried.length - 1;
  for (let size = largest; size >= 1; size--) {
    const union = new Map<string, SearchHit>();
    let capped = false;
    for (const subset of combinations(tried, size)) {
      // A page per combination: counting each would scan the index once per combination.
      const part = paged(search, subset.join(' '), limit);
      capped ||= part.capped;
      for (const h of part.hits) {
        if (!union.has(h.contact.id)) {
          union.set(h.contact.id, h);
        }
      }
    }
    if (union.size > 0) {
      const ranked = rankByTerms([...union.values()], tried);
      return found({ hits: ranked.slice(0, COUNT_CAP), capped: capped || union.size > COUNT_CAP }, size, limit, terms);
    }
  }
  return none;
}

/** A search's matches: all of them up to COUNT_CAP, `capped` when there are more. */
interface Counted {
  hits: SearchHit[];
  capped: boolean;
}

/**
 * The matches of a query, counted up to COUNT_CAP. Most questions name one contact: a page
 * one longer than the limit shows there are no more, and only a longer list costs the count.
 */
function counted(search: ContactSearch, query: string, limit: number): Counted {
  const page = search(query, limit + 1);
  if (page.length <= limit) {
    return { hits: page, capped: false };
  }
  const all = search(query, COUNT_CAP + 1);
  return { hits: all.slice(0, COUNT_CAP), capped: all.length > COUNT_CAP };
}

/** The first `limit` matches of a query; `capped` when there are more (not counted). */
function paged(search: ContactSearch, query: string, limit: number): Counted {
  const page = search(query, limit + 1);
  return { hits: page.slice(0, limit), capped: page.length > limit };
}

function found(matches: Counted, termsMatched: number, limit: number, terms: string[]): FoundContacts {
  return {
    hits: matches.hits.slice(0, limit),
    total: Math.min(matches.hits.length, COUNT_CAP),
    moreThanTotal: matches.capped,
    terms,
    termsMatched,
  };
}

/** The `max` longest terms (the most telling), in the order they were typed. */
function longestFirst(terms: string[], max: number): string[] {
  if (terms.length <= max) {
    return terms;
  }
  const keep = new Set([...terms].sort((a, b) => b.length - a.length).slice(0, max));
  return terms.filter((t) => keep.has(t));
}

function* combinations<T>(items: readonly T[], size: number, start = 0, prefix: T[] = []): Generator<T[]> {
  if (prefix.length === size) {
    yield prefix;
    return;
  }
  for (let i = start; i <= items.length - (size - prefix.length); i++) {
    yield* combinations(items, size, i + 1, [...prefix, items[i]]);
  }
}

/**
 * Contacts holding more of the terms first, then those where more terms start a word ("CTO"
 * before "Director", which holds "cto" inside), then the search's own order.
 */
function rankByTerms(hits: SearchHit[], terms: readonly string[]): SearchHit[] {
  const norms = terms.map((t) => (/^\d+$/u.test(t) ? t : normalize(t)));
  const scored = hits.map((hit, order) => {
    const fields = searchFields(hit.contact);
    fields.push(normalize(hit.leadLabel));
    if (hit.contact.displayName === null && hit.contact.name === null) {
      fields.push(normalize(contactLabel(hit.contact)));
    }
    let held = 0;
    let starts = 0;
    for (const t of norms) {
      if (fields.some((f) => f.includes(t))) {
        held++;
        if (fields.some((f) => startsWord(f, t))) {
          starts++;
        }
      }
    }
    return { hit, held, starts, order };
  });
  scored.sort((a, b) => b.held - a.held || b.starts - a.starts || a.order - b.order);
  return scored.map((s) => s.hit);
}
