// One full load by a fresh controller against the fake server in its own process, timed.
import { performance } from 'node:perf_hooks';
import { CloseClient } from '../src/close/client';
import { RateLimiter } from '../src/close/rateLimit';
import { ContactsController } from '../src/model/contactsController';
import type { FakeStats } from './fakeProcess';
import type { RemoteFake } from './remoteFake';

export interface TimedLoad {
  /** The controller, for checks on what it loaded; the caller disposes it. */
  controller: ContactsController;
  wallMs: number;
  served: FakeStats;
}

export async function timedLoad(fake: RemoteFake, pageSize: number, leadPageSize: number, contactWindow?: number): Promise<TimedLoad> {
  const controller = new ContactsController({
    client: new CloseClient({ apiKey: fake.apiKey, baseUrl: fake.url, rateLimiter: new RateLimiter() }),
    pageSize,
    leadPageSize,
    contactWindow,
  });
  try {
    const start = performance.now();
    await controller.refresh();
    const wallMs = performance.now() - start;
    return { controller, wallMs, served: await fake.stats() };
  } catch (error) {
    controller.dispose();
    throw error;
  }
}

/** A load's time for the bench's lines: "5.52 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
