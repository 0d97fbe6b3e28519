import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import type { Contact } from '../../../src/close/types';
import { SUMMARY_FIELDS } from '../../../src/model/contactSummary';
import { loadPaged, type FetchPage } from '../../../src/model/loader';
import { startFakeClose, type FakeClose } from '../../fake/server';

function contactPages(client: CloseClient, track?: { inFlight: number; max: number }): FetchPage<Contact> {
  return async (skip, limit, signal) => {
    if (track) {
      track.inFlight++;
      track.max = Math.max(track.max, track.inFlight);
    }
    try {
      return await client.listContacts({ skip, limit, fields: SUMMARY_FIELDS }, signal);
    } finally {
      if (track) {
        track.inFlight--;
      }
    }
  };
}

const listings = (fake: FakeClose): number[] =>
  fake.requests.filter((r) => r.path.endsWith('/contact/')).map((r) => Number(r.query._skip ?? 0));

describe('model/loadPaged against the fake Close', () => {
  let fake: FakeClose;
  let client: CloseClient;
  afterEach(async () => {
    await fake?.close();
  });

  async function start(contacts: number, extra: Parameters<typeof startFakeClose>[0] = {}): Promise<void> {
    fake = await startFakeClose({ contacts, ...extra });
    client = new CloseClient({ baseUrl: fake.url, apiKey: fake.apiKey, retryBaseDelayMs: 5, maxAttempts: 2 });
  }

  it('loads every page, applies them in order, with several requests in flight', async () => {
    await start(1050, { latencyMs: 20 });
    const track = { inFlight: 0, max: 0 };
    const order: number[] = [];
    const ids: string[] = [];
    const result = await loadPaged({
      fetchPage: contactPages(client, track),
      pageSize: 100,
      window: 5,
      signal: new AbortController().signal,
      onPage: (items, index) => {
        order.push(index);
        ids.push(...items.map((c) => c.id));
      },
    });
    assert.equal(result.complete, true);
    assert.equal(result.error, undefined);
    assert.deepEqual(order, [...Array(11).keys()]);
    assert.deepEqual(ids, fake.dataset.contacts.map((c) => c.id));
    assert.ok(track.max > 1, `expected overlapping requests, saw at most ${track.max}`);
    assert.ok(track.max <= 5);
    assert.deepEqual(
      fake.requests.filter((r) => r.path.endsWith('/contact/')).map((r) => r.query._fields),
      listings(fake).map(() => SUMMARY_FIELDS.join(',')),
    );
  });

  it('stops at has_more false, including an exactly full last page', async () => {
    await start(200);
    let items = 0;
    const result = await loadPaged({
      fetchPage: contactPages(client),
      pageSize: 100,
      window: 4,
      signal: new AbortController().signal,
      onPage: (page) => (items += page.length),
      idOf: (c) => c.id,
    });
    assert.equal(result.complete, true);
    // Pages overlap by one record: _skip 0, 99, 198.
    assert.equal(result.pages, 3);
    assert.equal(items, 200);
    assert.ok(result.requests <= result.pages + 3, `speculative requests bounded by the window, saw ${result.requests}`);
  });

  it('a short page with has_more true goes on from what came; only has_more false ends', async () => {
    const list = Array.from({ length: 230 }, (_, i) => ({ id: `c${i}` }));
    const asked: number[] = [];
    const ids: string[] = [];
    const result = await loadPaged<{ id: string }>({
      // Close does not promise full pages: every third page comes back short.
      fetchPage: (skip, limit) => {
        asked.push(skip);
        const size = asked.length % 3 === 0 ? Math.min(limit, 7) : limit;
        return Promise.resolve({ data: list.slice(skip, skip + size), has_more: skip + size < list.length });
      },
      pageSize: 50,
      window: 3,
      signal: new AbortController().signal,
      onPage: (items) => ids.push(...items.map((c) => c.id)),
      idOf: (c) => c.id,
    });
    assert.equal(result.complete, true);
    assert.equal(result.error, undefined);
    assert.deepEqual(ids, list.map((c) => c.id));
  });

  it('a list that shrank under the next page: an empty last page is not the end of what lasted', async () => {
    let list = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}` }));
    let calls = 0;
    const ids: string[] = [];
    const result = await loadPaged<{ id: string }>({
      fetchPage: (skip, limit) => {
        calls++;
        if (calls === 2) {
          list = list.slice(6); // r0..r5 deleted after the first page
        }
        return Promise.resolve({ data: list.slice(skip, skip + limit), has_more: skip + limit < list.length });
      },
      pageSize: 5,
      window: 1,
      signal: new AbortController().signal,
      onPage: (items) => ids.push(...items.map((c) => c.id)),
      idOf: (c) => c.id,
    });
    assert.equal(result.complete, true);
    assert.deepEqual(['r6', 'r7', 'r8', 'r9'].filter((id) => !ids.includes(id)), [], 'every record that lasted the whole load');
    assert.equal(result.misses, 1);
  });

  it('a list that changes faster than it can be read: bounded re-reads, then reported', async () => {
    let generation = 0;
    let calls = 0;
    const result = await loadPaged<{ id: string }>({
      // Every contact is replaced before each read: no page ever lines up with the one before.
      fetchPage: (skip, limit) => {
        calls++;
        generation++;
        const data = Array.from({ length: limit }, (_, i) => ({ id: `g${generation}-${skip + i}` }));
        return Promise.resolve({ data, has_more: true });
      },
      pageSize: 10,
      window: 3,
      signal: new AbortController().signal,
      onPage: () => undefined,
      idOf: (c) => c.id,
      maxMisses: 8,
    });
    assert.equal(result.complete, false);
    assert.equal(result.error?.kind, 'badResponse');
    assert.match(result.error?.message ?? '', /kept changing while it loaded.*Refresh/);
    assert.ok(calls < 60, `bounded: ${calls} requests`);
  });

  it('an empty page that says more follow is retried a bounded number of times, then reported', async () => {
    let calls = 0;
    const result = await loadPaged<{ id: string }>({
      fetchPage: (skip) => {
        calls++;
        return Promise.resolve(skip === 0 ? { data: [{ id: 'a' }, { id: 'b' }], has_more: true } : { data: [], has_more: true });
      },
      pageSize: 2,
      window: 2,
      signal: new AbortController().signal,
      onPage: () => undefined,
      idOf: (c) => c.id,
      maxMisses: 5,
    });
    assert.equal(result.complete, false);
    assert.equal(result.error?.kind, 'badResponse');
    assert.match(result.error?.message ?? '', /empty page .*has_more: true/);
    assert.ok(calls < 30, `bounded: ${calls} requests`);
  });

  it('one at a time when the window is 1', async () => {
    await start(300, { latencyMs: 5 });
    const track = { inFlight: 0, max: 0 };
    await loadPaged({ fetchPage: contactPages(client, track), pageSize: 100, window: 1, signal: new AbortController().signal, onPage: () => undefined });
    assert.equal(track.max, 1);
  });

  it('a window asked for before each plan grows during the load, and a smaller answer cancels nothing sent', async () => {
    await start(2000, { latencyMs: 10 });
    const track = { inFlight: 0, max: 0 };
    let applied = 0;
    const cancelled: number[] = [];
    const fetchPage = contactPages(client, track);
    const result = await loadPaged({
      fetchPage: (skip, limit, signal) => {
        signal.addEventListener('abort', () => cancelled.push(skip));
        return fetchPage(skip, limit, signal);
      },
      pageSize: 100,
      // 2 in flight for the first 3 pages, then 5, then 1 (which must not shrink it).
      window: () => (applied < 3 ? 2 : applied < 8 ? 5 : 1),
      signal: new AbortController().signal,
      idOf: (c) => c.id,
      onPage: () => applied++,
    });
    assert.equal(result.complete, true);
    assert.equal(track.max, 5, 'the window grew to 5 pages in flight');
    const lastSkip = (result.pages - 1) * 99;
    assert.deepEqual(
      cancelled.filter((skip) => skip <= lastSkip),
      [],
      'only pages past the end of the list were cancelled',
    );
    assert.equal(result.pages, Math.ceil(2000 / 99));
  });

  it('a window that jumps grows by one page per page used, so a short list gets few pages past its end', async () => {
    await start(150, { latencyMs: 5 });
    let applied = 0;
    const result = await loadPaged({
      fetchPage: contactPages(client),
      pageSize: 100,
      window: () => (applied === 0 ? 2 : 16),
      signal: new AbortController().signal,
      idOf: (c) => c.id,
      onPage: () => applied++,
    });
    assert.equal(result.complete, true);
    assert.equal(result.pages, 2);
    // Pages at 0 and 99; once the first is used the window slides by one page and grows by one,
    // so two more go (198 and 297), not the 15 a window of 16 would send.
    assert.equal(result.requests, 4);
  });

  it('cancels: nothing is applied after abort and no new request starts', async () => {
    await start(2000, { latencyMs: 30 });
    const abort = new AbortController();
    let pagesAfterAbort = 0;
    const result = await loadPaged({
      fetchPage: contactPages(client),
      pageSize: 100,
      window: 3,
      signal: abort.signal,
      onPage: (_items, index) => {
        if (abort.signal.aborted) {
          pagesAfterAbort++;
        }
        if (index === 1) {
          abort.abort();
        }
      },
    });
    assert.equal(result.error?.kind, 'cancelled');
    assert.equal(result.pages, 2);
    assert.equal(pagesAfterAbort, 0);
    assert.ok(listings(fake).length <= 5, `requests after cancel: ${listings(fake).length}`);
  });

  it('stops at max_skip and keeps what came', async () => {
    await start(1000, { maxSkip: 300 });
    let items = 0;
    const result = await loadPaged({
      fetchPage: contactPages(client),
      pageSize: 100,
      window: 4,
      signal: new AbortController().signal,
      onPage: (page) => (items += page.length),
    });
    assert.equal(result.complete, false);
    assert.equal(result.maxSkip, 300);
    assert.equal(result.error, undefined);
    assert.equal(items, 400);
  });

  it('stops at once on a revoked key, without retries', async () => {
    await start(3000, { latencyMs: 10 });
    fake.setFaults({ revokeAfter: 3 });
    const result = await loadPaged({
      fetchPage: contactPages(client),
      pageSize: 100,
      window: 3,
      signal: new AbortController().signal,
      onPage: () => undefined,
    });
    assert.equal(result.error?.kind, 'auth');
    assert.ok(fake.requests.filter((r) => r.status === 401).length <= 3);
    assert.ok(fake.requests.length <= 6, `requests: ${fake.requests.length}`);
  });
});
