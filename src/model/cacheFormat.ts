// The warm-start cache's file format, apart from its I/O (contactCache.ts). One file per
// Close organization holds what the tree showed after the last complete load (never the API
// key). The first line is a small header with the lead groups in display order and their
// counts, so the tree's root nodes are ready after reading and parsing only that line; the
// contacts follow as packed JSON arrays, one line per slice of SLICE contacts, so reading can
// parse one slice at a time and the event loop never stalls. A file of another format
// version or another organization reads as damaged.
import type { ContactEmail, ContactPhone } from '../close/types';
import type { LeadGroup } from './contactsModel';
import { EMPTY, type ContactSummary } from './contactSummary';
import { intern } from './intern';

const FORMAT = 2;
const SLICE = 250;

export interface CachedGroup {
  leadId: string | null;
  name: string | null;
  count: number;
  status: string | null;
}

export interface CacheHeader {
  savedAt: number;
  /** The window (host:pid of its extension host) that wrote it; absent in older files. */
  writer?: string;
  total: number;
  groups: CachedGroup[];
}

/** [id, group index, displayName, name (0 = same as displayName), title, emails, phones] */
type PackedContact = [string, number, string | null, string | null | 0, string | null, (string | number)[], (string | null)[]];

interface HeaderLine {
  format: number;
  organizationId: string;
  savedAt: number;
  writer?: string;
  total: number;
  /** [leadId | null, name | null, count, status?] in display order (older files have no status). */
  groups: [string | null, string | null, number, (string | null)?][];
}

export class CacheFormatError extends Error {
  constructor() {
    super('The contact cache file is damaged; it will be rebuilt on the next load.');
  }
}

/** The header line (without its newline) for `groups`, whose contacts are `members` (same order). */
export function encodeHeader(
  organizationId: string,
  groups: readonly LeadGroup[],
  members: readonly (readonly ContactSummary[])[],
  savedAt: number,
  writer: string | undefined,
): string {
  const header: HeaderLine = {
    format: FORMAT,
    organizationId,
    savedAt,
    ...(writer !== undefined ? { writer } : {}),
    total: members.reduce((n, m) => n + m.length, 0),
    groups: groups.map((g, i) => [g.leadId, g.named && g.leadId !== null ? g.label : null, members[i].length, g.status]),
  };
  return JSON.stringify(header);
}

/** The contact lines (without newlines), one per slice of SLICE contacts; `members[i]` belong to group i. */
export function* encodeSlices(members: readonly (readonly ContactSummary[])[]): Generator<string, void, void> {
  let packed: PackedContact[] = [];
  for (let g = 0; g < members.length; g++) {
    for (const c of members[g]) {
      packed.push(pack(c, g));
      if (packed.length === SLICE) {
        yield JSON.stringify(packed);
        packed = [];
      }
    }
  }
  if (packed.length > 0) {
    yield JSON.stringify(packed);
  }
}

/** The header of `organizationId`'s cache, or undefined when the line is not one. */
export function decodeHeader(line: string, organizationId: string): CacheHeader | undefined {
  let h: HeaderLine;
  try {
    h = JSON.parse(line) as HeaderLine;
  } catch {
    return undefined;
  }
  if (
    typeof h !== 'object' ||
    h === null ||
    h.format !== FORMAT ||
    h.organizationId !== organizationId ||
    typeof h.savedAt !== 'number' ||
    typeof h.total !== 'number' ||
    !Array.isArray(h.groups)
  ) {
    return undefined;
  }
  const groups: CachedGroup[] = [];
  for (const g of h.groups) {
    if (!Array.isArray(g) || (g[0] !== null && typeof g[0] !== 'string') || typeof g[2] !== 'number') {
      return undefined;
    }
    const leadId = g[0] === null ? null : intern(g[0]);
    groups.push({ leadId, name: str(g[1]), count: g[2], status: leadId === null ? null : str(g[3]) });
  }
  return { savedAt: h.savedAt, ...(typeof h.writer === 'string' ? { writer: h.writer } : {}), total: h.total, groups };
}

/** One line of contacts; undefined when it is damaged. `groups`: the lead id of each group index. */
export function decodeSlice(line: string, groups: readonly (string | null)[]): ContactSummary[] | undefined {
  let rows: unknown;
  try {
    rows = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!Array.isArray(rows)) {
    return undefined;
  }
  const out: ContactSummary[] = [];
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row)) {
      return undefined;
    }
    const p = row as PackedContact;
    const id = str(p[0]);
    const group = p[1];
    if (!id || typeof group !== 'number' || group < 0 || group >= groups.length || !Array.isArray(p[5]) || !Array.isArray(p[6])) {
      return undefined;
    }
    const displayName = str(p[2]);
    const emails: ContactEmail[] = [];
    const e = p[5];
    for (let i = 0; i + 2 < e.length; i += 3) {
      const email = str(e[i]);
      if (email) {
        emails.push({ email, type: intern(str(e[i + 1]) ?? 'other'), is_unsubscribed: e[i + 2] === 1 });
      }
    }
    const phones: ContactPhone[] = [];
    const ph = p[6];
    for (let i = 0; i + 3 < ph.length; i += 4) {
      const phone = str(ph[i]);
      if (!phone) {
        continue;
      }
      const entry: ContactPhone = { phone, type: intern(str(ph[i + 2]) ?? 'other') };
      const formatted = str(ph[i + 1]);
      if (formatted) {
        entry.phone_formatted = formatted;
      }
      const country = str(ph[i + 3]);
      if (country) {
        entry.country = intern(country);
      }
      phones.push(entry);
    }
    out.push({
      id,
      leadId: groups[group] ?? null,
      displayName,
      name: p[3] === 0 ? displayName : str(p[3]),
      title: str(p[4]),
      // slice(): exact-size arrays (pushed-to arrays keep spare capacity).
      emails: emails.length > 0 ? emails.slice() : EMPTY,
      phones: phones.length > 0 ? phones.slice() : EMPTY,
    });
  }
  return out;
}

function pack(c: ContactSummary, group: number): PackedContact {
  const emails: (string | number)[] = [];
  for (const e of c.emails) {
    emails.push(e.email, e.type, e.is_unsubscribed ? 1 : 0);
  }
  const phones: (string | null)[] = [];
  for (const p of c.phones) {
    phones.push(p.phone, p.phone_formatted ?? null, p.type, p.country ?? null);
  }
  return [c.id, group, c.displayName, c.name === c.displayName && c.name !== null ? 0 : c.name, c.title, emails, phones];
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}
