// vCard 4.0 export (RFC 6350): one card per contact, CRLF line ends, text values escaped and
// lines folded at 75 octets without splitting a UTF-8 sequence. No `vscode` import.
import { contactLabel } from '../contactSummary';
import type { ExportRow } from './exportRow';

const MAX_LINE_OCTETS = 75;

// Control characters have no escape in a vCard text value (line breaks become \n).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\\,;\u0000-\u001F\u007F]/;

/**
 * A TEXT value: backslash, comma and line breaks escaped (RFC 6350 3.4); semicolons too in a
 * component of a structured value (ORG), where they would split it.
 */
export function vcardText(value: string, structured = false): string {
  if (!NEEDS_ESCAPE.test(value)) {
    return value;
  }
  const escaped = value
    .replace(CONTROL, '')
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
  return structured ? escaped.replace(/;/g, '\\;') : escaped;
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Folds a content line (RFC 6350 3.2): at most 75 octets per line, continuations start with a space. */
export function foldLine(line: string): string {
  // Most lines are short: 3 octets at most per UTF-16 unit (4 per surrogate pair, which is 2 units).
  if (line.length * 3 <= MAX_LINE_OCTETS) {
    return `${line}\r\n`;
  }
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; ) {
    const codePoint = line.codePointAt(i) ?? 0;
    const units = codePoint > 0xffff ? 2 : 1;
    const size = utf8Length(codePoint);
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(line.slice(start, i));
      start = i;
      octets = 1; // the continuation's leading space
    }
    octets += size;
    i += units;
  }
  parts.push(line.slice(start));
  return `${parts.join('\r\n ')}\r\n`;
}

const EMAIL_TYPES: Readonly<Record<string, string>> = { office: 'work', direct: 'work', home: 'home' };
const PHONE_TYPES: Readonly<Record<string, string>> = { office: 'work', direct: 'work', home: 'home', mobile: 'cell', fax: 'fax' };

function typeParam(map: Readonly<Record<string, string>>, type: string | undefined): string {
  const mapped = type ? map[type] : undefined;
  return mapped ? `;TYPE=${mapped}` : '';
}

/** One card; the Close ids ride in X-CLOSE-CONTACT-ID and X-CLOSE-LEAD-ID. */
export function vcard({ contact: c, leadName }: ExportRow): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', `UID;VALUE=text:${vcardText(c.id)}`, `FN:${vcardText(contactLabel(c))}`];
  if (leadName) {
    lines.push(`ORG:${vcardText(leadName, true)}`);
  }
  if (c.title) {
    lines.push(`TITLE:${vcardText(c.title)}`);
  }
  for (const e of c.emails) {
    lines.push(`EMAIL${typeParam(EMAIL_TYPES, e.type)}:${vcardText(e.email)}`);
  }
  for (const p of c.phones) {
    lines.push(`TEL;VALUE=text${typeParam(PHONE_TYPES, p.type)}:${vcardText(p.phone_formatted ?? p.phone)}`);
  }
  lines.push(`X-CLOSE-CONTACT-ID:${vcardText(c.id)}`);
  if (c.leadId) {
    lines.push(`X-CLOSE-LEAD-ID:${vcardText(c.leadId)}`);
  }
  lines.push('END:VCARD');
  return lines.map(foldLine).join('');
}
