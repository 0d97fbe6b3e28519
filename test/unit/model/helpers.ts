// Small builders shared by the model tests.
import type { ContactSummary } from '../../../src/model/contactSummary';

export function summary(id: string, patch: Partial<ContactSummary> = {}): ContactSummary {
  return { id, leadId: null, displayName: null, name: null, title: null, emails: [], phones: [], ...patch };
}

/** Resolves once `check` is true, polling on the event loop (no fixed sleeps). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
