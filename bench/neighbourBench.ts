// A neighbour on the same key: Close counts a key's requests from every client that uses it (a
// script, an integration, another tool), so part of the limit may be gone before the extension
// asks. The same load as the limiter shapes while another client takes `neighbourPerSecond` of
// the key's limit, evenly spaced. The floor is that of an ideal client that leaves the neighbour
// its share: the same limiter at the limit less the neighbour's rate. (A client that takes the
// whole window the moment it opens can be faster, by having the neighbour's requests refused.)
import { limiterFloorMs, type LimiterMode } from '../test/fake/limiters';
import { RemoteFake } from './remoteFake';
import { seconds, timedLoad } from './timedLoad';

export interface NeighbourFigures {
  mode: LimiterMode;
  contacts: number;
  neighbourPerSecond: number;
  floorMs: number;
  wallMs: number;
  requests: number;
  status429: number;
  /** The neighbour's requests refused while the load ran: what the extension took from it. */
  neighbourRefused: number;
  neighbourAdmitted: number;
  loaded: number;
}

export async function measureNeighbour(
  mode: LimiterMode,
  contacts: number,
  ratePerSecond: number,
  neighbourPerSecond: number,
  latencyMs: number,
  pageSize: number,
  leadPageSize: number,
): Promise<NeighbourFigures> {
  const leads = contacts / 5;
  const fake = await RemoteFake.start({ contacts, leads, seed: 42, latencyMs, rateLimitPerSecond: ratePerSecond, rateLimitMode: mode, neighbourPerSecond });
  const requests = Math.ceil(contacts / pageSize) + Math.ceil(leads / leadPageSize);
  try {
    const before = (await fake.stats()).neighbour;
    const { controller, wallMs, served } = await timedLoad(fake, pageSize, leadPageSize);
    const loaded = controller.model.size;
    controller.dispose();
    return {
      mode,
      contacts,
      neighbourPerSecond,
      floorMs: limiterFloorMs(mode, ratePerSecond - neighbourPerSecond, requests, latencyMs),
      wallMs,
      requests: served.requests,
      status429: served.status429,
      neighbourRefused: served.neighbour.refused - before.refused,
      neighbourAdmitted: served.neighbour.admitted - before.admitted,
      loaded,
    };
  } finally {
    await fake.close();
  }
}

export function describeNeighbour(f: NeighbourFigures): string {
  return (
    `${f.mode.padEnd(15)} with a neighbour at ${f.neighbourPerSecond}/s: ${seconds(f.wallMs)} = ${(f.wallMs / f.floorMs).toFixed(3)}x the floor at the limit less the neighbour's share, ${seconds(f.floorMs)}, ` +
    `${f.requests} requests, ${f.status429} x 429 (${((100 * f.status429) / Math.max(1, f.requests)).toFixed(1)}%); the neighbour: ${f.neighbourAdmitted} admitted, ${f.neighbourRefused} refused; ${f.loaded}/${f.contacts}`
  );
}
