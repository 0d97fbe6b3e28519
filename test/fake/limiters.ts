// The shapes of rate limiter a Close stand-in may use, per API key, on an injected clock (ms).
// Each one says whether a request is admitted and what `RateLimit` header such a limiter sends:
// - fixed: windows of 1 s starting with the first request after the last one ended; `reset`
//   in whole seconds, rounded up (what Close documents);
// - fixedFractional: the same windows, `reset` with milliseconds;
// - sliding: at most `limit` requests in any 1 s (a log of admitted requests); `remaining` is
//   what the last second leaves, `reset` the whole seconds until the oldest one leaves it;
// - tokenBucket: a bucket of `burst` tokens refilled at `limit` per second; the header's
//   `limit` is the bucket, `remaining` the whole tokens left, `reset` the whole seconds
//   until the bucket is full again;
// - noHeaders: the fixed window, but no `RateLimit` header at all: a 429 carries only
//   `Retry-After` (whole seconds), which Close documents on every 429.
// The fixed and sliding windows are 1 s unless told longer (Close's documented example,
// `limit=100, remaining=50, reset=5`, reads like a window of 5 s).

export const LIMITER_MODES = ['fixed', 'fixedFractional', 'sliding', 'tokenBucket', 'noHeaders'] as const;
export type LimiterMode = (typeof LIMITER_MODES)[number];

export function isLimiterMode(value: string): value is LimiterMode {
  return (LIMITER_MODES as readonly string[]).includes(value);
}

export interface LimiterVerdict {
  admitted: boolean;
  /** The `RateLimit` header value, or undefined when this limiter sends none. */
  header: string | undefined;
  /** Seconds until a refused request may be admitted (before rounding). */
  waitSeconds: number;
}

export interface KeyLimiter {
  /** Counts one request arriving at `now`. */
  take(now: number): LimiterVerdict;
  /** The header an answer at `now` would carry, without counting anything (401s, 403s). */
  peek(now: number): string | undefined;
  /** When the current window ends (or the bucket is full), by the same clock. */
  resetAt(now: number): number;
}

function header(limit: number, remaining: number, resetSeconds: number, fractional: boolean): string {
  const reset = fractional ? Number(resetSeconds.toFixed(3)) : Math.ceil(resetSeconds - 1e-9);
  return `limit=${limit}, remaining=${Math.max(0, Math.floor(remaining + 1e-9))}, reset=${Math.max(0, reset)}`;
}

class FixedWindow implements KeyLimiter {
  private start = Number.NEGATIVE_INFINITY;
  private count = 0;
  constructor(
    private readonly limit: number,
    private readonly fractional: boolean,
    private readonly sendsHeader: boolean,
    private readonly windowMs: number,
  ) {}

  take(now: number): LimiterVerdict {
    this.roll(now);
    const admitted = this.count < this.limit;
    if (admitted) {
      this.count++;
    }
    return { admitted, header: this.peek(now), waitSeconds: admitted ? 0 : (this.start + this.windowMs - now) / 1000 };
  }

  peek(now: number): string | undefined {
    if (!this.sendsHeader) {
      return undefined;
    }
    const current = now - this.start >= this.windowMs;
    const resetMs = current ? this.windowMs : this.start + this.windowMs - now;
    return header(this.limit, current ? this.limit : this.limit - this.count, resetMs / 1000, this.fractional);
  }

  resetAt(now: number): number {
    return now - this.start >= this.windowMs ? now + this.windowMs : this.start + this.windowMs;
  }

  private roll(now: number): void {
    if (now - this.start >= this.windowMs) {
      this.start = now;
      this.count = 0;
    }
  }
}

class SlidingWindow implements KeyLimiter {
  /** Arrival times of the admitted requests still inside the window, oldest first. */
  private readonly log: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(now: number): LimiterVerdict {
    this.expire(now);
    const admitted = this.log.length < this.limit;
    if (admitted) {
      this.log.push(now);
    }
    return { admitted, header: this.peek(now), waitSeconds: admitted ? 0 : ((this.log[0] ?? now) + this.windowMs - now) / 1000 };
  }

  peek(now: number): string {
    this.expire(now);
    const oldest = this.log[0];
    return header(this.limit, this.limit - this.log.length, oldest === undefined ? 0 : (oldest + this.windowMs - now) / 1000, false);
  }

  resetAt(now: number): number {
    this.expire(now);
    return (this.log[0] ?? now) + this.windowMs;
  }

  private expire(now: number): void {
    while (this.log.length > 0 && now - (this.log[0] as number) >= this.windowMs) {
      this.log.shift();
    }
  }
}

class TokenBucket implements KeyLimiter {
  private tokens: number;
  private at = Number.NEGATIVE_INFINITY;
  constructor(
    private readonly perSecond: number,
    private readonly size: number,
  ) {
    this.tokens = size;
  }

  take(now: number): LimiterVerdict {
    this.refill(now);
    const admitted = this.tokens >= 1;
    if (admitted) {
      this.tokens -= 1;
    }
    return { admitted, header: this.peek(now), waitSeconds: admitted ? 0 : (1 - this.tokens) / this.perSecond };
  }

  peek(now: number): string {
    this.refill(now);
    return header(this.size, this.tokens, (this.size - this.tokens) / this.perSecond, false);
  }

  resetAt(now: number): number {
    this.refill(now);
    return now + ((this.size - this.tokens) / this.perSecond) * 1000;
  }

  private refill(now: number): void {
    if (this.at === Number.NEGATIVE_INFINITY) {
      this.at = now;
    }
    if (now > this.at) {
      this.tokens = Math.min(this.size, this.tokens + ((now - this.at) / 1000) * this.perSecond);
      this.at = now;
    }
  }
}

/**
 * One key's limiter: `perSecond` requests a second; `burst` is the token bucket's size (default
 * `perSecond`); `windowSeconds` the window of the fixed and sliding shapes (default 1), which then
 * admit `perSecond * windowSeconds` in each.
 */
export function createKeyLimiter(mode: LimiterMode, perSecond: number, burst?: number, windowSeconds = 1): KeyLimiter {
  const windowMs = windowSeconds * 1000;
  const limit = Math.round(perSecond * windowSeconds);
  switch (mode) {
    case 'fixed':
      return new FixedWindow(limit, false, true, windowMs);
    case 'fixedFractional':
      return new FixedWindow(limit, true, true, windowMs);
    case 'noHeaders':
      return new FixedWindow(limit, false, false, windowMs);
    case 'sliding':
      return new SlidingWindow(limit, windowMs);
    case 'tokenBucket':
      return new TokenBucket(perSecond, Math.max(1, burst ?? perSecond));
  }
}

/**
 * The floor: the least time, in ms from the first request, until the answer to the
 * `requests`-th one, for a client that sends each request the moment this limiter would
 * admit it and gets every answer `latencyMs` later.
 */
export function limiterFloorMs(mode: LimiterMode, perSecond: number, requests: number, latencyMs: number, burst?: number, windowSeconds?: number): number {
  const limiter = createKeyLimiter(mode, perSecond, burst, windowSeconds);
  let now = 0;
  let admitted = 0;
  while (admitted < requests) {
    const verdict = limiter.take(now);
    if (verdict.admitted) {
      admitted++;
    } else {
      now += Math.max(0.001, verdict.waitSeconds * 1000);
    }
  }
  return now + latencyMs;
}
