// Notices when another window writes an organization's cache. The cache is replaced by a rename,
// so the folder is watched (a watch on the file itself would follow the old, replaced inode),
// and a slow poll of the file's mtime backs the watch up where file events do not arrive
// (network drives, some containers). No `vscode` import.
import * as fsSync from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface CacheWatchOptions {
  /** Events within this time are reported once. Default 100 ms. */
  settleMs?: number;
  /** The backing poll. Default 1 s. */
  pollMs?: number;
  /** false: no folder watch, the poll alone (as where file events never arrive). Default true. */
  fileEvents?: boolean;
}

export interface Disposable {
  dispose(): void;
}

export interface CacheWatch extends Disposable {
  /** Settles once the folder is watched and the file's first mtime is known. */
  readonly ready: Promise<void>;
}

/** Whether a folder event names the cache file (`null`: the platform did not say which file). */
export function namesCacheFile(changed: string | Buffer | null, name: string): boolean {
  return changed === null || changed.toString() === name;
}

/** Calls `onChange` (at most once per settle time) when `file` is created or replaced. */
export function watchCacheFile(file: string, onChange: () => void, options: CacheWatchOptions = {}): CacheWatch {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const settleMs = options.settleMs ?? 100;
  let disposed = false;
  let timer: NodeJS.Timeout | undefined;
  let lastMtime: number | undefined;
  let watcher: fsSync.FSWatcher | undefined;

  const fire = (): void => {
    if (disposed || timer) {
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      if (!disposed) {
        onChange();
      }
    }, settleMs);
    timer.unref();
  };
  const mtime = async (): Promise<number | undefined> => {
    try {
      return (await fs.stat(file)).mtimeMs;
    } catch {
      return undefined;
    }
  };
  const firstMtime = mtime().then((m) => {
    lastMtime ??= m;
  });
  const poll = setInterval(() => {
    void mtime().then((m) => {
      if (m !== undefined && m !== lastMtime) {
        lastMtime = m;
        fire();
      }
    });
  }, options.pollMs ?? 1000);
  poll.unref();

  const startWatch = async (): Promise<void> => {
    await fs.mkdir(dir, { recursive: true }).catch(() => undefined);
    if (disposed || options.fileEvents === false) {
      return;
    }
    try {
      watcher = fsSync.watch(dir, { persistent: false }, (_event, changed) => {
        if (namesCacheFile(changed, name)) {
          void mtime().then((m) => {
            lastMtime = m ?? lastMtime;
            fire();
          });
        }
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      // The poll alone.
    }
  };
  const ready = Promise.all([firstMtime, startWatch()]).then(() => undefined);

  return {
    ready,
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
    },
  };
}
