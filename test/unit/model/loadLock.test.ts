import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LoadLock, type LoadLockOptions } from '../../../src/model/loadLock';

describe('model/LoadLock', () => {
  let dir: string;
  let clock: number;
  const alive = new Set<number>();
  const held: { release(): Promise<void> }[] = [];

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-lock-'));
    clock = 1_000_000;
    alive.clear();
  });
  afterEach(async () => {
    for (const h of held.splice(0)) {
      await h.release();
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** A window: its own pid on the same host, on a clock the test moves. */
  function windowLock(pid: number, extra: LoadLockOptions = {}): LoadLock {
    alive.add(pid);
    return new LoadLock(dir, 'orga_1', { pid, host: 'host-a', now: () => clock, pidAlive: (p) => alive.has(p), heartbeatMs: 60_000, staleMs: 5000, ...extra });
  }

  async function acquire(lock: LoadLock): Promise<Awaited<ReturnType<LoadLock['tryAcquire']>>> {
    const h = await lock.tryAcquire();
    if (h) held.push(h);
    return h;
  }

  it('is acquired when free, with the holder and a heartbeat on disk', async () => {
    const a = windowLock(101);
    const h = await acquire(a);
    assert.ok(h);
    const info = await a.read();
    assert.equal(info?.pid, 101);
    assert.equal(info?.host, 'host-a');
    assert.equal(info?.heartbeatAt, clock);
    assert.equal(info?.owner, h.info.owner);
  });

  it('is refused to a second window while the first holds it and beats', async () => {
    const a = windowLock(101);
    const b = windowLock(102);
    const h = await acquire(a);
    assert.ok(h);
    clock += 4000;
    h.setProgress(250);
    await h.beat();
    clock += 4000;
    assert.equal(await acquire(b), undefined);
    const seen = await b.heldElsewhere();
    assert.equal(seen?.pid, 101);
    assert.equal(seen?.contactsLoaded, 250, 'the holder writes its progress');
  });

  it("waits longer for a late heartbeat of a live window of this host (a starved extension host)", async () => {
    const a = windowLock(101, { liveStaleMs: 60_000 });
    const b = windowLock(102, { liveStaleMs: 60_000 });
    assert.ok(await acquire(a));
    clock += 5001;
    assert.equal((await b.heldElsewhere())?.pid, 101, 'a live process of this host is trusted past the stale time');
    assert.equal(await acquire(b), undefined);
    clock += 55_000;
    assert.equal(await b.heldElsewhere(), undefined, 'but not for ever: it may be hung');
    assert.ok(await acquire(b));
  });

  it("is taken over when another host's heartbeat is older than the stale time, and the old holder learns it lost", async () => {
    const a = new LoadLock(dir, 'orga_1', { pid: 101, host: 'host-b', now: () => clock, pidAlive: () => true, heartbeatMs: 60_000, staleMs: 5000 });
    const b = windowLock(102);
    const h = await a.tryAcquire();
    assert.ok(h);
    held.push(h);
    clock += 4000;
    assert.equal((await b.heldElsewhere())?.pid, 101);
    clock += 1001;
    assert.equal(await b.heldElsewhere(), undefined);
    const hb = await acquire(b);
    assert.ok(hb, 'a lock without heartbeat for longer than the stale time is taken over');
    assert.equal((await b.read())?.pid, 102);
    await h.beat();
    assert.equal(h.lost, true);
    await h.release();
    assert.equal((await b.read())?.owner, hb.info.owner, "the old holder's release leaves the new lock alone");
  });

  it('is taken over at once when its process is gone on this host', async () => {
    const a = windowLock(101);
    const b = windowLock(102);
    assert.ok(await acquire(a));
    alive.delete(101);
    const hb = await acquire(b);
    assert.ok(hb, 'a dead holder does not block');
  });

  it("does not judge a live lock of another host by pid", async () => {
    const a = new LoadLock(dir, 'orga_1', { pid: 101, host: 'host-b', now: () => clock, pidAlive: () => false, heartbeatMs: 60_000 });
    const b = windowLock(102);
    const h = await a.tryAcquire();
    assert.ok(h);
    held.push(h);
    assert.equal(await acquire(b), undefined);
  });

  it('is free again after release, and only the holder deletes it', async () => {
    const a = windowLock(101);
    const b = windowLock(102);
    const h = await acquire(a);
    assert.ok(h);
    await h.release();
    await assert.rejects(fs.stat(a.file));
    const hb = await acquire(b);
    assert.ok(hb);
    await h.release();
    assert.equal((await b.read())?.pid, 102);
  });

  it('is taken by an explicit refresh even while held; the holder stops beating', async () => {
    const a = windowLock(101);
    const b = windowLock(102);
    const h = await acquire(a);
    assert.ok(h);
    const taken = await b.take();
    held.push(taken);
    await h.beat();
    assert.equal(h.lost, true);
    assert.equal((await a.read())?.owner, taken.info.owner);
  });

  it('lets exactly one of several windows take a stale lock', async () => {
    const dead = windowLock(100);
    assert.ok(await acquire(dead));
    alive.delete(100);
    const windows = [101, 102, 103, 104, 105].map((pid) => windowLock(pid));
    const got = await Promise.all(windows.map((w) => acquire(w)));
    assert.equal(got.filter((h) => h !== undefined).length, 1, `winners: ${got.filter(Boolean).length}`);
  });

  it('lets exactly one of several windows create a free lock', async () => {
    const windows = [101, 102, 103, 104, 105].map((pid) => windowLock(pid));
    const got = await Promise.all(windows.map((w) => acquire(w)));
    assert.equal(got.filter((h) => h !== undefined).length, 1);
  });

  it('refreshes its heartbeat on its own timer', async () => {
    const a = new LoadLock(dir, 'orga_1', { pid: 101, host: 'host-a', heartbeatMs: 20, staleMs: 5000 });
    const h = await a.tryAcquire();
    assert.ok(h);
    held.push(h);
    const first = (await a.read())?.heartbeatAt ?? 0;
    h.setProgress(42);
    const deadline = Date.now() + 5000;
    let info = await a.read();
    while (!(info && info.heartbeatAt > first && info.contactsLoaded === 42) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      info = await a.read();
    }
    assert.equal(info?.contactsLoaded, 42);
    assert.ok((info?.heartbeatAt ?? 0) > first);
  });

  it('treats a damaged lock file as held until it is older than the stale time', async () => {
    const b = windowLock(102);
    await fs.writeFile(b.file, '{"half":');
    clock = Date.now();
    assert.equal(await acquire(b), undefined);
    clock = Date.now() + 6000;
    assert.ok(await acquire(b));
  });
});
