// What a hover points at: the email address or phone number around a position in a line of
// text, as written there (any format: `+1 (650) 555-4444`, `650.555.4444`, `+16505554444`).

export interface ContactToken {
  kind: 'email' | 'phone';
  /** The text as written. */
  text: string;
  /** Offsets in the line: [start, end). */
  start: number;
  end: number;
}

// Unicode letters are allowed in the local part and the domain (IDN addresses).
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// An optional + or opening parenthesis, digits, and the separators people type between them.
const PHONE = /(?:\+|\()?\d(?:[\d.\-/ ]|\(\d|\)\s?)*\d/g;
/** E.164 numbers have at most 15 digits; fewer than 7 are not worth a lookup. */
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;
/** Lines longer than this (minified code, data) are not searched. */
const MAX_LINE = 10_000;

function tokenAt(line: string, offset: number, pattern: RegExp, kind: ContactToken['kind']): ContactToken | undefined {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(line); m !== null; m = pattern.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start > offset) {
      return undefined;
    }
    if (offset <= end) {
      return { kind, text: m[0], start, end };
    }
  }
  return undefined;
}

/** A letter or digit right before `start` or at `end`: the match is part of a longer word (an id, a hash). */
function insideWord(line: string, start: number, end: number): boolean {
  return /[\p{L}\p{N}_]/u.test(line.charAt(start - 1)) || /[\p{L}\p{N}_]/u.test(line.charAt(end));
}

/** The email address or phone number under `offset` (a cursor between characters counts for both sides). */
export function contactTokenAt(line: string, offset: number): ContactToken | undefined {
  if (line.length > MAX_LINE || offset < 0 || offset > line.length) {
    return undefined;
  }
  const email = tokenAt(line, offset, EMAIL, 'email');
  if (email) {
    // "mailto:ada@acme.com." and "<ada@acme.com>": trailing dots are the sentence's.
    const text = email.text.replace(/\.+$/, '');
    return { ...email, text, end: email.start + text.length };
  }
  const phone = tokenAt(line, offset, PHONE, 'phone');
  if (!phone) {
    return undefined;
  }
  // Spaces or a closing parenthesis may end the run; they are not part of the number.
  let text = phone.text.replace(/[\s)]+$/, '');
  if (text.startsWith('(') && !text.includes(')')) {
    text = text.slice(1);
    phone.start += 1;
  }
  const end = phone.start + text.length;
  const digits = text.replace(/\D/g, '').length;
  if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS || insideWord(line, phone.start, end) || offset > end) {
    return undefined;
  }
  return { kind: 'phone', text, start: phone.start, end };
}
