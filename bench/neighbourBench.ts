// A neighbour on the same key: Close counts a key's requests from every client that uses it (a
// script, an integration, another tool), so part of the limit may be gone before the extension
// asks. The same load as the limiter shapes while another client takes `neighbourPerSecond` of
// the key's limit, evenly spaced. The floor is that of an ideal client that leaves the neighbour
// its share: the same limiter at the limit less the neighbour's rate. (A client that takes the
// whole window the moment it opens can be faster, by having the neighbour's requests refused.)
import { limiterFloorMs, type LimiterMode } from '../test/fake/limiters';
import type { NeighbourCounts } from '../test/fake/neighbour';
import type { FakeStats } from './fakeProcess';
import { RemoteFake } from './remoteFake';
import { seconds, timedLoad } from './timedLoad';

export interface NeighbourFigures {
  mode: LimiterMode;
  contacts: number;
  neighbourPerSecond: number;
  /**
   * Set when the neighbour is the organization's other keys: the organization's own limit, which
   * they and the key share (the key keeps its own limit too); unset: another client of the key.
   */
  organizationPerSecond?: number;
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
  return measureBeside(mode, contacts, ratePerSecond, neighbourPerSecond, undefined, latencyMs, pageSize, leadPageSize);
}

/**
 * The same load while the organization's other keys (other users' integrations) spend
 * `othersPerSecond` of its limit, `organizationPerSecond`, which the key shares on top of its own.
 */
export async function measureOrganizationOthers(
  mode: LimiterMode,
  contacts: number,
  ratePerSecond: number,
  organizationPerSecond: number,
  othersPerSecond: number,
  latencyMs: number,
  pageSize: number,
  leadPageSize: number,
): Promise<NeighbourFigures> {
  return measureBeside(mode, contacts, ratePerSecond, othersPerSecond, organizationPerSecond, latencyMs, pageSize, leadPageSize);
}

async function measureBeside(
  mode: LimiterMode,
  contacts: number,
  ratePerSecond: number,
  neighbourPerSecond: number,
  organizationPerSecond: number | undefined,
  latencyMs: number,
  pageSize: number,
  leadPageSize: number,
): Promise<NeighbourFigures> {
  const leads = contacts / 5;
  const spender = organizationPerSecond === undefined ? { neighbourPerSecond } : { organizationLimit: { perSecond: organizationPerSecond, othersPerSecond: neighbourPerSecond } };
  const fake = await RemoteFake.start({ contacts, leads, seed: 42, latencyMs, rateLimitPerSecond: ratePerSecond, rateLimitMode: mode, ...spender });
  const requests = Math.ceil(contacts / pageSize) + Math.ceil(leads / leadPageSize);
  const counts = (stats: FakeStats): NeighbourCounts => (organizationPerSecond === undefined ? stats.neighbour : stats.organizationOthers);
  // What is left to an ideal client that leaves the others their share.
  const leftPerSecond = organizationPerSecond === undefined ? ratePerSecond - neighbourPerSecond : Math.min(ratePerSecond, organizationPerSecond - neighbourPerSecond);
  try {
    const before = counts(await fake.stats());
    const { controller, wallMs, served } = await timedLoad(fake, pageSize, leadPageSize);
    const loaded = controller.model.size;
    controller.dispose();
    return {
      mode,
      contacts,
      neighbourPerSecond,
      ...(organizationPerSecond === undefined ? {} : { organizationPerSecond }),
      floorMs: limiterFloorMs(mode, leftPerSecond, requests, latencyMs),
      wallMs,
      requests: served.requests,
      status429: served.status429,
      neighbourRefused: counts(served).refused - before.refused,
      neighbourAdmitted: counts(served).admitted - before.admitted,
      loaded,
    };
  } finally {
    await fake.close();
  }
}

export function describeNeighbour(f: NeighbourFigures): string {
  const beside =
    f.organizationPerSecond === undefined
      ? `with a neighbour at ${f.neighbourPerSecond}/s`
      : `with the organization's other keys at ${f.neighbourPerSecond}/s of its ${f.organizationPerSecond}/s`;
  return (
    `${f.mode.padEnd(15)} ${beside}: ${seconds(f.wallMs)} = ${(f.wallMs / f.floorMs).toFixed(3)}x the floor at what the others leave, ${seconds(f.floorMs)}, ` +
    `${f.requests} requests, ${f.status429} x 429 (${((100 * f.status429) / Math.max(1, f.requests)).toFixed(1)}%); the neighbour: ${f.neighbourAdmitted} admitted, ${f.neighbourRefused} refused; ${f.loaded}/${f.contacts}`
  );
}
