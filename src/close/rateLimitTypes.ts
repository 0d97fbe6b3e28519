// The RateLimiter's options, its counters and what it says of a wait (rateLimit.ts).

export interface RateLimiterOptions {
  /** Requests let through at once before any header is seen. Default 4. */
  burst?: number;
  /** Share of the limit to use (another app may share the key). Default 1. */
  paceFraction?: number;
  /** Injected for tests, with `setTimer`. */
  now?: () => number;
  /** Injected for tests: schedules the next look at the queue and returns its cancel. Default: setTimeout, clamped. */
  setTimer?: (callback: () => void, ms: number) => () => void;
  /** Called when `waitState()` starts, moves its `untilMs` by 1 s or more, or ends. */
  onWaitChange?: () => void;
}

/** Requests held by the rate limit for at least 1 s: see `RateLimiter.waitState`. */
export interface RateLimitWait {
  /** Requests queued. */
  waiting: number;
  /** Epoch ms (the limiter's clock) when the earliest queued request may go. */
  untilMs: number;
}

export interface RateLimiterStats {
  /** Requests let through. */
  requests: number;
  /** 429 responses reported (a pause handed to `observe`, or `pauseFor`). */
  rateLimited: number;
  /** Requests that had to wait before going out. */
  waits: number;
  /** Total time requests spent waiting, in ms. */
  waitedMs: number;
  /** Longest single wait, in ms. */
  longestWaitMs: number;
}
