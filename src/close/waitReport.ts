// What the rate limiter says of a hold (`RateLimiter.waitState`): requests held for 1 s or more,
// and a call to the listener when such a hold starts, moves its end by 1 s or more, or ends.
import type { RateLimitWait } from './rateLimitTypes';

const WAIT_REPORT_MS = 1000;

export class WaitReport {
  private wait: RateLimitWait | undefined;
  private reportedUntil: number | undefined;

  constructor(
    private readonly now: () => number,
    private readonly onChange: (() => void) | undefined,
  ) {}

  get current(): RateLimitWait | undefined {
    return this.wait === undefined ? undefined : { ...this.wait };
  }

  /** `waiting` requests are queued; `heldUntil`: when the first may go, if the rate limit holds it. */
  update(waiting: number, heldUntil: number | undefined): void {
    const held = heldUntil !== undefined && waiting > 0 && heldUntil - this.now() >= WAIT_REPORT_MS;
    this.wait = held ? { waiting, untilMs: Math.ceil(heldUntil) } : undefined;
    const until = this.wait?.untilMs;
    const changed =
      (until === undefined) !== (this.reportedUntil === undefined) ||
      (until !== undefined && this.reportedUntil !== undefined && Math.abs(until - this.reportedUntil) >= WAIT_REPORT_MS);
    if (!changed) {
      return;
    }
    this.reportedUntil = until;
    try {
      this.onChange?.();
    } catch {
      // A listener's failure must not stop requests from going out.
    }
  }
}
