// Long round trips: the same organization and rate as the limiter shapes, answered after 400 ms
// instead of 150. Six contact pages in flight carry at most 15 a second then, under the 20 the
// limit allows; the loader asks the rate limiter how many to keep in flight instead. Measured
// with that window and with the fixed window of six the loader had before, against the floor.
import { CONTACT_WINDOW } from '../src/model/controller/core';
import { limiterFloorMs, type LimiterMode } from '../test/fake/limiters';
import { RemoteFake } from './remoteFake';
import { seconds, timedLoad } from './timedLoad';

export const LONG_TRIP_MS = 400;

export interface LongTripRun {
  /** 'limiter': the window the rate limiter hints at; 'fixed': CONTACT_WINDOW pages. */
  window: 'limiter' | 'fixed';
  wallMs: number;
  overFloor: number;
  requests: number;
  status429: number;
  loaded: number;
}

export interface LongTripFigures {
  mode: LimiterMode;
  contacts: number;
  latencyMs: number;
  floorMs: number;
  runs: LongTripRun[];
}

export async function measureLongTrips(mode: LimiterMode, contacts: number, ratePerSecond: number, pageSize: number, leadPageSize: number): Promise<LongTripFigures> {
  const leads = contacts / 5;
  const fake = await RemoteFake.start({ contacts, leads, seed: 42, latencyMs: LONG_TRIP_MS, rateLimitPerSecond: ratePerSecond, rateLimitMode: mode });
  const floorRequests = Math.ceil(contacts / pageSize) + Math.ceil(leads / leadPageSize);
  const floorMs = limiterFloorMs(mode, ratePerSecond, floorRequests, LONG_TRIP_MS);
  const runs: LongTripRun[] = [];
  try {
    for (const window of ['limiter', 'fixed'] as const) {
      await fake.reset();
      const { controller, wallMs, served } = await timedLoad(fake, pageSize, leadPageSize, window === 'fixed' ? CONTACT_WINDOW : undefined);
      runs.push({ window, wallMs, overFloor: wallMs / floorMs, requests: served.requests, status429: served.status429, loaded: controller.model.size });
      controller.dispose();
    }
  } finally {
    await fake.close();
  }
  return { mode, contacts, latencyMs: LONG_TRIP_MS, floorMs, runs };
}

export function describeLongTrips(f: LongTripFigures): string {
  const run = (r: LongTripRun): string =>
    `${r.window === 'limiter' ? 'window from the limiter' : `fixed window of ${CONTACT_WINDOW}`}: ${seconds(r.wallMs)} = ${r.overFloor.toFixed(3)}x, ${r.requests} requests, ${r.status429} x 429, ${r.loaded}/${f.contacts}`;
  return `${f.mode}, ${f.latencyMs} ms trips, floor ${seconds(f.floorMs)}\n    ${f.runs.map(run).join('\n    ')}`;
}
