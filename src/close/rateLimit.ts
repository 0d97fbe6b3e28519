// Close limits requests per API key and tells us where we stand on every response
// (`RateLimit: limit=20, remaining=7, reset=1`). One RateLimiter is shared by every request
// made with a key, so a loader firing several pages at once still stays inside the limit.
//
// Limiters come in several shapes (fixed windows, sliding windows, token buckets) and
// `remaining`/`reset` mean slightly different things in each, so the pacing only relies on
// what holds in all of them:
// - `remaining` never shrinks except by requests: what the newest response of an endpoint
//   group (`contact`, `lead`) said, minus the requests we started after the one it answered,
//   may go out at once to that group, whatever the shape. Close may count its endpoint groups
//   apart or together: requests to every group are subtracted, and one group's `remaining` is
//   never spent on another's;
// - `limit` requests in any `window` (the largest `reset` seen, at least 1 s) are always
//   allowed: once the server's count is used up, a request waits until our own log of sends
//   (each from when it went out, `sent`) has fewer than `limit` in the last window (plus a
//   little slack for the trip to the server), and, when `reset` is exact, until the reset;
// - other clients of the key (a script, an integration) spend part of its limit: what an answer
//   says is gone beyond our own sends in the window shows how much (othersShare.ts), and our
//   sends in a window leave them that;
// - before any header, at most `burst` requests are in flight;
// - a 429 pauses every request for the time Close asked (handed to `observe`). Without any header
//   the first 429 teaches the limit: the requests we sent in the window before it. A 429 on
//   a request sent while the limit was known means someone else shares the key: we then use
//   a smaller share of the limit, which each answer without 429 brings back up.
// Waiters are served first come, first served.
//
// Every wait read from a header is checked first (`parseRateLimit`): a value that makes no
// sense is dropped and noted, a long one is capped at MAX_SERVER_WAIT_S, and the limiter
// clamps again whatever it is handed, so no header can hold requests for longer than that.

import * as l10n from '@vscode/l10n';
import { CloseError } from './errors';
import { startTimer } from './timers';
import { MAX_SERVER_WAIT_S, type RateLimitState } from './rateLimitHeaders';
import { MAX_SEND_SLACK_MS, SendSlack } from './sendSlack';
import { OthersShare } from './othersShare';
import { WaitReport } from './waitReport';
import type { RateLimitWait, RateLimiterOptions, RateLimiterStats, Send, ServerView, Waiter } from './rateLimitTypes';

export type { RateLimitWait, RateLimiterOptions, RateLimiterStats };

/**
 * The longest window the pace is spread over. Rate-limit windows are short (Close's docs show
 * reset=5, its old 429 body a 15 s window); per-minute is the longest in common use. A longer
 * `reset` still holds requests when `remaining` runs out, but never slows the pace below
 * limit per minute.
 */
const MAX_WINDOW_S = 60;

export class RateLimiter {
  private readonly burst: number;
  private readonly paceFraction: number;
  /** The share of the limit used now: `paceFraction`, lowered after 429s. */
  private pace: number;
  private readonly now: () => number;
  private readonly queue: Waiter[] = [];
  private readonly setTimer: (callback: () => void, ms: number) => () => void;
  private cancelTimer: (() => void) | undefined;
  private windowMs = 1000;
  /** What the newest answer of each endpoint group said (Close may count groups apart). */
  private readonly server = new Map<string, ServerView>();
  private pausedUntil = 0;
  private inFlight = 0;
  private knownLimit: number | undefined;
  /** The limit each endpoint group's answers last reported. */
  private readonly groupLimits = new Map<string, number>();
  /** The limit was learned from 429s (no header says it). */
  private limitLearned = false;
  /** Tickets from this one on were sent knowing the limit (and after the last 429). */
  private informedFrom = Number.POSITIVE_INFINITY;
  /** Our sends in the last window (and a little more), in the order they went out. */
  private readonly sends: Send[] = [];
  private readonly limited = new Set<number>();
  /** Tickets let through and not yet answered, with their endpoint groups. */
  private readonly open = new Map<number, string>();
  private readonly slack = new SendSlack();
  private readonly others = new OthersShare();
  private nextTicket = 1;
  private readonly waitReport: WaitReport;
  private readonly counters: RateLimiterStats = { requests: 0, rateLimited: 0, waits: 0, waitedMs: 0, longestWaitMs: 0 };

  constructor(options: RateLimiterOptions = {}) {
    this.burst = Math.max(1, Math.floor(options.burst ?? 4));
    this.paceFraction = Math.min(1, Math.max(MIN_PACE, options.paceFraction ?? 1));
    this.pace = this.paceFraction;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? startTimer;
    this.waitReport = new WaitReport(this.now, options.onWaitChange);
  }

  get stats(): Readonly<RateLimiterStats> {
    return { ...this.counters };
  }

  /**
   * Requests worth keeping in flight: the usable limit per window over a typical round trip, and
   * half as much again (fewer cannot reach the limit when trips are long); `burst` before that.
   */
  get inFlightHint(): number {
    const limit = this.usableLimit();
    const trip = this.slack.tripMs;
    return limit === undefined || trip === undefined ? this.burst : Math.max(1, Math.ceil((1.5 * this.ownShare(limit) * trip) / this.windowMs));
  }

  /** For the log: the slack each window now gets (ms), the median round trip, and the most requests a window other clients of the key were seen to take. */
  get timing(): { slackMs: number; tripMs: number | undefined; othersPerWindow: number } {
    return { slackMs: this.slack.ms, tripMs: this.slack.tripMs, othersPerWindow: this.others.highest };
  }

  /** Requests currently let through and not yet answered. */
  get pending(): number {
    return this.inFlight;
  }

  /**
   * Requests held by the rate limit (a 429 pause, no room left in Close's window, or the
   * pace) for at least 1 s, as of the last change; undefined when nothing is queued, the
   * hold is shorter, or requests only wait for answers before the pace is known.
   */
  waitState(): RateLimitWait | undefined {
    return this.waitReport.current;
  }

  /**
   * Waits for a slot. Resolves with a ticket to hand back to `observe` or `release`. `group`:
   * the endpoint group the request goes to (`contact`, `lead`): what an answer says is left is
   * spent only on requests to its own group.
   */
  acquire(signal?: AbortSignal, group = ''): Promise<number> {
    if (signal?.aborted) {
      return Promise.reject(cancelled());
    }
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { enqueuedAt: this.now(), group, resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) {
            this.queue.splice(index, 1);
            reject(cancelled());
            this.pump();
          }
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /**
   * A response came back; `state` is what its headers said (if anything). For a 429, `pauseS`
   * is the wait Close asked for: the pause starts before any waiting request can take the slot.
   */
  observe(ticket: number, state: RateLimitState | undefined, pauseS?: number): void {
    const group = this.open.get(ticket) ?? '';
    this.finish(ticket, true);
    this.pace = Math.min(this.paceFraction, this.pace + PACE_RECOVERY);
    const view = this.server.get(group);
    if (state?.remaining !== undefined && (view === undefined || ticket > view.ticket)) {
      const now = this.now();
      const resetSeconds = sanitizeSeconds(state.resetSeconds) ?? this.windowMs / 1000;
      // A long reset (a quota, or a value that slipped through) must not slow the pace to nothing.
      if (!state.resetFromUnixTime) {
        this.windowMs = Math.max(this.windowMs, Math.min(resetSeconds, MAX_WINDOW_S) * 1000);
      }
      if (this.knownLimit === undefined || this.limitLearned || state.limit !== undefined) {
        // One pace for every group: within the smallest limit any group reports.
        this.groupLimits.set(group, Math.max(1, state.limit ?? this.knownLimit ?? state.remaining));
        this.knownLimit = Math.min(...this.groupLimits.values());
        this.limitLearned = false;
        this.informedFrom = Math.min(this.informedFrom, this.nextTicket);
      }
      // Whole seconds (or a Unix time in whole seconds) may have been rounded up by up to 1 s.
      const earliestReset = Number.isInteger(resetSeconds) || state.resetFromUnixTime ? Math.max(0, resetSeconds - 1) : resetSeconds;
      let unseenEarlier = 0;
      for (const open of this.open.keys()) {
        unseenEarlier += open < ticket ? 1 : 0;
      }
      // Counted from when the request went out: the server answered at some point after that.
      const sentAt = this.sends.find((s) => s.ticket === ticket)?.at ?? now;
      if (this.knownLimit !== undefined && !this.limitLearned && pauseS === undefined) {
        // Our sends in the window before this one went out (and the slack): the most of ours
        // the server can have counted; the rest of what is gone went to other clients.
        const from = sentAt - this.windowMs - this.slack.ms;
        const ours = this.sends.filter((s) => s.at <= sentAt && s.at > from && !this.limited.has(s.ticket)).length;
        this.others.note((state.limit ?? this.knownLimit) - state.remaining - ours);
      }
      this.server.set(group, { remaining: state.remaining, resetAt: sentAt + earliestReset * 1000, ticket, unseenEarlier });
    }
    if (pauseS !== undefined) {
      this.notePause(pauseS, ticket);
    }
    this.pump();
  }

  /**
   * The request with `ticket` has gone out now: its send counts from here, not from when it was
   * let through (the event loop may have been busy in between, or a connection opening).
   */
  sent(ticket: number): void {
    let i = this.sends.findIndex((s) => s.ticket === ticket);
    const send = this.sends[i];
    if (send === undefined) {
      return;
    }
    send.at = Math.max(send.at, this.now());
    // It may have gone out after later tickets: the log stays in the order of going out.
    while (i + 1 < this.sends.length && (this.sends[i + 1] as Send).at < send.at) {
      this.sends[i] = this.sends[i + 1] as Send;
      this.sends[++i] = send;
    }
  }

  /** The request ended without a response (network error, timeout, cancelled). */
  release(ticket: number): void {
    this.finish(ticket, false);
    this.pump();
  }

  /** Close answered 429 (to the request with `ticket`, when known): every request waits this long. */
  pauseFor(seconds: number, ticket?: number): void {
    this.notePause(seconds, ticket);
    this.pump();
  }

  private notePause(seconds: number, ticket: number | undefined): void {
    this.counters.rateLimited++;
    const now = this.now();
    if (ticket !== undefined) {
      this.limited.add(ticket);
      this.learnFrom429(ticket);
    } else if (this.knownLimit !== undefined) {
      this.pace = Math.max(MIN_PACE, this.pace * PACE_BACKOFF);
    }
    const until = now + (sanitizeSeconds(seconds) ?? 0) * 1000;
    this.pausedUntil = Math.max(this.pausedUntil, until);
    // The server's count is used up; after the pause the next answers tell us more.
    this.server.clear();
  }

  /**
   * A 429 to a request sent while the limit was known means someone else uses the key (or the
   * limit is lower than we thought): one smaller share per episode, not one per 429 of a burst
   * already sent. Without any header, the first 429 teaches the limit.
   */
  private learnFrom429(ticket: number): void {
    const sent = this.sends.find((s) => s.ticket === ticket);
    const admittedBefore = sent === undefined ? undefined : this.sends.filter((s) => s.ticket < ticket && s.at > sent.at - this.windowMs && !this.limited.has(s.ticket)).length;
    if (this.knownLimit === undefined) {
      this.knownLimit = Math.max(1, admittedBefore ?? 1);
      this.limitLearned = true;
    } else if (ticket >= this.informedFrom) {
      if (this.limitLearned) {
        this.knownLimit = Math.max(1, Math.min(this.knownLimit - 1, admittedBefore ?? this.knownLimit));
      } else {
        this.pace = Math.max(MIN_PACE, this.pace * PACE_BACKOFF);
      }
    } else {
      return;
    }
    this.informedFrom = this.nextTicket;
  }

  /** `answered`: a response came; a request cancelled or failed early says nothing of the trip. */
  private finish(ticket: number, answered: boolean): void {
    if (this.open.delete(ticket) && answered) {
      const sent = this.sends.find((s) => s.ticket === ticket);
      if (sent) {
        this.slack.noteTrip(this.now() - sent.at);
      }
    }
    if (this.inFlight > 0) {
      this.inFlight--;
    }
  }

  private pump(): void {
    if (this.cancelTimer !== undefined) {
      this.cancelTimer();
      this.cancelTimer = undefined;
    }
    let heldUntil: number | undefined;
    while (this.queue.length > 0) {
      const now = this.now();
      const next = this.delayBeforeNext(now, (this.queue[0] as Waiter).group);
      if (next.ms > 0) {
        this.cancelTimer = this.setTimer(() => {
          this.cancelTimer = undefined;
          this.pump();
        }, Math.ceil(next.ms));
        heldUntil = next.rateLimit ? now + next.ms : undefined;
        break;
      }
      const waiter = this.queue.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) {
        waiter.signal.removeEventListener('abort', waiter.onAbort);
      }
      this.take(now, waiter);
    }
    this.waitReport.update(this.queue.length, heldUntil);
  }

  private take(now: number, waiter: Waiter): void {
    this.inFlight++;
    this.counters.requests++;
    const waited = now - waiter.enqueuedAt;
    if (waited > 0) {
      this.counters.waits++;
      this.counters.waitedMs += waited;
      this.counters.longestWaitMs = Math.max(this.counters.longestWaitMs, waited);
    }
    const ticket = this.nextTicket++;
    this.open.set(ticket, waiter.group);
    this.sends.push({ ticket, at: now });
    this.forget(now);
    waiter.resolve(ticket);
  }

  /**
   * Drops sends older than the window (and its slack) before now and before the oldest request
   * still unanswered (its answer is read against the sends before it), and 429 marks with them.
   */
  private forget(now: number): void {
    const oldestOpen = this.sends.find((s) => this.open.has(s.ticket))?.at ?? now;
    const horizon = Math.min(now, oldestOpen) - this.windowMs - MAX_SEND_SLACK_MS;
    while (this.sends.length > 0 && (this.sends[0] as Send).at <= horizon && this.sends.length > 1) {
      this.limited.delete((this.sends.shift() as Send).ticket);
    }
  }

  /**
   * `ms`: 0 when the next request may go now, else how long to wait before looking again;
   * `rateLimit`: the wait is the rate limit's (not just waiting for answers).
   */
  private delayBeforeNext(now: number, group: string): { ms: number; rateLimit: boolean } {
    if (now < this.pausedUntil) {
      return { ms: this.pausedUntil - now, rateLimit: true };
    }
    const limit = this.usableLimit();
    const server = this.server.get(group);
    if (server && limit !== undefined) {
      // What the group had left, minus what we sent since to any group (they may share one
      // count), and the share kept for others.
      const credit = server.remaining - server.unseenEarlier - (this.nextTicket - 1 - server.ticket) - ((this.knownLimit ?? limit) - limit);
      if (credit > 0) {
        return { ms: 0, rateLimit: false };
      }
    }
    if (limit === undefined) {
      // Nothing known yet: a small burst goes out, then one more per answer until a
      // response tells us the limit.
      return { ms: this.inFlight < this.burst ? 0 : UNKNOWN_POLL_MS, rateLimit: false };
    }
    // No credit left: wait until our own sends leave room in the window (and, when the
    // server's reset was exact, until it).
    let at = this.roomAt(this.ownShare(limit));
    if (server) {
      at = Math.max(at, server.resetAt);
    }
    return at <= now ? { ms: 0, rateLimit: false } : { ms: at - now, rateLimit: true };
  }

  /** When fewer than `limit` of our sends lie in the last window (with slack). */
  private roomAt(limit: number): number {
    const index = this.sends.length - limit;
    if (index < 0) {
      return Number.NEGATIVE_INFINITY;
    }
    return (this.sends[index] as Send).at + this.windowMs + this.slack.ms;
  }

  /** Of `limit` a window, what other clients of the key leave us (what the server's count left shows they spend). */
  private ownShare(limit: number): number {
    return Math.max(1, limit - this.others.perWindow);
  }

  private usableLimit(): number | undefined {
    return this.knownLimit === undefined ? undefined : Math.max(1, Math.floor(this.pace * this.knownLimit));
  }
}

const UNKNOWN_POLL_MS = 1000;
const MIN_PACE = 0.2;
const PACE_BACKOFF = 0.8;
const PACE_RECOVERY = 0.01;

/** A wait handed to the limiter, in seconds, within 0..MAX_SERVER_WAIT_S; undefined if not a number. */
function sanitizeSeconds(seconds: number | undefined): number | undefined {
  return seconds === undefined || Number.isNaN(seconds) ? undefined : Math.min(MAX_SERVER_WAIT_S, Math.max(0, seconds));
}

function cancelled(): CloseError {
  return new CloseError('cancelled', l10n.t('The request was cancelled.'));
}
