// The RateLimiter's options, its counters and what it says of a wait (rateLimit.ts), and the
// records it keeps inside.
import type { CloseError } from './errors';

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

export interface Waiter {
  enqueuedAt: number;
  group: string;
  resolve: (ticket: number) => void;
  reject: (error: CloseError) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** What the newest answer of an endpoint group said. */
export interface ServerView {
  remaining: number;
  /** The earliest moment the window may reset, by our clock (a lower bound: our own sends decide). */
  resetAt: number;
  /** Ticket of the request this came from: the server had not counted later tickets. */
  ticket: number;
  /** Earlier requests still unanswered then: they may have reached the server after this one. */
  unseenEarlier: number;
}

export interface Send {
  ticket: number;
  /** When it was let through, then when it went out (`sent`). */
  at: number;
}
