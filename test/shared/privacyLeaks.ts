// What privacy mode must never show of an organization: its emails, its phone numbers as Close
// writes them, and their digits (the last four, which the masks keep, are not enough to leak).
import type { Contact } from '../../src/close/types';

export interface Secrets {
  emails: string[];
  phones: string[];
  /** Each number's digits, without its last four (what a mask may keep). */
  digitRuns: string[];
}

export function secretsOf(contacts: readonly Partial<Contact>[]): Secrets {
  const emails = new Set<string>();
  const phones = new Set<string>();
  const digitRuns = new Set<string>();
  for (const c of contacts) {
    for (const e of c.emails ?? []) {
      emails.add(e.email.toLowerCase());
    }
    for (const p of c.phones ?? []) {
      for (const text of [p.phone, p.phone_formatted]) {
        if (text) {
          phones.add(text);
          const digits = text.replace(/\D/g, '');
          // The national part before the kept last four, e.g. 650555 of +1 650-555-4444.
          if (digits.length >= 10) {
            digitRuns.add(digits.slice(-10, -4));
          }
        }
      }
    }
  }
  return { emails: [...emails], phones: [...phones], digitRuns: [...digitRuns] };
}

/** The secrets found in `text` (empty when it leaks nothing). */
export function leaksIn(text: string, secrets: Secrets): string[] {
  const lower = text.toLowerCase();
  // Dates (2019-12-05T10:00:00) are not numbers anyone dials; their digits would match by chance.
  const digits = text.replace(/\d{4}-\d{2}-\d{2}(T[\d:.]+)?/g, ' ').replace(/[\s().\-/+]/g, '');
  return [
    ...secrets.emails.filter((e) => lower.includes(e)),
    ...secrets.phones.filter((p) => text.includes(p)),
    ...secrets.digitRuns.filter((d) => digits.includes(d)),
  ];
}
