// Other clients of the same key (a script, an integration, a colleague's tool) spend part of its
// limit, and Close's `remaining` shows it: of `limit`, what is gone beyond our own sends went to
// them. Counting as ours every send of the window before the request went out (and the slack),
// a reading comes out low rather than high, and does not make up a neighbour that is not there:
// in a fixed window some of those sends were counted in the window before, and a token bucket
// refills.
// The largest of the last readings (about a second of answers) is kept, so the share follows a
// neighbour that comes and goes within a second or so.

const READINGS = 20;

export class OthersShare {
  private readonly readings: number[] = [];
  /** The largest share kept so far (for the log). */
  highest = 0;

  /** One answer's reading: `limit - remaining - ours` (below 0 when the reading comes out low). */
  note(reading: number): void {
    this.readings.push(reading);
    if (this.readings.length > READINGS) {
      this.readings.shift();
    }
    this.highest = Math.max(this.highest, this.perWindow);
  }

  /** Requests a window that other clients spend, by the last readings (0 before any). */
  get perWindow(): number {
    return Math.max(0, ...this.readings);
  }
}
