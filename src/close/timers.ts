// Node turns a delay above 2^31-1 ms (about 24.8 days) into 1 ms, with only a warning, so a
// wait computed from a bogus server value would fire at once, again and again. Every timer in
// src/close and src/model goes through here.

/** The longest delay setTimeout honours. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Clamps a delay to what setTimeout honours: NaN and negatives to 0, the rest to at most MAX_TIMER_MS. */
export function clampDelay(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) {
    return 0;
  }
  return Math.min(ms, MAX_TIMER_MS);
}

/** setTimeout with the delay clamped (a too-long wait wakes early and is recomputed by the caller). */
export function setSafeTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(callback, clampDelay(ms));
}

/** A clamped timer as a function that cancels it (the form the limiter's `setTimer` seam takes). */
export function startTimer(callback: () => void, ms: number): () => void {
  const timer = setSafeTimeout(callback, ms);
  return () => clearTimeout(timer);
}
