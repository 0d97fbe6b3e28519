// The warm-start cache's file format, apart from its I/O (contactCache.ts). One file per
// Close organization holds what the tree showed after the last complete load (never the API
// key). The first line is a small header with the lead groups in display order and their
// counts, so the tree's root nodes are ready after reading and parsing only that line; the
// contacts follow as packed JSON arrays, one line per slice of SLICE contacts, so reading can
// parse one slice at a time and the event loop never stalls. A file of another format
// version or another organization reads as damaged.
//
// The header holds the groups as columns (one array per field, no object or array per
// group) and is pure ASCII (other characters as \u escapes): V8 then decodes and parses
// one-byte text and builds no per-group objects, which took decoding a 40,000-lead header
// from about 65 ms to 25 ms here.
import type { ContactEmail, ContactPhone } from '../close/types';
import type { LeadGroup } from './contactsModel';
import type { ContactSummary } from './contactSummary';
import { packSummary } from './packedSummary';

const FORMAT = 3;
/** The format before: one [leadId, name, count, status?] row per group. Still read. */
const ROWS_FORMAT = 2;
const SLICE = 250;

/** The lead groups in display order, one entry per group in each column. */
export interface CachedGroups {
  readonly leadIds: readonly (string | null)[];
  /** null where the lead's name is not known (its row shows the id). */
  readonly names: readonly (string | null)[];
  readonly counts: readonly number[];
  readonly statuses: readonly (string | null)[];
}

export interface CacheHeader {
  savedAt: number;
  /** The window (host:pid of its extension host) that wrote it; absent in older files. */
  writer?: string;
  total: number;
  groups: CachedGroups;
}

/** [id, group index, displayName, name (0 = same as displayName), title, emails, phones] */
type PackedContact = [string, number, string | null, string | null | 0, string | null, (string | number)[], (string | null)[]];

interface HeaderLine {
  format: number;
  organizationId: string;
  savedAt: number;
  writer?: string;
  total: number;
  leadIds: (string | null)[];
  names: (string | null)[];
  counts: number[];
  /** The distinct status labels; `statusOf[i]` is group i's index into them, -1 for none. */
  statusLabels: string[];
  statusOf: number[];
}

interface RowsHeaderLine {
  groups: unknown;
}

/** A format-2 header's group rows as the columns of format 3 (undefined when they are not rows). */
function columnsOfRows(rows: unknown): Pick<HeaderLine, 'leadIds' | 'names' | 'counts' | 'statusLabels' | 'statusOf'> | undefined {
  if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r))) {
    return undefined;
  }
  const column = <T>(at: number): T[] => (rows as unknown[][]).map((r) => r[at] as T);
  return { leadIds: column(0), names: column(1), counts: column(2), ...indexLabels(column<unknown>(3)) };
}

/** The distinct non-empty status labels, and each group's index into them (-1 for none). */
function indexLabels(statuses: readonly unknown[]): Pick<HeaderLine, 'statusLabels' | 'statusOf'> {
  const labels = new Map<string, number>();
  const statusOf = statuses.map((status) => {
    if (typeof status !== 'string' || status.length === 0) {
      return -1;
    }
    let at = labels.get(status);
    if (at === undefined) {
      at = labels.size;
      labels.set(status, at);
    }
    return at;
  });
  return { statusLabels: [...labels.keys()], statusOf };
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
    leadIds: groups.map((g) => g.leadId),
    names: groups.map((g) => (g.named && g.leadId !== null ? g.label : null)),
    counts: members.map((m) => m.length),
    ...indexLabels(groups.map((g) => (g.leadId === null ? null : g.status))),
  };
  return asciiOnly(JSON.stringify(header));
}

/** JSON text with every character outside ASCII written as a \u escape (the same JSON value). */
function asciiOnly(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
    (h.format !== FORMAT && h.format !== ROWS_FORMAT) ||
    h.organizationId !== organizationId ||
    typeof h.savedAt !== 'number' ||
    typeof h.total !== 'number'
  ) {
    return undefined;
  }
  const { leadIds, names, counts, statusLabels, statusOf } = h.format === ROWS_FORMAT ? (columnsOfRows((h as unknown as RowsHeaderLine).groups) ?? h) : h;
  const n = Array.isArray(leadIds) ? leadIds.length : -1;
  if (n < 0 || !sized(names, n) || !sized(counts, n) || !sized(statusOf, n) || !Array.isArray(statusLabels) || !statusLabels.every((l) => typeof l === 'string')) {
    return undefined;
  }
  // The parsed columns are used as they are; only the statuses are expanded from their labels.
  const statuses: (string | null)[] = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const leadId = leadIds[i];
    const name = names[i];
    const at = statusOf[i];
    if ((leadId !== null && (typeof leadId !== 'string' || leadId.length === 0)) || (name !== null && typeof name !== 'string') || typeof counts[i] !== 'number' || typeof at !== 'number') {
      return undefined;
    }
    if (name === '' || leadId === null) {
      names[i] = null;
    }
    statuses[i] = leadId !== null && at >= 0 ? (statusLabels[at] ?? null) : null;
  }
  return { savedAt: h.savedAt, ...(typeof h.writer === 'string' ? { writer: h.writer } : {}), total: h.total, groups: { leadIds, names, counts, statuses } };
}

/** [lead id, name] of every group whose lead's name is known. */
export function cachedLeadNames(groups: CachedGroups): [string, string][] {
  return pairs(groups, groups.names);
}

/** [lead id, status label] of every group whose lead has one. */
export function cachedLeadStatuses(groups: CachedGroups): [string, string][] {
  return pairs(groups, groups.statuses);
}

function pairs(groups: CachedGroups, values: readonly (string | null)[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < groups.leadIds.length; i++) {
    const leadId = groups.leadIds[i];
    const value = values[i];
    if (leadId !== null && value) {
      out.push([leadId, value]);
    }
  }
  return out;
}

function sized(value: unknown, n: number): value is unknown[] {
  return Array.isArray(value) && value.length === n;
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
        emails.push({ email, type: str(e[i + 1]) ?? 'other', is_unsubscribed: e[i + 2] === 1 });
      }
    }
    const phones: ContactPhone[] = [];
    const ph = p[6];
    for (let i = 0; i + 3 < ph.length; i += 4) {
      const phone = str(ph[i]);
      if (!phone) {
        continue;
      }
      const entry: ContactPhone = { phone, type: str(ph[i + 2]) ?? 'other' };
      const formatted = str(ph[i + 1]);
      if (formatted) {
        entry.phone_formatted = formatted;
      }
      const country = str(ph[i + 3]);
      if (country) {
        entry.country = country;
      }
      phones.push(entry);
    }
    out.push(packSummary({ id, leadId: groups[group] ?? null, displayName, name: p[3] === 0 ? displayName : str(p[3]), title: str(p[4]) }, emails, phones));
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
