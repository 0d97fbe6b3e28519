// A request reaches the server some time after it went out, and not always the same time: the
// limiter takes a window this much longer, from how much the round trips vary.

export const MIN_SEND_SLACK_MS = 20;
export const MAX_SEND_SLACK_MS = 250;
const TRIPS_KEPT = 64;

export class SendSlack {
  /** Recent round trips (ms): their spread says how late a send may reach the server. */
  private readonly trips: number[] = [];
  private slackMs = MIN_SEND_SLACK_MS;
  private medianMs: number | undefined;

  /** The slack added to the window: how much later than usual a request may arrive (p90 - min round trip). */
  get ms(): number {
    return this.slackMs;
  }

  /** The median of recent round trips (ms); undefined before the first. */
  get tripMs(): number | undefined {
    return this.medianMs;
  }

  noteTrip(ms: number): void {
    this.trips.push(ms);
    if (this.trips.length > TRIPS_KEPT) {
      this.trips.shift();
    }
    const sorted = [...this.trips].sort((a, b) => a - b);
    this.medianMs = sorted[Math.floor(0.5 * (sorted.length - 1))] as number;
    const spread = (sorted[Math.floor(0.9 * (sorted.length - 1))] as number) - (sorted[0] as number);
    this.slackMs = Math.min(MAX_SEND_SLACK_MS, Math.max(MIN_SEND_SLACK_MS, spread));
  }
}
