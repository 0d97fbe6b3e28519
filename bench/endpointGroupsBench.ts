// Endpoint groups counted apart: Close enforces its limits per endpoint group, and GETs to
// /contact/ and /lead/ may be two groups, each with a limit of its own. The same load as the
// limiter shapes, against a server that counts them apart. Its floor is the contact pages
// alone at the limit (the lead pages fit beside them); the floor of one shared count is given
// too, since the client cannot tell beforehand which kind of server it talks to.
import { limiterFloorMs, type LimiterMode } from '../test/fake/limiters';
import { RemoteFake } from './remoteFake';
import { seconds, timedLoad } from './timedLoad';

export interface EndpointGroupsFigures {
  mode: LimiterMode;
  contacts: number;
  /** The contact pages alone at the limit: what a server counting groups apart allows. */
  floorApartMs: number;
  /** Every request at the limit: what one shared count allows. */
  floorSharedMs: number;
  wallMs: number;
  requests: number;
  status429: number;
  loaded: number;
}

export async function measureEndpointGroups(
  mode: LimiterMode,
  contacts: number,
  ratePerSecond: number,
  latencyMs: number,
  pageSize: number,
  leadPageSize: number,
): Promise<EndpointGroupsFigures> {
  const leads = contacts / 5;
  const fake = await RemoteFake.start({ contacts, leads, seed: 42, latencyMs, rateLimitPerSecond: ratePerSecond, rateLimitMode: mode, rateLimitGroups: 'endpoint' });
  const contactPages = Math.ceil(contacts / pageSize);
  const leadPages = Math.ceil(leads / leadPageSize);
  try {
    const { controller, wallMs, served } = await timedLoad(fake, pageSize, leadPageSize);
    const loaded = controller.model.size;
    controller.dispose();
    return {
      mode,
      contacts,
      floorApartMs: limiterFloorMs(mode, ratePerSecond, contactPages, latencyMs),
      floorSharedMs: limiterFloorMs(mode, ratePerSecond, contactPages + leadPages, latencyMs),
      wallMs,
      requests: served.requests,
      status429: served.status429,
      loaded,
    };
  } finally {
    await fake.close();
  }
}

export function describeEndpointGroups(f: EndpointGroupsFigures): string {
  return (
    `${f.mode}, contacts and leads counted apart: ${seconds(f.wallMs)} = ${(f.wallMs / f.floorApartMs).toFixed(3)}x the floor of ${seconds(f.floorApartMs)} ` +
    `(${(f.wallMs / f.floorSharedMs).toFixed(3)}x that of one shared count, ${seconds(f.floorSharedMs)}), ${f.requests} requests, ${f.status429} x 429, ${f.loaded}/${f.contacts}`
  );
}
