import * as assert from 'node:assert/strict';
import { startFakeClose, type FakeClose } from '../../fake/server';
import { asPage, get, rateLimitHeader, waitFor } from './http';

async function statuses(server: FakeClose, count: number, path = '/contact/?_limit=1'): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push((await get(server, path)).status);
  }
  return out;
}

describe('fake Close server: fault knobs', () => {
  let server: FakeClose;

  beforeEach(async () => {
    server = await startFakeClose({ contacts: 300, leads: 20, seed: 3 });
  });

  afterEach(async () => {
    await server.close();
  });

  it('every429 answers every Nth request with 429, Retry-After and RateLimit', async () => {
    server.setFaults({ every429: { every: 3, retryAfterSeconds: 2 } });
    const answers = [];
    for (let i = 0; i < 6; i++) {
      answers.push(await get(server, '/contact/?_limit=1'));
    }
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 429, 200, 200, 429]);
    const tooMany = answers[2];
    assert.ok(tooMany);
    assert.equal(tooMany.headers.get('retry-after'), '2');
    assert.equal(rateLimitHeader(tooMany).remaining, 0);
    assert.equal(rateLimitHeader(tooMany).reset, 2);
    assert.equal((tooMany.body as { error: { rate_reset: number } }).error.rate_reset, 2);
  });

  it('failRate answers the given share of requests with the given statuses, the same way for the same seed', async () => {
    server.setFaults({ failRate: { rate: 0.5, statuses: [502, 503] } });
    const first = await statuses(server, 40);
    const failed = first.filter((s) => s !== 200);
    assert.ok(failed.length >= 8 && failed.length <= 32, `failed ${failed.length}/40`);
    assert.ok(failed.every((s) => s === 502 || s === 503));
    assert.ok(failed.includes(502) && failed.includes(503));
    server.setFaults({ failRate: { rate: 0.5, statuses: [502, 503] } });
    assert.deepEqual(await statuses(server, 40), first, 'setFaults restarts the seeded sequence');
  });

  it('failRate 502 looks like a proxy page, 500 and 503 are JSON errors', async () => {
    server.setFaults({ failRate: { rate: 1, statuses: [502] } });
    const bad = await get(server, '/contact/');
    assert.equal(bad.status, 502);
    assert.match(bad.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(bad.text, /502 Bad Gateway/);
    server.setFaults({ failRate: { rate: 1, statuses: [500] } });
    const err = await get(server, '/contact/');
    assert.equal(err.status, 500);
    assert.equal(typeof (err.body as { error: unknown }).error, 'string');
    assert.ok(err.headers.get('ratelimit'));
  });

  it('dropRate destroys the connection without an answer', async () => {
    server.setFaults({ dropRate: 1 });
    await assert.rejects(get(server, '/contact/'));
    assert.equal(server.requests.at(-1)?.status, 0);
    server.setFaults({});
    assert.equal((await get(server, '/contact/')).status, 200);
  });

  it('failSkip fails one page a set number of times, other pages answer', async () => {
    server.setFaults({ failSkip: { skip: 100, status: 500, times: 2 } });
    assert.deepEqual(await statuses(server, 3, '/contact/?_skip=100'), [500, 500, 200]);
    assert.equal((await get(server, '/contact/?_skip=0')).status, 200);
  });

  it('failSkip without times keeps failing', async () => {
    server.setFaults({ failSkip: { skip: 200, status: 503 } });
    assert.deepEqual(await statuses(server, 5, '/contact/?_skip=200'), [503, 503, 503, 503, 503]);
    assert.equal((await get(server, '/contact/?_skip=100')).status, 200);
  });

  it('hang leaves matching requests unanswered, for `times` requests, and close() ends them', async () => {
    server.setFaults({ hang: { path: '/contact/', times: 1 } });
    await assert.rejects(get(server, '/contact/', { signal: AbortSignal.timeout(300) }), /abort|timeout/i);
    assert.equal(server.requests[0]?.status, 0);
    assert.equal((await get(server, '/contact/')).status, 200, 'only once');
    server.setFaults({ hang: { path: '/lead/' } });
    assert.equal((await get(server, '/me/')).status, 200, 'other paths answer');
    const hanging = get(server, '/lead/');
    await waitFor(() => server.requests.length === 4);
    await server.close();
    await assert.rejects(hanging);
  });

  it('malformed json: truncated JSON with 200, `times` times, on matching paths', async () => {
    server.setFaults({ malformed: { kind: 'json', times: 1, path: '/contact/' } });
    assert.equal((await get(server, '/me/')).status, 200);
    const broken = await get(server, '/contact/');
    assert.equal(broken.status, 200);
    assert.match(broken.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(broken.body, undefined, 'not parseable');
    assert.equal(asPage(await get(server, '/contact/')).data.length, 100);
  });

  it('malformed html: an nginx-like 502 page with 200 and text/html', async () => {
    server.setFaults({ malformed: { kind: 'html' } });
    const page = await get(server, '/contact/');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.text, /<center>nginx<\/center>/);
  });

  it('malformed shape: valid JSON that is not the promised envelope or record', async () => {
    server.setFaults({ malformed: { kind: 'shape', times: 2 } });
    const list = await get(server, '/contact/');
    assert.equal(list.status, 200);
    const body = list.body as { data: unknown; has_more: unknown };
    assert.ok(!Array.isArray(body.data));
    assert.notEqual(typeof body.has_more, 'boolean');
    const one = await get(server, `/contact/${server.dataset.contacts[0]?.id}/`);
    assert.ok(Array.isArray(one.body));
  });

  it('malformed leaves errors alone (only 200s are broken)', async () => {
    server.setFaults({ malformed: { kind: 'json', times: 1 } });
    assert.equal((await get(server, '/contact/?_limit=x')).status, 400);
    assert.equal((await get(server, '/contact/')).body, undefined);
  });

  it('mutateBetweenPages insertEvery puts new contacts at the front, so offset paging repeats records', async () => {
    const before = server.dataset.contacts.length;
    const oldFirst = server.dataset.contacts[0]?.id;
    server.setFaults({ mutateBetweenPages: { insertEvery: 1 } });
    const ids: unknown[] = [];
    for (let skip = 0; skip < 300; skip += 100) {
      ids.push(...asPage(await get(server, `/contact/?_skip=${skip}&_fields=id`)).data.map((c) => c.id));
    }
    assert.equal(server.dataset.contacts.length, before + 3);
    assert.ok(ids.length > new Set(ids).size, 'duplicates appear across pages');
    const first = server.dataset.contacts[0];
    assert.ok(first);
    assert.match(first.id, /^cont_[0-9A-Za-z]{43}$/);
    assert.equal(server.dataset.contacts[3]?.id, oldFirst);
    assert.ok(first.date_created < (server.dataset.contacts[1]?.date_created ?? ''), 'still sorted by date_created');
  });

  it('mutateBetweenPages deleteEvery removes early contacts, so offset paging skips records', async () => {
    const all = server.dataset.contacts.map((c) => c.id);
    server.setFaults({ mutateBetweenPages: { deleteEvery: 2 } });
    const ids: unknown[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = asPage(await get(server, `/contact/?_skip=${skip}&_fields=id`));
      ids.push(...page.data.map((c) => c.id));
      if (!page.has_more) {
        break;
      }
    }
    assert.equal(server.dataset.contacts.length, all.length - 1, 'one delete on the second page request');
    assert.equal(ids.length, all.length - 1);
    assert.ok(!server.dataset.contacts.some((c) => c.id === all[0]));
    assert.ok(!ids.includes(all[100]), 'the record that shifted across the page boundary was skipped');
  });

  it('mutateBetweenPages deleteAt listed / seam removes contacts already listed, and records what it changed', async () => {
    const all = server.dataset.contacts.map((c) => c.id);
    server.setFaults({ mutateBetweenPages: { deleteOn: [2], deleteAt: 'listed', deleteCount: 3, insertEvery: 2, insertAt: 'random' } });
    await get(server, '/contact/?_skip=0&_limit=50&_fields=id');
    await get(server, '/contact/?_skip=50&_limit=50&_fields=id');
    assert.equal(server.mutations.deleted.length, 3);
    assert.ok(server.mutations.deleted.every((id) => all.indexOf(id) < 50), 'only contacts before the asked _skip');
    assert.equal(server.mutations.inserted.length, 1);
    const inserted = server.dataset.contacts.findIndex((c) => c.id === server.mutations.inserted[0]);
    assert.ok(inserted > 0, 'a random insert lands inside the list');
    const dates = server.dataset.contacts.map((c) => c.date_created);
    assert.deepEqual(dates, [...dates].sort(), 'still sorted by date_created');

    server.setFaults({ mutateBetweenPages: { deleteEvery: 1, deleteAt: 'seam' } });
    assert.deepEqual(server.mutations.deleted, [], 'setFaults starts a new record');
    const seam = server.dataset.contacts[40]?.id;
    await get(server, '/contact/?_skip=0&_limit=41&_fields=id');
    await get(server, '/contact/?_skip=40&_limit=41&_fields=id');
    assert.deepEqual(server.mutations.deleted, [seam], 'the record at the asked _skip: the one an overlapping client shares');
  });

  it('revokeAfter rejects the key with 401 after N requests', async () => {
    server.setFaults({ revokeAfter: 2 });
    assert.deepEqual(await statuses(server, 4), [200, 200, 401, 401]);
    server.setFaults({});
    assert.equal((await get(server, '/contact/')).status, 200);
  });

  it('setFaults({}) clears every fault', async () => {
    server.setFaults({ failRate: { rate: 1, statuses: [500] }, every429: { every: 1, retryAfterSeconds: 1 } });
    assert.notEqual((await get(server, '/contact/')).status, 200);
    server.setFaults({});
    assert.deepEqual(await statuses(server, 3), [200, 200, 200]);
  });

  it('a closed server refuses connections (network down)', async () => {
    const url = server.url;
    await server.close();
    await assert.rejects(fetch(`${url}/me/`));
    server = await startFakeClose({ contacts: 1 });
  });
});
