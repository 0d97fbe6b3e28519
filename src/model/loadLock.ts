// One load per organization across VS Code windows: a lock file next to the organization's
// cache. The window that creates it loads; it refreshes a heartbeat (and its progress) while it
// loads and deletes the file when done. A lock whose process is gone on this host, or whose
// heartbeat stopped, is stale: a crashed or killed window never blocks loads for long.
// Every write lands whole (a temporary file hard-linked or renamed into place), so a reader
// never sees half a lock. No `vscode` import.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LockInfo {
  /** Unique per acquisition: who holds the lock now. */
  owner: string;
  pid: number;
  host: string;
  startedAt: number;
  heartbeatAt: number;
  /** Contacts the holder has loaded so far. */
  contactsLoaded: number;
}

export interface LoadLockOptions {
  /** A heartbeat older than this makes another host's lock stale. Default 5 s. */
  staleMs?: number;
  /**
   * The same for a window of this host whose process is alive. Default 60 s: a late heartbeat
   * there is most likely an extension host starved of CPU, not a hung one.
   */
  liveStaleMs?: number;
  /** How often the holder refreshes its heartbeat. Default 1 s. */
  heartbeatMs?: number;
  now?: () => number;
  /** Whether a process of this host is alive (tests replace it). */
  pidAlive?: (pid: number) => boolean;
  pid?: number;
  host?: string;
}

export function lockFileName(organizationId: string): string {
  return `contacts-${organizationId.replace(/[^A-Za-z0-9_-]/g, '_')}.lock`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parse(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo> | null;
    if (
      v &&
      typeof v.owner === 'string' &&
      typeof v.pid === 'number' &&
      typeof v.host === 'string' &&
      typeof v.startedAt === 'number' &&
      typeof v.heartbeatAt === 'number' &&
      typeof v.contactsLoaded === 'number'
    ) {
      return v as LockInfo;
    }
  } catch {
    // damaged: treated below
  }
  return undefined;
}

let sequence = 0;

/** The lock held by this process; `lost` once another window took it over. */
export class HeldLock {
  private timer: NodeJS.Timeout | undefined;
  private progress = 0;
  private writing: Promise<void> = Promise.resolve();
  private lostValue = false;
  private released = false;

  constructor(
    private readonly lock: LoadLock,
    readonly info: LockInfo,
    heartbeatMs: number,
  ) {
    this.timer = setInterval(() => void this.beat(), heartbeatMs);
    this.timer.unref();
  }

  get lost(): boolean {
    return this.lostValue;
  }

  /** Contacts loaded so far, written with the next heartbeat. */
  setProgress(contactsLoaded: number): void {
    this.progress = contactsLoaded;
  }

  /** Refreshes the heartbeat now (unless another window took the lock). */
  beat(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.released || this.lostValue) {
        return;
      }
      const now = await this.lock.read();
      if (now?.owner !== this.info.owner) {
        this.lostValue = true;
        this.stop();
        return;
      }
      await this.lock.write({ ...this.info, heartbeatAt: this.lock.now(), contactsLoaded: this.progress });
    }).catch(() => undefined);
    return this.writing;
  }

  /** Deletes the lock if it is still this one's. */
  async release(): Promise<void> {
    this.stop();
    await this.writing;
    if (this.released) {
      return;
    }
    this.released = true;
    const now = await this.lock.read();
    if (now?.owner === this.info.owner) {
      await fs.rm(this.lock.file, { force: true }).catch(() => undefined);
    }
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

export class LoadLock {
  readonly file: string;
  readonly staleMs: number;
  private readonly liveStaleMs: number;
  private readonly heartbeatMs: number;
  readonly now: () => number;
  private readonly pidAlive: (pid: number) => boolean;
  private readonly pid: number;
  private readonly host: string;
  /** This window (its extension host process), as it signs the caches it writes. */
  readonly window: string;

  constructor(
    readonly dir: string,
    organizationId: string,
    options: LoadLockOptions = {},
  ) {
    this.file = path.join(dir, lockFileName(organizationId));
    this.staleMs = options.staleMs ?? 5000;
    this.liveStaleMs = options.liveStaleMs ?? 60_000;
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.pidAlive = options.pidAlive ?? processAlive;
    this.pid = options.pid ?? process.pid;
    this.host = options.host ?? os.hostname();
    this.window = `${this.host}:${this.pid}`;
  }

  /** The lock as it is on disk, or undefined when there is none (or it is damaged). */
  async read(): Promise<LockInfo | undefined> {
    try {
      return parse(await fs.readFile(this.file, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /**
   * Abandoned: its process is gone on this host, or its heartbeat stopped (for longer on this
   * host, where the process is seen alive). A lock of this very
   * process is one a controller of this window left while it was replaced: not another window's.
   */
  isStale(info: LockInfo): boolean {
    const age = this.now() - info.heartbeatAt;
    if (info.host !== this.host) {
      return age > this.staleMs;
    }
    return info.pid === this.pid || !this.pidAlive(info.pid) || age > this.liveStaleMs;
  }

  /** The lock of a live window other than this one's holder, if any. */
  async heldElsewhere(): Promise<LockInfo | undefined> {
    const info = await this.read();
    return info && !this.isStale(info) ? info : undefined;
  }

  /**
   * Takes the lock when it is free or stale; undefined when a live window holds it. Two windows
   * that find the same stale lock cannot both win: only one moves it aside.
   */
  async tryAcquire(): Promise<HeldLock | undefined> {
    await fs.mkdir(this.dir, { recursive: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      const info = this.fresh();
      if (await this.create(info)) {
        return new HeldLock(this, info, this.heartbeatMs);
      }
      const existing = await this.read();
      if (existing && !this.isStale(existing)) {
        return undefined;
      }
      if (!existing && !(await this.damagedAndOld())) {
        // Just created by another window and not readable yet, or deleted meanwhile: try again.
        continue;
      }
      await this.removeIfStill(existing);
    }
    return undefined;
  }

  /** Takes the lock whoever holds it (an explicit Refresh): the holder notices at its next heartbeat. */
  async take(): Promise<HeldLock> {
    await fs.mkdir(this.dir, { recursive: true });
    const info = this.fresh();
    await this.write(info);
    return new HeldLock(this, info, this.heartbeatMs);
  }

  /** Replaces the lock file whole. */
  async write(info: LockInfo): Promise<void> {
    const tmp = this.tempName();
    await fs.writeFile(tmp, JSON.stringify(info), { mode: 0o600 });
    try {
      await fs.rename(tmp, this.file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  private fresh(): LockInfo {
    const now = this.now();
    return { owner: `${this.host}:${this.pid}:${now}:${++sequence}`, pid: this.pid, host: this.host, startedAt: now, heartbeatAt: now, contactsLoaded: 0 };
  }

  private tempName(): string {
    return `${this.file}.${this.pid}.${++sequence}.tmp`;
  }

  /** Creates the lock only if there is none (a hard link fails when the name exists). */
  private async create(info: LockInfo): Promise<boolean> {
    const tmp = this.tempName();
    await fs.writeFile(tmp, JSON.stringify(info), { mode: 0o600 });
    try {
      await fs.link(tmp, this.file);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        return false;
      }
      // A file system without hard links: exclusive create instead.
      try {
        await fs.writeFile(this.file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
        return true;
      } catch (err2) {
        if ((err2 as NodeJS.ErrnoException).code === 'EEXIST') {
          return false;
        }
        throw err2;
      }
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  /** An unreadable lock file is abandoned once it has not changed for the stale time. */
  private async damagedAndOld(): Promise<boolean> {
    try {
      const stat = await fs.stat(this.file);
      return this.now() - stat.mtimeMs > this.staleMs;
    } catch {
      return false;
    }
  }

  /**
   * Moves a stale lock aside and deletes it. If what was moved is not the lock judged stale
   * (another window took it over meanwhile), it is put back.
   */
  private async removeIfStill(stale: LockInfo | undefined): Promise<void> {
    const aside = `${this.file}.${this.pid}.${++sequence}.stale`;
    try {
      await fs.rename(this.file, aside);
    } catch {
      return;
    }
    const moved = parse(await fs.readFile(aside, 'utf8').catch(() => ''));
    if (stale && moved && moved.owner !== stale.owner && !this.isStale(moved)) {
      await fs.link(aside, this.file).catch(() => undefined);
    }
    await fs.rm(aside, { force: true });
  }
}
