// While a window starts, VS Code's first ask for the tree's root rows waits a moment for the
// cached ones, so that they come in the answer. Answered "none yet", they would follow one round
// trip to the workbench later (0.55-0.7 s while code-server is still starting).
import type { Timer, ViewClock } from './viewClock';

export class RootHold {
  private held: Promise<void> | undefined;
  private timer: Timer | undefined;
  private releaseHeld: (() => void) | undefined;

  constructor(private readonly clock: ViewClock) {}

  /** Asks for the root rows wait until `release`, or `maxMs` at most. */
  hold(maxMs: number): void {
    this.release();
    this.held = new Promise<void>((resolve) => {
      this.releaseHeld = resolve;
    });
    this.timer = this.clock.after(maxMs, () => this.release());
  }

  get holding(): boolean {
    return this.held !== undefined;
  }

  /** Ends the wait: a pending ask is answered with the rows as they are now. Again: nothing. */
  release(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.releaseHeld?.();
    this.releaseHeld = undefined;
    this.held = undefined;
  }

  /** `rows()` now, or once the wait is over. */
  answer<T>(rows: () => T): T | Thenable<T> {
    return this.held === undefined ? rows() : this.held.then(rows);
  }
}
