import * as assert from 'node:assert/strict';
import { RateLimiter } from '../../../src/close/rateLimit';
import type { FakeClose, FakeCloseOptions } from '../../fake/server';
import { clientFor, fakeClose, watchedLimiter } from './helpers';

const PER_SECOND = 20;

describe('CloseClient: pacing under a rate limit', () => {
  let fake: FakeClose;

  before(async () => {
    fake = await fakeClose({ contacts: 500, latencyMs: 40, rateLimitPerSecond: PER_SECOND });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.resetRequests();
    fake.setRateLimit(PER_SECOND, 'fixed'); // a fresh window for each test
  });

  function summary(started: number, requests: number): { ms: number; floorMs: number; limited: number } {
    const ms = Date.now() - started;
    assert.equal(fake.requests.length - fake.requests.filter((r) => r.status === 429).length, requests);
    return { ms, floorMs: ((requests - 1) / PER_SECOND) * 1000, limited: fake.requests.filter((r) => r.status === 429).length };
  }

  it('a burst of 40 concurrent page requests stays inside the limit and near its pace', async () => {
    const { client } = clientFor(fake.url);
    const started = Date.now();
    const pages = await Promise.all(Array.from({ length: 40 }, (_, i) => client.listContacts({ limit: 10, skip: i * 10, fields: ['id'] })));
    const { ms, floorMs, limited } = summary(started, 40);
    assert.deepEqual(
      pages.flatMap((p) => p.data.map((c) => c.id)),
      fake.dataset.contacts.slice(0, 400).map((c) => c.id),
    );
    assert.ok(limited / fake.requests.length <= 0.02, `${limited} of ${fake.requests.length} requests got 429`);
    assert.ok(ms < floorMs * 1.25 + 300, `took ${ms} ms against a floor of ${floorMs} ms`);
    assert.equal(client.rateLimiter.stats.rateLimited, limited);
  });

  it('tells the limiter when each request went out, before its answer', async () => {
    const { limiter, events } = watchedLimiter();
    const { client } = clientFor(fake.url, { rateLimiter: limiter });
    await Promise.all([0, 1, 2].map((i) => client.listContacts({ limit: 5, skip: i * 5, fields: ['id'] })));
    for (const ticket of [1, 2, 3]) {
      const sent = events.indexOf(`sent ${ticket}`);
      assert.ok(sent >= 0 && sent < events.indexOf(`answered ${ticket}`), events.join(', '));
    }
    assert.equal(events.filter((e) => e.startsWith('sent')).length, 3, 'once per request');
  });

  // Contacts have 20 a second of their own; leads as many, or more. Leads go one at a time, so
  // their answers say nearly all is left (and the larger limit): spent on contact pages, either
  // would overrun the contacts' count.
  for (const [leadLimit, what] of [
    [PER_SECOND, "never spends the leads' remaining on contact pages"],
    [2 * PER_SECOND, "never paces contact pages by the leads' larger limit"],
  ] as const) {
    it(`against endpoint groups counted apart, ${what}`, async () => {
      const apart = await fakeClose({
        contacts: 600,
        leads: 400,
        latencyMs: 40,
        rateLimitPerSecond: PER_SECOND,
        rateLimitGroups: 'endpoint',
        rateLimitByEndpoint: { lead: leadLimit },
      });
      try {
        const { client } = clientFor(apart.url);
        // As the loader pages: a few contact pages in flight at a time, and the lead pages beside them.
        let nextContact = 0;
        const contactPages = async (): Promise<void> => {
          for (let i = nextContact++; i < 60; i = nextContact++) {
            await client.listContacts({ limit: 10, skip: i * 10, fields: ['id'] });
          }
        };
        const leadPages = async (): Promise<void> => {
          for (let i = 0; i < 8; i++) {
            await client.listLeads({ limit: 50, skip: i * 50, fields: ['id'] });
          }
        };
        await Promise.all([contactPages(), contactPages(), contactPages(), contactPages(), contactPages(), leadPages()]);
        const limited = apart.requests.filter((r) => r.status === 429);
        assert.equal(limited.length, 0, `429s: ${limited.map((r) => r.path).join(', ')}`);
      } finally {
        await apart.close();
      }
    });
  }

  /** 40 pages of 10 contacts, 5 in flight, beside other clients: all 400 come, with 2 x 429 at most. */
  async function loadBeside(server: FakeClose): Promise<void> {
    const ids = await pagesOfTen(server, 40, 5);
    assert.equal(new Set(ids).size, 400);
    const limited = server.requests.filter((r) => r.status === 429).length;
    assert.ok(limited <= 2, `${limited} of ${server.requests.length} requests got 429`);
  }

  /** The same load once the other clients (`spending`: how many of theirs were admitted) have been at it for a while. */
  async function loadAfterOthers(options: FakeCloseOptions, spending: (server: FakeClose) => { admitted: number }): Promise<void> {
    const server = await fakeClose({ contacts: 400, latencyMs: 40, rateLimitPerSecond: PER_SECOND, ...options });
    try {
      while (spending(server).admitted < 12) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await loadBeside(server);
    } finally {
      await server.close();
    }
  }

  // Another client of the key takes 8 of its 20 a second. What the answers say is left shows
  // it; paced by our own sends alone, every window would overrun the count and pause for a 429.
  for (const mode of ['sliding', 'fixed'] as const) {
    it(`beside another client spending part of the key's limit (${mode}), leaves it its share`, async () => {
      await loadAfterOthers({ rateLimitMode: mode, neighbourPerSecond: 8 }, (server) => server.neighbourCounts);
    });
  }

  // The key may send 20 a second, but its organization's other keys leave only 12 of the
  // organization's 24: the answers list both policies, the key's first. Read by the key's alone,
  // the load would overrun the organization's count every window.
  for (const mode of ['sliding', 'fixed'] as const) {
    it(`beside other keys of the organization spending most of its limit (${mode}), paces by the tighter policy`, async () => {
      await loadAfterOthers({ rateLimitMode: mode, organizationLimit: { perSecond: 24, othersPerSecond: 12 } }, (server) => server.organizationOthersCounts);
    });
  }

  // A gateway may write the limits in the IETF draft's forms instead of Close's: the later one
  // (`RateLimit: "key";r=7;t=1` with the quotas in `RateLimit-Policy`) or the early one
  // (`RateLimit-Limit: 20, 20;w=1, 24;w=1` and the rest apart). Either is read as Close's is.
  for (const style of ['ietf', 'split'] as const) {
    it(`reads the rate limit written in the IETF draft's ${style === 'ietf' ? 'later' : 'early'} form, beside the organization's other keys`, async () => {
      const options = { rateLimitMode: 'sliding', organizationLimit: { perSecond: 24, othersPerSecond: 12 }, rateHeaderStyle: style } as const;
      await loadAfterOthers(options, (server) => server.organizationOthersCounts);
    });
  }

  // Close's documented example, `limit=100, remaining=50, reset=5`, reads like a window of 5 s:
  // 100 at once, then nothing until the window turns. Paced as if windows were a second long,
  // the load would overrun the count a second in and pause for a 429 in every window.
  for (const mode of ['fixed', 'sliding'] as const) {
    it(`in windows of 5 s (${mode}), spends each window's 100 and waits for the next without a 429`, async () => {
      const long = await fakeClose({ contacts: 1500, latencyMs: 40, rateLimitPerSecond: PER_SECOND, rateLimitMode: mode, rateLimitWindowSeconds: 5 });
      try {
        const started = Date.now();
        const ids = await pagesOfTen(long, 140, 8);
        const ms = Date.now() - started;
        assert.equal(ids.length, 1400);
        const limited = long.requests.filter((r) => r.status === 429).length;
        assert.equal(limited, 0, `${limited} of ${long.requests.length} requests got 429`);
        // The floor: 100 at once, the other 40 when the window turns 5 s later.
        assert.ok(ms >= 5000 && ms < 5000 * 1.25, `took ${ms} ms against a floor of 5,040 ms`);
      } finally {
        await long.close();
      }
    });
  }

  it('without RateLimit headers, no request takes the slot of a 429 before the pause it asked for', async () => {
    // 4 a second and 4 in flight before anything is known: the second four all get 429. Had a
    // waiting request gone out on the first 429's answer, before its pause began, it would be
    // a fifth 429 in the same window.
    fake.setRateLimit(4, 'noHeaders');
    const { client } = clientFor(fake.url, { rateLimiter: new RateLimiter({ burst: 4 }) });
    const pages = await Promise.all(Array.from({ length: 10 }, (_, i) => client.listContacts({ limit: 5, skip: i * 5, fields: ['id'] })));
    assert.equal(pages.flatMap((p) => p.data).length, 50);
    const limited = fake.requests.filter((r) => r.status === 429).length;
    assert.equal(limited, 4, `${limited} requests got 429; only the 4 in flight when the first came back should`);
  });

  it('two clients sharing one limiter (one key) pace together', async () => {
    const limiter = new RateLimiter();
    const a = clientFor(fake.url, { rateLimiter: limiter }).client;
    const b = clientFor(fake.url, { rateLimiter: limiter }).client;
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).listContacts({ limit: 5, skip: i * 5, fields: ['id'] })));
    const { limited } = summary(started, 30);
    assert.equal(limited, 0);
    assert.equal(limiter.stats.requests, 30);
  });
});

/** `pages` pages of 10 contacts' ids, `workers` requests at a time, as the loader pages. */
async function pagesOfTen(server: FakeClose, pages: number, workers: number): Promise<string[]> {
  const { client } = clientFor(server.url);
  let next = 0;
  const worker = async (): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = next++; i < pages; i = next++) {
      ids.push(...(await client.listContacts({ limit: 10, skip: i * 10, fields: ['id'] })).data.map((c) => c.id));
    }
    return ids;
  };
  return (await Promise.all(Array.from({ length: workers }, worker))).flat();
}
