/** A timer that `cancel` stops (again: nothing). */
export interface Timer {
  cancel(): void;
}

/** The time and timers the Contacts view paces its updates with; tests pass their own. */
export interface ViewClock {
  now(): number;
  /** Calls `fn` once, `ms` from now. */
  after(ms: number, fn: () => void): Timer;
  /** Calls `fn` every `ms`. */
  every(ms: number, fn: () => void): Timer;
}

export const systemClock: ViewClock = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
  every: (ms, fn) => {
    const handle = setInterval(fn, ms);
    return { cancel: () => clearInterval(handle) };
  },
};
