// The warm-start cache: one file per Close organization holding what the tree showed after
// the last complete load (never the API key). The first line is a small header with the lead
// groups in display order and their counts, so the tree's root nodes are ready after reading
// and parsing only that line; the contacts follow as packed JSON arrays, one line per slice of
// SLICE contacts, read and parsed one slice at a time so the event loop never stalls.
// Writing is sliced as well, then renamed into place so a crash never leaves half a file.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ContactEmail, ContactPhone } from '../close/types';
import type { LeadGroup } from './contactStore';
import { EMPTY, type ContactSummary } from './contactSummary';
import { intern } from './intern';

const FORMAT = 2;
const SLICE = 250;
const READ_BLOCK = 256 * 1024;

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

export interface CachedContacts extends CacheHeader {
  contacts: ContactSummary[];
  leadNames: [string, string][];
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

export function cacheFileName(organizationId: string): string {
  return `contacts-${organizationId.replace(/[^A-Za-z0-9_-]/g, '_')}.jsonl`;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface CacheReader {
  header: CacheHeader;
  /** The contacts, one slice at a time. Throws CacheFormatError on a damaged slice. */
  slices(): AsyncGenerator<ContactSummary[], void, void>;
  close(): Promise<void>;
}

export class ContactCache {
  readonly file: string;

  constructor(
    readonly dir: string,
    readonly organizationId: string,
    /** Signs what this window writes, so it can tell its own cache from another window's. */
    readonly writer?: string,
  ) {
    this.file = path.join(dir, cacheFileName(organizationId));
  }

  /**
   * Writes the cache a slice at a time (the header first: the groups and their counts are known
   * up front), yielding between slices; the previous file stays until the new one is complete.
   */
  async write(groups: readonly LeadGroup[], contactsOf: (leadId: string | null) => readonly ContactSummary[], savedAt = Date.now()): Promise<void> {
    const members = groups.map((g) => contactsOf(g.leadId).slice());
    const header: HeaderLine = {
      format: FORMAT,
      organizationId: this.organizationId,
      savedAt,
      ...(this.writer !== undefined ? { writer: this.writer } : {}),
      total: members.reduce((n, m) => n + m.length, 0),
      groups: groups.map((g, i) => [g.leadId, g.named && g.leadId !== null ? g.label : null, members[i].length, g.status]),
    };
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    const handle = await fs.open(tmp, 'w', 0o600);
    try {
      await handle.write(`${JSON.stringify(header)}\n`);
      let packed: PackedContact[] = [];
      for (let g = 0; g < members.length; g++) {
        for (const c of members[g]) {
          packed.push(pack(c, g));
          if (packed.length === SLICE) {
            await handle.write(`${JSON.stringify(packed)}\n`);
            packed = [];
            await nextTick();
          }
        }
      }
      if (packed.length > 0) {
        await handle.write(`${JSON.stringify(packed)}\n`);
      }
      await handle.close();
      await fs.rename(tmp, this.file);
    } catch (err) {
      await handle.close().catch(() => undefined);
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  /** Opens the cache and reads its header, or undefined when there is none. A damaged file is deleted. */
  async open(): Promise<CacheReader | undefined> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch {
      return undefined;
    }
    const lines = lineReader(handle);
    try {
      const first = await lines.next();
      const groupsOrder: (string | null)[] = [];
      const header = first.done ? undefined : parseHeader(first.value, this.organizationId, groupsOrder);
      if (!header) {
        throw new CacheFormatError();
      }
      const slices = async function* (): AsyncGenerator<ContactSummary[], void, void> {
        let seen = 0;
        for (;;) {
          const line = await lines.next();
          if (line.done) {
            break;
          }
          if (line.value.length === 0) {
            continue;
          }
          const contacts = parseSlice(line.value, groupsOrder);
          if (!contacts) {
            throw new CacheFormatError();
          }
          seen += contacts.length;
          yield contacts;
        }
        if (seen !== header.total) {
          throw new CacheFormatError();
        }
      };
      return { header, slices, close: () => handle.close().catch(() => undefined) };
    } catch (err) {
      await handle.close().catch(() => undefined);
      if (err instanceof CacheFormatError) {
        await this.delete();
        return undefined;
      }
      throw err;
    }
  }

  /** When and by which window the cache on disk was saved; undefined when there is none (or it is damaged). */
  async stamp(): Promise<{ savedAt: number; writer?: string } | undefined> {
    const reader = await this.open().catch(() => undefined);
    if (!reader) {
      return undefined;
    }
    await reader.close();
    return { savedAt: reader.header.savedAt, ...(reader.header.writer !== undefined ? { writer: reader.header.writer } : {}) };
  }

  /** Everything at once (to show another window's cache). Undefined when there is none or it is damaged (then deleted). */
  async read(): Promise<CachedContacts | undefined> {
    const reader = await this.open();
    if (!reader) {
      return undefined;
    }
    const contacts: ContactSummary[] = [];
    try {
      for await (const slice of reader.slices()) {
        contacts.push(...slice);
      }
    } catch (err) {
      if (err instanceof CacheFormatError) {
        await this.delete();
        return undefined;
      }
      throw err;
    } finally {
      await reader.close();
    }
    const leadNames: [string, string][] = [];
    for (const g of reader.header.groups) {
      if (g.leadId !== null && g.name) {
        leadNames.push([g.leadId, g.name]);
      }
    }
    return { ...reader.header, contacts, leadNames };
  }

  async delete(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}

/** Lines of a file, read in blocks (a line may be long: it holds a slice of contacts). */
async function* lineReader(handle: fs.FileHandle): AsyncGenerator<string, void, void> {
  const buffer = Buffer.alloc(READ_BLOCK);
  let pending: Buffer[] = [];
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, READ_BLOCK, null);
    if (bytesRead === 0) {
      break;
    }
    let block = buffer.subarray(0, bytesRead);
    let nl = block.indexOf(10);
    while (nl >= 0) {
      pending.push(block.subarray(0, nl));
      yield Buffer.concat(pending).toString('utf8');
      pending = [];
      block = block.subarray(nl + 1);
      nl = block.indexOf(10);
    }
    if (block.length > 0) {
      pending.push(Buffer.from(block));
    }
  }
  if (pending.length > 0) {
    yield Buffer.concat(pending).toString('utf8');
  }
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

function parseHeader(line: string, organizationId: string, order: (string | null)[]): CacheHeader | undefined {
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
    order.push(leadId);
    groups.push({ leadId, name: str(g[1]), count: g[2], status: leadId === null ? null : str(g[3]) });
  }
  return { savedAt: h.savedAt, ...(typeof h.writer === 'string' ? { writer: h.writer } : {}), total: h.total, groups };
}

function parseSlice(line: string, groups: readonly (string | null)[]): ContactSummary[] | undefined {
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
