// The warm-start cache on disk: one file per Close organization (cacheFormat.ts says what is
// in it). Writing is sliced, yielding between slices, then renamed into place so a crash never
// leaves half a file; reading parses one slice at a time so the event loop never stalls.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CacheFormatError, cachedLeadNames, decodeHeader, decodeSlice, encodeHeader, encodeSlices, type CacheHeader } from './cacheFormat';
import type { LeadGroup } from './contactsModel';
import type { ContactSummary } from './contactSummary';
import { nextTurn } from './nextTurn';

const READ_BLOCK = 256 * 1024;

export interface CachedContacts extends CacheHeader {
  contacts: ContactSummary[];
  leadNames: [string, string][];
}

export function cacheFileName(organizationId: string): string {
  return `contacts-${organizationId.replace(/[^A-Za-z0-9_-]/g, '_')}.jsonl`;
}

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
    // At 10,000 leads the members and the header take 10-20 ms each: each in a turn of its own,
    // not in the caller's (the end of a load has its own work to do).
    await nextTurn();
    const members = groups.map((g) => contactsOf(g.leadId).slice());
    await nextTurn();
    const header = encodeHeader(this.organizationId, groups, members, savedAt, this.writer);
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    const handle = await fs.open(tmp, 'w', 0o600);
    try {
      await handle.write(`${header}\n`);
      for (const line of encodeSlices(members)) {
        await handle.write(`${line}\n`);
        await nextTurn();
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
      const header = first.done ? undefined : decodeHeader(first.value, this.organizationId);
      if (!header) {
        throw new CacheFormatError();
      }
      const groupsOrder = header.groups.leadIds;
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
          const contacts = decodeSlice(line.value, groupsOrder);
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
    return { ...reader.header, contacts, leadNames: cachedLeadNames(reader.header.groups) };
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
