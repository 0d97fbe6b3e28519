// The exact lookup behind hovers: a loaded contact by one of its email addresses (any case) or
// phone numbers (by digits: `+1 650-555-4444`, `(650) 555-4444` and `6505554444` are one
// number). Answered from memory, never from Close. Built on the first lookup after the store
// changed, so a window that never hovers pays nothing, and built in slices that give the event
// loop back: 100,000 contacts must not hold the extension host while a hover waits. A lookup
// made while the store changes (a load) may answer from a build a little older than the store;
// what it returns is always checked against the store as it is now.
import type { ContactsModel } from './contactsModel';
import type { ContactSummary } from './contactSummary';
import { nextTurn } from './nextTurn';
import { digitsOf } from './searchText';

/** Numbers are keyed by their last ten digits, so a country code on one side only still matches. */
const PHONE_KEY_DIGITS = 10;
/** Contacts indexed between two turns of the event loop. */
const BUILD_SLICE = 5000;

type Found = ContactSummary | ContactSummary[];

function add(map: Map<string, Found>, key: string, contact: ContactSummary): void {
  const known = map.get(key);
  if (known === undefined) {
    map.set(key, contact);
  } else if (Array.isArray(known)) {
    if (!known.includes(contact)) {
      known.push(contact);
    }
  } else if (known !== contact) {
    map.set(key, [known, contact]);
  }
}

function list(found: Found | undefined): ContactSummary[] {
  return found === undefined ? [] : Array.isArray(found) ? found : [found];
}

/** The digits of each text Close has for the number (usually one: the formatted text has the same digits). */
function numbersOf(p: ContactSummary['phones'][number]): string[] {
  const main = digitsOf(p.phone);
  const formatted = p.phone_formatted === undefined ? main : digitsOf(p.phone_formatted);
  return formatted === main ? [main] : [main, formatted];
}

function phoneKey(digits: string): string {
  return digits.length > PHONE_KEY_DIGITS ? digits.slice(-PHONE_KEY_DIGITS) : digits;
}

/**
 * Two digit strings are one number when equal, or when both have ten digits or more and the
 * last ten agree: a country code (+1, +44) or a trunk 0 on one side only does not matter.
 */
function sameNumber(a: string, b: string): boolean {
  return a === b || (a.length >= PHONE_KEY_DIGITS && b.length >= PHONE_KEY_DIGITS && a.slice(-PHONE_KEY_DIGITS) === b.slice(-PHONE_KEY_DIGITS));
}

export class ContactLookup {
  private emails = new Map<string, Found>();
  private phones = new Map<string, Found>();
  private builtAt = -1;
  private building: Promise<void> | undefined;

  constructor(private readonly store: ContactsModel) {}

  /** Contacts with this email address (case-insensitive). */
  async byEmail(email: string): Promise<ContactSummary[]> {
    await this.ready();
    return this.current(list(this.emails.get(email.trim().toLowerCase())), 'email', email);
  }

  /** Contacts with this phone number, in any format. */
  async byPhone(phone: string): Promise<ContactSummary[]> {
    const digits = digitsOf(phone);
    if (digits.length === 0) {
      return [];
    }
    await this.ready();
    return this.current(list(this.phones.get(phoneKey(digits))), 'phone', phone);
  }

  /** Builds the maps if the store changed since the last build (one build at a time). */
  ready(): Promise<void> {
    if (this.builtAt === this.store.version) {
      return Promise.resolve();
    }
    this.building ??= this.build().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /** The store's own record of each found contact, if it still holds the value. */
  private current(found: readonly ContactSummary[], kind: 'email' | 'phone', text: string): ContactSummary[] {
    const out: ContactSummary[] = [];
    for (const contact of found) {
      const now = this.store.get(contact.id);
      if (now && !out.includes(now) && ContactLookup.matchingIndex(now, kind, text) >= 0) {
        out.push(now);
      }
    }
    return out;
  }

  /** Where in `contact`'s emails (or phones) the one `text` names is; -1 when it has none. */
  static matchingIndex(contact: ContactSummary, kind: 'email' | 'phone', text: string): number {
    if (kind === 'email') {
      const lower = text.trim().toLowerCase();
      return contact.emails.findIndex((e) => e.email.toLowerCase() === lower);
    }
    const digits = digitsOf(text);
    return contact.phones.findIndex((x) => numbersOf(x).some((n) => sameNumber(n, digits)));
  }

  private async build(): Promise<void> {
    const version = this.store.version;
    const contacts = Array.from(this.store.all());
    const emails = new Map<string, Found>();
    const phones = new Map<string, Found>();
    for (let start = 0; start < contacts.length; start += BUILD_SLICE) {
      if (start > 0) {
        await nextTurn();
      }
      for (const contact of contacts.slice(start, start + BUILD_SLICE)) {
        for (const e of contact.emails) {
          const lower = e.email.toLowerCase();
          // Most addresses are lower case already: keep Close's string, not a copy.
          add(emails, lower === e.email ? e.email : lower, contact);
        }
        for (const p of contact.phones) {
          for (const digits of numbersOf(p)) {
            if (digits.length > 0) {
              add(phones, phoneKey(digits), contact);
            }
          }
        }
      }
    }
    this.emails = emails;
    this.phones = phones;
    this.builtAt = version;
  }
}
