/** Resolves on a later turn of the event loop: pending I/O (answers, timers, the UI) runs first. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
