// Changes wait in a queue and are applied in time-boxed slices, so a large load never holds
// the extension host for long.
import type { ContactSummary } from '../contactSummary';

type Op = { add: ContactSummary } | { remove: string };

/** Ops applied between two looks at the clock. */
const BATCH = 64;

export class UpdateQueue {
  private ops: Op[] = [];
  private head = 0;

  get pending(): number {
    return this.ops.length - this.head;
  }

  add(c: ContactSummary): void {
    this.ops.push({ add: c });
  }

  remove(id: string): void {
    this.ops.push({ remove: id });
  }

  clear(): void {
    this.ops = [];
    this.head = 0;
  }

  /** Applies queued ops until done or past `budgetMs` (default: until done). Returns true when done. */
  drain(budgetMs: number, apply: { add(c: ContactSummary): void; drop(id: string): void }): boolean {
    const deadline = budgetMs === Infinity ? Infinity : performance.now() + budgetMs;
    while (this.head < this.ops.length) {
      const end = Math.min(this.ops.length, this.head + BATCH);
      for (; this.head < end; this.head++) {
        const op = this.ops[this.head];
        if ('add' in op) {
          apply.add(op.add);
        } else {
          apply.drop(op.remove);
        }
      }
      if (performance.now() > deadline) {
        break;
      }
    }
    if (this.head < this.ops.length) {
      return false;
    }
    this.clear();
    return true;
  }
}
