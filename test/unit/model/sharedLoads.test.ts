// Several windows on one organization: each controller here stands for a window (its own
// "pid" for the lock), all sharing one cache folder, against one fake Close.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloseClient } from '../../../src/close/client';
import { namesCacheFile, watchCacheFile } from '../../../src/model/cacheWatch';
import { ContactCache } from '../../../src/model/contactCache';
import { ContactStore } from '../../../src/model/contactStore';
import { ContactsController, type ContactsControllerOptions } from '../../../src/model/contactsController';
import { MAX_CONTACT_WINDOW } from '../../../src/model/controller/core';
import { LoadLock } from '../../../src/model/loadLock';
import { startFakeClose, type FakeClose } from '../../fake/server';

const MINUTE = 60_000;

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const contactRequests = (fake: FakeClose): number => fake.requests.filter((r) => r.path.includes('/contact/')).length;

describe('model: one load per organization across windows', () => {
  let fake: FakeClose;
  let dir: string;
  const controllers: ContactsController[] = [];
  const alive = new Set<number>();
  let nextPid = 1000;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-shared-'));
  });
  afterEach(async () => {
    for (const c of controllers.splice(0)) {
      c.dispose();
      await c.whenCacheWritten();
    }
    await fake?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  function org(): string {
    const id = fake.me.organization_id;
    assert.ok(id);
    return id;
  }

  function window(extra: Partial<ContactsControllerOptions> = {}, pid = nextPid++): ContactsController {
    alive.add(pid);
    const client = new CloseClient({ baseUrl: fake.url, apiKey: fake.apiKey, retryBaseDelayMs: 2, maxAttempts: 2, timeoutMs: 5000 });
    const c = new ContactsController({
      client,
      pageSize: 100,
      organizationId: org(),
      cacheDir: dir,
      lock: { pid, host: 'test-host', pidAlive: (p) => alive.has(p), heartbeatMs: 50, staleMs: 1000, liveStaleMs: 1500 },
      lockPollMs: 20,
      cachePollMs: 100,
      ...extra,
    });
    controllers.push(c);
    return c;
  }

  async function loadedOnce(contacts = 600): Promise<ContactsController> {
    fake = await startFakeClose({ contacts, leads: 100 });
    const first = window();
    await first.refresh();
    await first.whenCacheWritten();
    return first;
  }

  it('a window started while the cache is fresher than the setting shows it and sends nothing', async () => {
    await loadedOnce();
    fake.resetRequests();
    const second = window();
    await second.start(10 * MINUTE);
    assert.equal(second.status.contactsLoaded, 600);
    assert.equal(second.status.phase, 'complete');
    assert.equal(fake.requests.length, 0);
  });

  it('a window reloads when the cache is older than the setting, or the setting is 0', async () => {
    await loadedOnce();
    const cache = new ContactCache(dir, org());
    fake.resetRequests();
    const zero = window();
    await zero.start(0);
    assert.ok(contactRequests(fake) >= 6, 'setting 0 reloads');
    await zero.whenCacheWritten();
    zero.dispose();
    await writeBackdated(cache, 11 * MINUTE);
    fake.resetRequests();
    const late = window();
    await late.start(10 * MINUTE);
    assert.ok(contactRequests(fake) >= 6, 'a cache older than the setting is reloaded');
    assert.equal(late.status.phase, 'complete');
  });

  async function writeBackdated(cache: ContactCache, ageMs: number): Promise<void> {
    const data = await cache.read();
    assert.ok(data);
    const store = new ContactStore();
    store.resetTo(data.contacts, data.leadNames);
    await cache.write(store.groups(), (leadId) => store.contactsOf(leadId), Date.now() - ageMs);
  }

  it('three windows started together make one load, and all show every contact', async () => {
    fake = await startFakeClose({ contacts: 1500, leads: 300, latencyMs: 20 });
    const one = window();
    await one.start(10 * MINUTE);
    const single = fake.requests.length;
    await one.whenCacheWritten();
    one.dispose();
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir);
    fake.resetRequests();

    const windows = [window(), window(), window()];
    const followers: boolean[] = windows.map(() => false);
    windows.forEach((w, i) => w.onDidChangeStatus((s) => (followers[i] ||= s.otherWindow !== undefined)));
    await Promise.all(windows.map((w) => w.start(10 * MINUTE)));
    await until('every window to show all 1500 contacts', () => windows.every((w) => w.status.contactsLoaded === 1500 && w.status.phase === 'complete'));
    // One load: no page is asked for twice. The pages past the end of the list vary from load to
    // load (the window grows as answers come), so the totals may differ by up to a window.
    const asked = fake.requests.map((r) => `${r.path}?${r.query._skip ?? 0}`);
    assert.deepEqual(asked.filter((page, i) => asked.indexOf(page) !== i), [], 'a page asked for twice: more than one load');
    const three = fake.requests.length;
    assert.ok(three <= single + MAX_CONTACT_WINDOW, `3 windows sent ${three} requests, 1 window ${single}`);
    assert.equal(followers.filter(Boolean).length, 2, 'two windows followed the third');
    for (const w of windows) {
      assert.equal(w.model.groups().length, windows[0].model.groups().length);
    }
  });

  it('a window that waits shows the loading window’s progress', async () => {
    fake = await startFakeClose({ contacts: 2000, leads: 200, latencyMs: 30 });
    const loader = window({ contactWindow: 1 });
    const loading = loader.start(10 * MINUTE);
    await until('the first pages', () => loader.status.contactsLoaded > 0);
    const follower = window();
    const progress: number[] = [];
    follower.onDidChangeStatus((s) => s.otherWindow && progress.push(s.otherWindow.contactsLoaded));
    const following = follower.start(10 * MINUTE);
    await until('progress from the other window', () => progress.some((n) => n > 0 && n < 2000));
    assert.equal(follower.status.phase, 'loading');
    await loading;
    await following;
    await until('the follower to show the result', () => follower.status.contactsLoaded === 2000);
    assert.equal(follower.status.otherWindow, undefined);
  });

  it('a window whose loader dies takes the load over', async () => {
    fake = await startFakeClose({ contacts: 1500, leads: 100, latencyMs: 30 });
    const deadPid = 4242;
    const doomed = window({ contactWindow: 1 }, deadPid);
    void doomed.start(10 * MINUTE);
    await until('the first pages', () => doomed.status.contactsLoaded > 0);
    const survivor = window();
    const started = survivor.start(10 * MINUTE);
    await until('the survivor to follow', () => survivor.status.otherWindow !== undefined);
    // The window is killed: its process is gone and nothing of it runs any more.
    alive.delete(deadPid);
    doomed.dispose();
    await started;
    await until('the survivor to load everything', () => survivor.status.contactsLoaded === 1500 && survivor.status.phase === 'complete');
  });

  it('a window whose loader stops beating (hung) takes over after the stale time', async () => {
    fake = await startFakeClose({ contacts: 300, leads: 50 });
    // A lock left by a live process that stopped beating.
    alive.add(7);
    const stuck = new LoadLock(dir, org(), { pid: 7, host: 'test-host', heartbeatMs: 3_600_000, pidAlive: () => true });
    const h = await stuck.tryAcquire();
    assert.ok(h);
    const w = window();
    await w.start(10 * MINUTE);
    await until('the load after the stale time', () => w.status.contactsLoaded === 300 && w.status.phase === 'complete');
    await h.release();
  });

  it('an explicit refresh always loads, even while another window loads', async () => {
    await loadedOnce(400);
    const other = new LoadLock(dir, org(), { pid: 9, host: 'test-host', pidAlive: () => true, heartbeatMs: 60_000 });
    alive.add(9);
    const h = await other.tryAcquire();
    assert.ok(h);
    fake.resetRequests();
    const w = window();
    await w.refresh();
    assert.ok(contactRequests(fake) >= 4, 'Refresh loads');
    assert.equal(w.status.phase, 'complete');
    await h.beat();
    assert.equal(h.lost, true, 'the refresh took the lock');
    await h.release();
    fake.resetRequests();
    await w.start(10 * MINUTE);
    await w.refresh();
    assert.ok(contactRequests(fake) >= 4, 'Refresh loads even when the cache is fresh');
  });

  it('a load finished in one window appears in another that shows an older cache', async () => {
    const first = await loadedOnce(500);
    const second = window();
    await second.start(10 * MINUTE);
    assert.equal(second.status.contactsLoaded, 500);
    const before = second.status.cachedAt ?? 0;
    fake.dataset.contacts.splice(0, 10);
    await first.refresh();
    await first.whenCacheWritten();
    await until('the second window to show the new list', () => second.status.contactsLoaded === 490);
    assert.ok((second.status.cachedAt ?? 0) > before);
    assert.equal(second.search(fake.dataset.contacts[0]?.emails?.[0]?.email ?? '', 5).length > 0, true, 'the index follows');
  });

  it('the cache watch fires on each rename into place', async () => {
    const file = path.join(dir, 'contacts-x.jsonl');
    let fired = 0;
    const watch = watchCacheFile(file, () => fired++, { settleMs: 10, pollMs: 50 });
    try {
      await watch.ready;
      const tmp = `${file}.tmp`;
      await fs.writeFile(tmp, 'one');
      await fs.rename(tmp, file);
      await until('the first change', () => fired >= 1, 3000);
      const after = fired;
      await fs.writeFile(tmp, 'two');
      await fs.rename(tmp, file);
      await until('the second change', () => fired > after, 3000);
    } finally {
      watch.dispose();
    }
  });

  it('without file events the poll alone sees a new cache, and stops when disposed', async () => {
    const file = path.join(dir, 'contacts-y.jsonl');
    await fs.writeFile(file, 'old');
    await fs.utimes(file, new Date(1_000_000), new Date(1_000_000));
    let fired = 0;
    const watch = watchCacheFile(file, () => fired++, { settleMs: 10, pollMs: 50, fileEvents: false });
    try {
      await watch.ready;
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(fired, 0, 'an unchanged file is no change');
      await fs.writeFile(file, 'new');
      await until('the poll to see the new mtime', () => fired === 1, 3000);
    } finally {
      watch.dispose();
    }
    await fs.writeFile(file, 'newer');
    await fs.utimes(file, new Date(2_000_000), new Date(2_000_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(fired, 1, 'nothing after dispose');
  });

  it('only events naming the cache file (or naming none) count', () => {
    assert.equal(namesCacheFile('contacts-x.jsonl', 'contacts-x.jsonl'), true);
    assert.equal(namesCacheFile(Buffer.from('contacts-x.jsonl'), 'contacts-x.jsonl'), true);
    assert.equal(namesCacheFile(null, 'contacts-x.jsonl'), true);
    assert.equal(namesCacheFile('unrelated.txt', 'contacts-x.jsonl'), false);
    assert.equal(namesCacheFile('contacts-x.jsonl.tmp', 'contacts-x.jsonl'), false);
  });
});
