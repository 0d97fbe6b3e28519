import type { Timer, ViewClock } from '../../../src/ui/tree/viewClock';

interface Pending {
  at: number;
  every: number | undefined;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that moves only when `advance` moves it, running the timers that fall due on the way. */
export class FakeClock implements ViewClock {
  private time = 1_000_000;
  private readonly timers: Pending[] = [];

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): Timer {
    return this.add(ms, undefined, fn);
  }

  every(ms: number, fn: () => void): Timer {
    return this.add(ms, ms, fn);
  }

  /** Timers set and not cancelled or run out. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) {
        break;
      }
      this.time = Math.max(this.time, next.at);
      if (next.every === undefined) {
        next.cancelled = true;
      } else {
        next.at += next.every;
      }
      next.fn();
    }
    this.time = end;
    this.timers.splice(0, this.timers.length, ...this.timers.filter((t) => !t.cancelled));
  }

  private add(ms: number, every: number | undefined, fn: () => void): Timer {
    const timer: Pending = { at: this.time + Math.max(0, ms), every, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }
}
