// Warm start: what the disk cache shows before (or instead of) a load. A window's own cache
// streams in slice by slice behind the lead groups; a newer cache another window saved is
// taken whole. Fresh data (a load, a Refresh Lead) always wins over either.
import { describeError } from '../../close/errors';
import { cachedLeadNames, cachedLeadStatuses } from '../cacheFormat';
import type { CacheReader, ContactCache } from '../contactCache';
import { nextTurn } from '../nextTurn';
import type { ControllerCore } from './core';

/** Lead names indexed, or seeded lead groups built, per turn before the first contacts go in (about 10 ms). */
const LEADS_PER_TURN = 5000;

/**
 * Shows the disk cache, if there is one: the lead groups (the tree's root nodes) as soon as
 * the cache's header is read, then its contacts slice by slice. Resolves true once every
 * cached contact is in (false when there was nothing to show). A load that finishes first wins.
 */
export async function restoreFromCache(core: ControllerCore, opened?: CacheReader): Promise<boolean> {
  const { store, index } = core;
  const cache = core.cache;
  if (!cache) {
    await opened?.close();
    return false;
  }
  const reader = opened ?? (await openCache(core, cache));
  if (!reader) {
    return false;
  }
  const { header } = reader;
  // Fresh contacts already in the store win over the cache, and so does a finished load (an
  // organization may now have no contacts at all).
  if (header.total === 0 || store.size > 0 || core.loadedOnce || core.disposed || cache !== core.cache) {
    await reader.close();
    return false;
  }
  const generation = ++core.restoreGeneration;
  core.shownSavedAt = header.savedAt;
  store.seedGroups(header.groups);
  index.clear();
  core.setStatus({ phase: core.current ? 'loading' : 'complete', cachedAt: header.savedAt, stale: false });
  try {
    // The root rows go out first. Then, at 40,000 leads, the lead names for the search index take
    // some 60 ms and the store's groups some 80: they go a few thousand a turn, before the contacts.
    await nextTurn();
    let named = 0;
    for (const [leadId, name] of cachedLeadNames(header.groups)) {
      if (generation !== core.restoreGeneration) {
        return true;
      }
      index.setLeadName(leadId, name);
      if (++named % LEADS_PER_TURN === 0) {
        await nextTurn();
      }
    }
    await nextTurn();
    while (generation === core.restoreGeneration && !store.buildSeededGroups(LEADS_PER_TURN)) {
      await nextTurn();
    }
    for await (const slice of reader.slices()) {
      if (generation !== core.restoreGeneration) {
        return true;
      }
      // Contacts a refresh running meanwhile already brought are newer than the cache.
      // So are the leads a Refresh Lead reloaded: what it left out stays out.
      const older = slice.filter((c) => store.get(c.id) === undefined && !core.freshness.wasRefreshed(c.leadId));
      store.upsert(older);
      index.upsert(older);
      core.scheduleIndexing();
      core.setStatus({});
      await nextTurn();
    }
    if (generation === core.restoreGeneration) {
      store.finishSeed();
      core.setStatus({});
      core.log(`Showing ${store.size} cached contacts saved ${new Date(header.savedAt).toISOString()}.`);
    }
    return true;
  } catch (err) {
    core.log(`The contact cache could not be read (${describeError(err)}); it was removed.`);
    if (generation === core.restoreGeneration) {
      core.restoreGeneration++;
      if (!core.current) {
        store.clear();
        index.clear();
        core.setStatus({ phase: 'idle', cachedAt: undefined });
      } else {
        store.finishSeed();
        core.setStatus({ cachedAt: undefined });
      }
    }
    await cache.delete().catch(() => undefined);
    return false;
  } finally {
    await reader.close();
  }
}

export function openCache(core: ControllerCore, cache: ContactCache): Promise<CacheReader | undefined> {
  return cache.open().catch((err: unknown) => {
    core.log(`Could not read the contact cache: ${describeError(err)}`);
    return undefined;
  });
}

/** This window wrote it (also through a connection it replaced). */
export function ownWrite(core: ControllerCore, stamp: { writer?: string }): boolean {
  return stamp.writer !== undefined && stamp.writer === core.lock?.window;
}

/**
 * Shows the cache another window saved, when it is newer than what is shown and this window
 * is not loading itself. True when it was shown.
 */
export function adoptNewerCache(core: ControllerCore): Promise<boolean> {
  core.adopting ??= adoptCache(core).finally(() => {
    core.adopting = undefined;
  });
  return core.adopting;
}

async function adoptCache(core: ControllerCore): Promise<boolean> {
  const { store, index } = core;
  const cache = core.cache;
  if (!cache || core.current || core.disposed) {
    return false;
  }
  const stamp = await cache.stamp();
  // This window's own writes (also those of a connection it replaced) are never adopted:
  // only another window's load is shown this way.
  if (stamp === undefined || ownWrite(core, stamp) || (core.shownSavedAt !== undefined && stamp.savedAt <= core.shownSavedAt)) {
    return false;
  }
  const data = await cache.read().catch(() => undefined);
  if (!data || ownWrite(core, data) || cache !== core.cache || core.current || core.disposed || (core.shownSavedAt !== undefined && data.savedAt <= core.shownSavedAt)) {
    return false;
  }
  core.restoreGeneration++;
  core.shownSavedAt = data.savedAt;
  store.resetTo(data.contacts, data.leadNames);
  store.setLeadStatuses(cachedLeadStatuses(data.groups));
  index.clear();
  for (const [leadId, name] of data.leadNames) {
    index.setLeadName(leadId, name);
  }
  index.upsert(data.contacts);
  core.scheduleIndexing();
  core.setStatus({
    phase: 'complete',
    cachedAt: data.savedAt,
    stale: false,
    otherWindow: undefined,
    error: undefined,
    skipLimited: undefined,
    trouble: undefined,
    leadsForbidden: undefined,
  });
  core.log(`Showing ${store.size} contacts another window loaded (saved ${new Date(data.savedAt).toISOString()}).`);
  return true;
}
