// What loading past Close's max_skip costs: the listing stops at max_skip, and every lead is
// then asked for its own contacts with `lead_id` (one request per lead). Measured against the
// floor of the same organization listed with no max_skip, at the benchmark's rate and latency.
import { RemoteFake } from './remoteFake';
import { timedLoad, type TimedLoad } from './timedLoad';

export interface MaxSkipFigures {
  contacts: number;
  leads: number;
  maxSkip: number;
  wallMs: number;
  requests: number;
  byLeadRequests: number;
  status429: number;
  loaded: number;
  /** Contacts with a lead that the load did not bring. */
  lost: number;
  /** Contacts with no lead past max_skip: no request can list them (every real Close contact has a lead). */
  unreachable: number;
  phase: string;
  /** The least time the same organization takes to list without max_skip (its requests at the rate, plus one latency). */
  unlimitedFloorMs: number;
  /** The least time the requests actually needed take (listing to max_skip, the leads, every lead). */
  floorMs: number;
}

export async function measureMaxSkip(contacts: number, leads: number, maxSkip: number, latencyMs: number, ratePerSecond: number, pageSize: number, leadPageSize: number): Promise<MaxSkipFigures> {
  const fake = await RemoteFake.start({ contacts, leads, seed: 42, latencyMs, rateLimitPerSecond: ratePerSecond, maxSkip });
  let load: TimedLoad | undefined;
  try {
    load = await timedLoad(fake, pageSize, leadPageSize);
    const { controller, wallMs, served } = load;
    const ids = await fake.ids();
    const leadless = new Set(await fake.leadlessIds());
    const missed = ids.filter((id) => !controller.model.get(id));
    const unreachable = missed.filter((id) => leadless.has(id)).length;
    const lost = missed.length - unreachable;
    const perRequest = 1000 / ratePerSecond;
    const leadPages = Math.ceil(leads / leadPageSize);
    const unlimitedFloorMs = (Math.ceil(contacts / pageSize) + leadPages) * perRequest + latencyMs;
    const listed = Math.floor(maxSkip / pageSize) + 1;
    const floorMs = (listed + leadPages + leads) * perRequest + latencyMs;
    return {
      contacts,
      leads,
      maxSkip,
      wallMs,
      requests: served.requests,
      byLeadRequests: served.byLead,
      status429: served.status429,
      loaded: controller.model.size,
      lost,
      unreachable,
      phase: controller.status.phase,
      unlimitedFloorMs,
      floorMs,
    };
  } finally {
    load?.controller.dispose();
    await fake.close();
  }
}
