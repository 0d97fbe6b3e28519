// A window's start, and loading once across the windows of one organization: one window holds
// the load lock (next to the cache) and loads; the others show its progress, then the cache it
// wrote, and take over when it goes away without writing one.
import { describeError } from '../../close/errors';
import type { HeldLock, LoadLock } from '../loadLock';
import type { ControllerCore } from './core';
import { load, refresh } from './loadRun';
import { adoptNewerCache, openCache, ownWrite, restoreFromCache } from './warmStart';

/**
 * What a window does when it starts: shows the cache, and loads unless the cache is fresher
 * than `freshForMs` (0: always load) or another window is loading (then it follows that load
 * and shows what it wrote; it takes over if that window goes away). Never rejects.
 */
export async function start(core: ControllerCore, freshForMs: number): Promise<void> {
  const cache = core.cache;
  if (!cache || !core.lock) {
    void restoreFromCache(core);
    await refresh(core);
    return;
  }
  // One read of the header serves both the age check and the restore (it is large at 40,000 leads).
  const reader = await openCache(core, cache);
  const savedAt = reader?.header.savedAt;
  if (savedAt !== undefined && freshForMs > 0 && Date.now() - savedAt < freshForMs) {
    core.log(`The cached contacts were saved ${Math.round((Date.now() - savedAt) / 1000)} s ago, within closeCrm.refreshOnStartMinutes: not reloading.`);
    if (await restoreFromCache(core, reader)) {
      return;
    }
  } else if (reader) {
    void restoreFromCache(core, reader);
  }
  await loadOnceAcrossWindows(core, savedAt);
}

/** Loads unless another window does; `baseline`: when the cache seen at the start was saved. */
async function loadOnceAcrossWindows(core: ControllerCore, baseline: number | undefined): Promise<void> {
  const lock = core.lock;
  const cache = core.cache;
  if (!lock || !cache) {
    return refresh(core);
  }
  const newer = async (): Promise<boolean> => {
    const stamp = await cache.stamp();
    return stamp !== undefined && !ownWrite(core, stamp) && (baseline === undefined || stamp.savedAt > baseline);
  };
  for (;;) {
    if (core.disposed || core.current || lock !== core.lock) {
      return;
    }
    let held: HeldLock | undefined;
    try {
      held = await lock.tryAcquire();
    } catch (err) {
      core.log(`Could not use the load lock (${describeError(err)}); loading without it.`);
      return refresh(core);
    }
    if (held) {
      if (core.current || core.disposed) {
        await held.release();
        return;
      }
      return load(core, Promise.resolve(held));
    }
    if ((await followOtherWindow(core, lock, newer)) !== 'free') {
      return;
    }
  }
}

/**
 * Shows another window's load until it ends: 'done' when its cache is shown (or this window
 * loads by itself meanwhile), 'free' when it stopped without writing one (crashed, failed).
 */
async function followOtherWindow(core: ControllerCore, lock: LoadLock, newer: () => Promise<boolean>): Promise<'done' | 'free'> {
  core.log('Another window is loading these contacts; showing its progress.');
  const pollMs = core.options.lockPollMs ?? 500;
  for (;;) {
    if (core.disposed || core.current || lock !== core.lock) {
      return 'done';
    }
    const info = await lock.heldElsewhere().catch(() => undefined);
    if (core.disposed || core.current || lock !== core.lock) {
      return 'done';
    }
    if (await newer()) {
      await adoptNewerCache(core);
      if (core.shownSavedAt !== undefined && core.status.current.otherWindow === undefined) {
        return 'done';
      }
    }
    if (!info) {
      core.log('The other window stopped loading without saving contacts; loading here.');
      core.setStatus({ otherWindow: undefined });
      return 'free';
    }
    const shown = core.status.current;
    if (shown.phase !== 'loading' || shown.otherWindow?.contactsLoaded !== info.contactsLoaded) {
      core.setStatus({ phase: 'loading', otherWindow: { contactsLoaded: info.contactsLoaded }, trouble: undefined });
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
