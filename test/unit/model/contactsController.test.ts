import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloseClient } from '../../../src/close/client';
import { cacheFileName } from '../../../src/model/contactCache';
import { LEAD_WINDOW, MAX_CONTACT_WINDOW } from '../../../src/model/controller/core';
import { ContactsController, type ContactsControllerOptions } from '../../../src/model/contactsController';
import { startFakeClose, type FakeClose } from '../../fake/server';

describe('model/ContactsController against the fake Close', () => {
  let fake: FakeClose | undefined;
  let dir: string;
  const controllers: ContactsController[] = [];

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-ctl-'));
  });
  afterEach(async () => {
    for (const c of controllers.splice(0)) {
      c.dispose();
      await c.whenCacheWritten();
    }
    await fake?.close();
    fake = undefined;
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function start(contacts: number, extra: Parameters<typeof startFakeClose>[0] = {}): Promise<FakeClose> {
    fake = await startFakeClose({ contacts, ...extra });
    return fake;
  }

  function controller(server: FakeClose, extra: Partial<ContactsControllerOptions> = {}): ContactsController {
    const client = new CloseClient({ baseUrl: server.url, apiKey: server.apiKey, retryBaseDelayMs: 2, maxAttempts: 2, timeoutMs: 2000 });
    const c = new ContactsController({ client, pageSize: 100, organizationId: server.me.organization_id, cacheDir: dir, ...extra });
    controllers.push(c);
    return c;
  }

  const sortedIds = (ids: Iterable<string>): string[] => [...ids].sort();

  function assertConsistent(c: ContactsController): void {
    const inGroups = c.model.groups().flatMap((g) => c.model.contactsOf(g.leadId).map((x) => x.id));
    assert.equal(new Set(inGroups).size, inGroups.length, 'no contact shown twice');
    assert.equal(inGroups.length, c.model.size);
    assert.equal(c.model.groups().reduce((n, g) => n + g.count, 0), c.model.size);
  }

  it('logs the load with its pacing: the median round trip and the slack each window got', async () => {
    const server = await start(300, { leads: 60, latencyMs: 30 });
    const lines: string[] = [];
    const client = new CloseClient({ baseUrl: server.url, apiKey: server.apiKey, timeoutMs: 2000 });
    const c = controller(server, { client, log: (line) => lines.push(line) });
    await c.refresh();
    const done = lines.find((l) => l.startsWith('Loaded 300 contacts'));
    const pacing = done && /round trip (\d+) ms at the median, (\d+) ms of slack per window\)\.$/.exec(done);
    assert.ok(pacing, `the load's line gives its pacing: ${done}`);
    assert.ok(Number(pacing[1]) >= 30, `the median trip ${pacing[1]} ms is at least the fake's 30 ms`);
    assert.deepEqual({ slackMs: Number(pacing[2]), tripMs: Number(pacing[1]) }, { slackMs: Math.round(client.rateLimiter.timing.slackMs), tripMs: Math.round(client.rateLimiter.timing.tripMs ?? NaN) });
  });

  it("logs how much of the key's limit other clients took while it loaded", async () => {
    const server = await start(300, { leads: 60, latencyMs: 30, rateLimitPerSecond: 20, rateLimitMode: 'sliding', neighbourPerSecond: 8 });
    while (server.neighbourCounts.admitted < 8) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const lines: string[] = [];
    const client = new CloseClient({ baseUrl: server.url, apiKey: server.apiKey, timeoutMs: 2000 });
    await controller(server, { client, log: (line) => lines.push(line) }).refresh();
    const done = lines.find((l) => l.startsWith('Loaded 300 contacts')) ?? '';
    const others = /other clients of the key took up to (\d+) requests a window\)\.$/.exec(done);
    assert.ok(others && Number(others[1]) >= 4 && Number(others[1]) <= 10, done);
  });

  it('loads every contact and every lead name, then reports complete', async () => {
    const server = await start(730, { leads: 150 });
    const c = controller(server);
    const phases: string[] = [];
    c.onDidChangeStatus((s) => phases.push(s.phase));
    await c.refresh();
    assert.equal(c.status.phase, 'complete');
    assert.equal(c.status.contactsLoaded, 730);
    assert.equal(c.status.pages, 8);
    assert.deepEqual(sortedIds(Array.from(c.model.all(), (x) => x.id)), sortedIds(server.dataset.contacts.map((x) => x.id)));
    const names = new Map(server.dataset.leads.map((l) => [l.id, l.display_name]));
    const statuses = new Map(server.dataset.leads.map((l) => [l.id, l.status_label]));
    for (const g of c.model.groups()) {
      if (g.leadId !== null) {
        assert.equal(g.named, true);
        assert.equal(g.label, names.get(g.leadId));
        assert.equal(g.status, statuses.get(g.leadId), 'the lead status came with the lead pages');
      }
    }
    assert.equal(c.status.leadsShown, c.model.groups().filter((g) => g.leadId !== null).length, 'leads shown, the No lead group not counted');
    assert.equal(phases[0], 'loading');
    assertConsistent(c);
    const leadListings = server.requests.filter((r) => r.path.endsWith('/lead/'));
    assert.ok(leadListings.length >= 1 && leadListings.every((r) => r.query._fields === 'id,display_name,status_label'));
  });

  it('search goes through the index and labels hits with the lead name', async () => {
    const server = await start(300);
    const c = controller(server);
    await c.refresh();
    const target = server.dataset.contacts.find((x) => x.lead_id && x.phones && x.phones.length > 0);
    assert.ok(target?.phones);
    const digits = target.phones[0].phone.replace(/\D/g, '');
    const hits = c.search(digits.slice(-7), 20);
    const hit = hits.find((h) => h.contact.id === target.id);
    assert.ok(hit, 'found by phone digits');
    assert.equal(hit.leadLabel, server.dataset.leads.find((l) => l.id === target.lead_id)?.display_name);
    assert.equal(c.search('', 5).length, 5);
  });

  it('never shows a contact twice when the list changes between pages, and a refresh converges', async () => {
    const server = await start(900, { latencyMs: 5 });
    server.setFaults({ mutateBetweenPages: { insertEvery: 2, deleteEvery: 3 } });
    const c = controller(server);
    await c.refresh();
    assert.ok((c.loadStats?.repeated ?? 0) > 0, 'the server did repeat records across pages');
    assertConsistent(c);
    server.setFaults({});
    await c.refresh();
    assert.equal(c.status.phase, 'complete');
    assert.deepEqual(sortedIds(Array.from(c.model.all(), (x) => x.id)), sortedIds(server.dataset.contacts.map((x) => x.id)));
    assertConsistent(c);
  });

  describe('deletes while paging: every contact present for the whole load is loaded', () => {
    type Plan = NonNullable<Parameters<FakeClose['setFaults']>[0]['mutateBetweenPages']>;
    const cases: { name: string; plan: (size: number) => Plan }[] = [
      { name: 'deletes of listed contacts alone', plan: () => ({ deleteEvery: 2, deleteAt: 'listed' }) },
      { name: 'deletes and inserts together', plan: () => ({ deleteEvery: 2, deleteAt: 'listed', deleteCount: 2, insertEvery: 3, insertAt: 'random' }) },
      { name: 'deletes right after the first page was asked for', plan: () => ({ deleteOn: [2], deleteAt: 'listed', deleteCount: 40 }) },
      { name: 'deletes while the last page is asked for', plan: (size) => ({ deleteEvery: 1, deleteAt: 'listed', fromSkip: size - 150 }) },
      { name: 'the record two pages share is the one deleted', plan: () => ({ deleteEvery: 3, deleteAt: 'seam' }) },
      { name: 'a delete of more than a page at once', plan: (size) => ({ deleteOn: [Math.round(size / 300)], deleteAt: 'front', deleteCount: 250 }) },
    ];
    for (const size of [1000, 10_000]) {
      for (const { name, plan } of cases) {
        it(`${size.toLocaleString('en-US')} contacts: ${name}; deleted ones are gone after the next refresh`, async () => {
          const server = await start(size, { seed: 5 });
          const c = controller(server);
          const before = server.dataset.contacts.map((x) => x.id);
          server.setFaults({ mutateBetweenPages: plan(size) });
          await c.refresh();
          const deleted = new Set(server.mutations.deleted);
          assert.ok(deleted.size > 0, 'the server deleted contacts while paging');
          assert.equal(c.status.phase, 'complete', c.status.error?.message);
          const survivors = before.filter((id) => !deleted.has(id));
          const lost = survivors.filter((id) => c.model.get(id) === undefined);
          assert.deepEqual(lost.slice(0, 5), [], `${lost.length} of ${survivors.length} survivors missing after ${deleted.size} deletes`);
          assertConsistent(c);
          server.setFaults({});
          await c.refresh();
          assert.equal(c.status.phase, 'complete');
          assert.ok([...deleted].every((id) => c.model.get(id) === undefined), 'deleted contacts are gone after the next refresh');
          assert.deepEqual(sortedIds(Array.from(c.model.all(), (x) => x.id)), sortedIds(server.dataset.contacts.map((x) => x.id)));
        });
      }
    }

    it('page size 1 (one contact per page asked for) still keeps every survivor', async () => {
      const server = await start(120, { seed: 6 });
      const c = controller(server, { pageSize: 1 });
      const before = server.dataset.contacts.map((x) => x.id);
      server.setFaults({ mutateBetweenPages: { deleteEvery: 5, deleteAt: 'listed' } });
      await c.refresh();
      const deleted = new Set(server.mutations.deleted);
      assert.ok(deleted.size > 0);
      assert.equal(c.status.phase, 'complete', c.status.error?.message);
      assert.deepEqual(before.filter((id) => !deleted.has(id) && c.model.get(id) === undefined), []);
      assert.ok(server.requests.every((r) => !r.path.endsWith('/contact/') || r.query._limit === '2'), 'pages of 2: one shared, one new');
    });

    it('Refresh Lead keeps every survivor of a lead while its contacts are deleted', async () => {
      const server = await start(800, { leads: 2, seed: 7 });
      const c = controller(server, { pageSize: 20 });
      await c.refresh();
      const leadId = server.dataset.contacts.find((x) => x.lead_id)?.lead_id as string;
      const before = server.dataset.contacts.filter((x) => x.lead_id === leadId).map((x) => x.id);
      assert.ok(before.length > 200, `a lead with many pages (${before.length})`);
      server.setFaults({ mutateBetweenPages: { deleteEvery: 2, deleteAt: 'listed', insertEvery: 5 } });
      await c.refreshLead(leadId);
      const deleted = new Set(server.mutations.deleted);
      assert.ok(deleted.size > 0);
      assert.equal(c.status.error, undefined, c.status.error?.message);
      assert.deepEqual(before.filter((id) => !deleted.has(id) && c.model.get(id) === undefined), []);
    });

    it('with no changes, requests stay within 3% of the floor (contact pages of 100 plus lead pages)', async () => {
      const server = await start(10_000, { seed: 8 });
      const c = controller(server, { contactWindow: 1, leadWindow: 1 });
      await c.refresh();
      assert.equal(c.status.phase, 'complete');
      assert.equal(c.loadStats?.misses, 0);
      const floor = Math.ceil(10_000 / 100) + Math.ceil(server.dataset.leads.length / 200);
      const served = server.requests.filter((r) => r.status === 200 && (r.path.endsWith('/contact/') || r.path.endsWith('/lead/'))).length;
      assert.ok(served <= floor * 1.03, `${served} requests for a floor of ${floor}`);
    });
  });

  it('refresh pressed five times: superseded loads resolve without touching the store, one load runs to the end', async () => {
    const server = await start(1200, { latencyMs: 15 });
    const c = controller(server);
    const runs = [c.refresh(), c.refresh(), c.refresh(), c.refresh()];
    await new Promise((resolve) => setImmediate(resolve));
    runs.push(c.refresh());
    await Promise.all(runs);
    assert.equal(c.status.phase, 'complete');
    assert.equal(c.model.size, 1200);
    // Pages of 100 overlap by one record (the seam check): 99 new records each after the first.
    assert.equal(c.status.pages, 13);
    assertConsistent(c);
    const listings = server.requests.filter((r) => r.path.endsWith('/contact/')).length;
    assert.ok(listings <= 14 + 4 * 6, `superseded loads stopped early (${listings} listings)`);
  });

  it('keeps enough contact pages in flight to use the rate limit when round trips are long', async () => {
    // 20 a second over 400 ms trips needs 8 in flight to keep up; the first window of 6 could not.
    const server = await start(3000, { leads: 100, latencyMs: 400, rateLimitPerSecond: 20 });
    const client = new CloseClient({ baseUrl: server.url, apiKey: server.apiKey });
    const track = { inFlight: 0, max: 0 };
    const listContacts = client.listContacts.bind(client);
    client.listContacts = async (...args) => {
      track.max = Math.max(track.max, ++track.inFlight);
      try {
        return await listContacts(...args);
      } finally {
        track.inFlight--;
      }
    };
    const c = controller(server, { client });
    await c.refresh();
    assert.equal(c.status.phase, 'complete');
    assert.equal(c.model.size, 3000);
    assert.ok(track.max >= 10, `at most ${track.max} contact pages were in flight at once`);
  });

  it('a revoked key stops the load at once with an auth error and no retry storm', async () => {
    const server = await start(5000, { latencyMs: 10 });
    server.setFaults({ revokeAfter: 4 });
    const c = controller(server);
    await c.refresh();
    // The first contact pages go out before anything else, so some are answered before the key
    // goes: their contacts are kept, and the load is partial.
    assert.equal(c.status.phase, 'partial');
    assert.equal(c.status.error?.kind, 'auth');
    // What was in flight when the key went: at most one window of pages, none retried.
    assert.ok(server.requests.length <= 4 + MAX_CONTACT_WINDOW + LEAD_WINDOW, `requests: ${server.requests.length}`);
    assert.ok(!JSON.stringify(c.status).includes(server.apiKey));
  });

  it('max_skip: loads the rest lead by lead, leads without a listed contact first', async () => {
    const server = await start(800, { maxSkip: 400, leads: 400 });
    const c = controller(server);
    const progress: number[] = [];
    c.onDidChangeStatus((s) => {
      if (s.byLead) {
        progress.push(s.byLead.done);
      }
    });
    await c.refresh();
    assert.equal(c.status.phase, 'complete');
    assert.deepEqual(c.status.skipLimited, { maxSkip: 400, completedByLead: true });
    assert.equal(c.status.byLead, undefined);
    const withLead = server.dataset.contacts.filter((x) => x.lead_id);
    const noLead = server.dataset.contacts.slice(0, 500).filter((x) => !x.lead_id);
    assert.equal(c.model.size, withLead.length + noLead.length);
    for (const x of withLead) {
      assert.ok(c.model.get(x.id), `contact ${x.id} of lead ${x.lead_id} is missing`);
    }
    const byLead = server.requests.filter((r) => r.path.endsWith('/contact/') && r.query.lead_id !== undefined);
    const leadIds = new Set(server.dataset.leads.map((l) => l.id));
    assert.equal(byLead.length, leadIds.size, 'one request per listed lead');
    assert.deepEqual(new Set(byLead.map((r) => r.query.lead_id)), leadIds, 'every listed lead is asked for');
    // The leads the listing reached no contact of come first.
    const listedLeads = new Set(server.dataset.contacts.slice(0, 500).map((x) => x.lead_id));
    const firstUnlisted = byLead.findIndex((r) => listedLeads.has(r.query.lead_id as string));
    const unlisted = [...leadIds].filter((id) => !listedLeads.has(id)).length;
    assert.ok(unlisted > 0, 'the data set has leads past the cut');
    assert.equal(firstUnlisted, unlisted, 'unlisted leads are asked for first');
    assert.deepEqual(progress.at(-1), leadIds.size);
  });

  it('max_skip: a failure while walking the leads keeps what came and names the error', async () => {
    const server = await start(800, { maxSkip: 400, leads: 60 });
    const c = controller(server);
    server.setFaults({ failByLead: { from: 5, status: 403 } });
    await c.refresh();
    assert.equal(c.status.phase, 'partial');
    assert.deepEqual(c.status.skipLimited, { maxSkip: 400 });
    assert.equal(c.status.error?.kind, 'forbidden');
    assert.ok(c.model.size >= 500);
  });

  it('skips and counts records without an id, keeps the rest', async () => {
    const server = await start(250);
    const broken = server.dataset.contacts[10] as unknown as Record<string, unknown>;
    delete broken.id;
    const c = controller(server);
    await c.refresh();
    assert.equal(c.status.skippedRecords, 1);
    assert.equal(c.model.size, 249);
  });

  it('refreshLead reloads one lead with lead_id and replaces its contacts', async () => {
    const server = await start(400, { leads: 40 });
    const c = controller(server);
    await c.refresh();
    const leadId = server.dataset.contacts.find((x) => x.lead_id)?.lead_id as string;
    const before = c.model.contactsOf(leadId).map((x) => x.id);
    assert.ok(before.length > 0);
    const removedId = before[0];
    server.dataset.contacts.splice(server.dataset.contacts.findIndex((x) => x.id === removedId), 1);
    const renamed = server.dataset.contacts.find((x) => x.lead_id === leadId);
    if (renamed) {
      renamed.display_name = 'Renamed Person';
    }
    server.resetRequests();
    await c.refreshLead(leadId);
    assert.equal(c.model.get(removedId), undefined);
    assert.deepEqual(sortedIds(c.model.contactsOf(leadId).map((x) => x.id)), sortedIds(server.dataset.contacts.filter((x) => x.lead_id === leadId).map((x) => x.id)));
    if (renamed) {
      assert.equal(c.model.get(renamed.id)?.displayName, 'Renamed Person');
      assert.equal(c.search('renamed person', 5)[0]?.contact.id, renamed.id);
    }
    assert.ok(server.requests.some((r) => r.query.lead_id === leadId));
    const scoped = server.requests.filter((r) => r.query.lead_id !== undefined);
    assert.equal(scoped.length, 1, 'one lead_id page for a small lead');
    assertConsistent(c);
  });

  it('refreshLead of a lead Close does not have says so (404) and changes nothing', async () => {
    const server = await start(200, { leads: 20 });
    const c = controller(server);
    await c.refresh();
    const groupsBefore = c.model.groups().map((g) => [g.leadId, g.count]);
    await c.refreshLead('lead_does_not_exist');
    assert.equal(c.status.error?.kind, 'notFound');
    assert.match(c.status.error?.message ?? '', /no lead lead_does_not_exist \(404\)/);
    assert.deepEqual(c.model.groups().map((g) => [g.leadId, g.count]), groupsBefore);
  });

  it('warm start: restores the cache at once, marks it, and marks it stale when a refresh fails', async () => {
    const server = await start(600);
    const first = controller(server);
    await first.refresh();
    await first.whenCacheWritten();
    const files = await fs.readdir(dir);
    assert.equal(files.length, 1);
    const body = await fs.readFile(path.join(dir, files[0]), 'utf8');
    assert.ok(!body.includes(server.apiKey), 'the key is never cached');

    const second = controller(server);
    assert.equal(await second.restoreFromCache(), true);
    assert.equal(second.model.size, 600);
    assert.ok(second.status.cachedAt !== undefined);
    assert.deepEqual(second.model.groups(), first.model.groups());
    assert.ok(second.model.groups().some((g) => g.status !== null), 'lead statuses come back from the cache');
    assert.equal(second.search('', 3).length, 3);

    await server.close();
    fake = undefined;
    await second.refresh();
    assert.equal(second.status.stale, true);
    assert.equal(second.model.size, 600, 'cached contacts stay visible');
    assert.ok(second.status.error);
    // The server is gone: its port refuses connections at once.
    assert.equal(second.status.error.kind, 'network');
  });

  it('a complete refresh over the cache replaces it and clears the cached mark', async () => {
    const server = await start(300);
    const first = controller(server);
    await first.refresh();
    await first.whenCacheWritten();
    server.dataset.contacts.splice(0, 50);
    const second = controller(server);
    await second.restoreFromCache();
    assert.equal(second.model.size, 300);
    await second.refresh();
    assert.equal(second.status.cachedAt, undefined);
    assert.equal(second.status.stale, false);
    assert.equal(second.model.size, 250);
    assertConsistent(second);
  });

  it('clear cancels, empties the store and deletes the cache', async () => {
    const server = await start(300);
    const c = controller(server);
    await c.refresh();
    await c.whenCacheWritten();
    assert.equal((await fs.readdir(dir)).length, 1);
    await c.clear();
    assert.equal(c.model.size, 0);
    assert.equal(c.status.phase, 'idle');
    assert.deepEqual(await fs.readdir(dir), []);
    assert.equal(await controller(server).restoreFromCache(), false);
  });

  it('warm start shows the lead groups (root nodes) before the contacts, with their cached counts', async () => {
    const server = await start(1500, { leads: 300 });
    const first = controller(server);
    await first.refresh();
    await first.whenCacheWritten();
    const second = controller(server);
    let seeded: { groups: number; size: number; counts: number } | undefined;
    second.model.onDidChange(() => {
      seeded ??= { groups: second.model.groups().length, size: second.model.size, counts: second.model.groups().reduce((n, g) => n + g.count, 0) };
    });
    const restored = second.restoreFromCache();
    assert.equal(await restored, true);
    assert.ok(seeded);
    assert.equal(seeded.size, 0, 'root nodes came before any contact was parsed');
    assert.equal(seeded.groups, first.model.groups().length);
    assert.equal(seeded.counts, 1500);
    assert.deepEqual(second.model.groups(), first.model.groups());
    assert.equal(second.search('', 3).length, 3);
  });

  it('a refresh that completes during a warm start wins over the cache', async () => {
    const server = await start(2000, { leads: 100 });
    const first = controller(server);
    await first.refresh();
    await first.whenCacheWritten();
    // The server changes: the cache is now out of date.
    const removed = server.dataset.contacts.splice(0, 300).map((c) => c.id);
    const second = controller(server);
    const restoring = second.restoreFromCache();
    await second.refresh();
    await restoring;
    assert.equal(second.status.phase, 'complete');
    assert.equal(second.status.cachedAt, undefined);
    assert.equal(second.model.size, 1700);
    assert.ok(removed.every((id) => second.model.get(id) === undefined));
    assertConsistent(second);
    await second.whenCacheWritten();
  });

  it('a corrupt cache is ignored and deleted', async () => {
    const server = await start(10);
    await fs.writeFile(path.join(dir, cacheFileName(server.me.organization_id ?? '')), '{"format":2,');
    const c = controller(server);
    assert.equal(await c.restoreFromCache(), false);
    assert.deepEqual(await fs.readdir(dir), []);
  });
});
