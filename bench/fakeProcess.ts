// Runs the fake Close server in its own process for the benchmark, so the server's data and
// work do not count in the figures measured for the extension's side (heap, event-loop stalls).
// Talks to the parent over the IPC channel `fork` opens.
import type { NeighbourCounts } from '../test/fake/neighbour';
import { startFakeClose, type FakeClose, type FakeCloseOptions, type FakeFaults } from '../test/fake/server';

export type FakeCall =
  | { op: 'start'; options: FakeCloseOptions }
  | { op: 'stats' }
  | { op: 'reset' }
  | { op: 'latency'; ms: number }
  | { op: 'faults'; faults: FakeFaults }
  | { op: 'ids' }
  | { op: 'leadlessIds' }
  | { op: 'close' };

/** What `start` answers. */
export interface FakeStarted {
  url: string;
  apiKey: string;
}

export type FakeRequest = FakeCall & { id: number };

export interface FakeStats {
  requests: number;
  status429: number;
  /** `/contact/` listings that asked for one lead (`lead_id`). */
  byLead: number;
  /** The neighbour's requests (option `neighbourPerSecond`). */
  neighbour: NeighbourCounts;
  /** The requests of the organization's other keys (option `organizationLimit`). */
  organizationOthers: NeighbourCounts;
}

let fake: FakeClose | undefined;

async function handle(msg: FakeRequest): Promise<unknown> {
  switch (msg.op) {
    case 'start':
      fake = await startFakeClose(msg.options);
      return { url: fake.url, apiKey: fake.apiKey } satisfies FakeStarted;
    case 'stats':
      return {
        requests: fake?.requests.length ?? 0,
        status429: fake?.requests.filter((r) => r.status === 429).length ?? 0,
        byLead: fake?.requests.filter((r) => r.query.lead_id !== undefined).length ?? 0,
        neighbour: fake?.neighbourCounts ?? { admitted: 0, refused: 0 },
        organizationOthers: fake?.organizationOthersCounts ?? { admitted: 0, refused: 0 },
      } satisfies FakeStats;
    case 'reset':
      fake?.resetRequests();
      return null;
    case 'latency':
      fake?.setLatency(msg.ms);
      return null;
    case 'faults':
      fake?.setFaults(msg.faults);
      return null;
    case 'ids':
      return fake?.dataset.contacts.map((c) => c.id) ?? [];
    case 'leadlessIds':
      return fake?.dataset.contacts.filter((c) => !c.lead_id).map((c) => c.id) ?? [];
    case 'close':
      await fake?.close();
      fake = undefined;
      return null;
  }
}

process.on('message', (msg: FakeRequest) => {
  handle(msg).then(
    (result) => process.send?.({ id: msg.id, result }),
    (err: unknown) => process.send?.({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
