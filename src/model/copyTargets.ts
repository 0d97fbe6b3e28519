// What a copy over several selected tree rows copies: the emails (or phones) of every selected
// lead and contact, one per line, each once, in the order the tree shows them. No `vscode` import.
import type { GroupedContacts } from './export/exportRow';
import type { ContactSummary } from './contactSummary';

export type CopyTarget =
  | { kind: 'lead'; leadId: string | null }
  | { kind: 'contact'; contactId: string }
  /** One email or phone row: only that value. */
  | { kind: 'email' | 'phone'; contactId: string; index: number };

export type CopyValueKind = 'email' | 'phone' | 'nameAndEmail';

export interface CopiedValues {
  values: string[];
  /** Contacts the values came from. */
  contacts: number;
  /** Unsubscribed emails of leads and contacts left out (an email row picked by itself is copied). */
  unsubscribed: number;
}

export interface CopySource extends GroupedContacts {
  get(contactId: string): ContactSummary | undefined;
}

/** Values of a contact; `only` picks one email or phone row. */
type Format = (contact: ContactSummary, only: number | undefined, counts: { unsubscribed: number }) => string[];

function emailsOf(format: (contact: ContactSummary, email: string) => string): Format {
  return (contact, only, counts) => {
    if (only !== undefined) {
      const e = contact.emails[only];
      return e ? [format(contact, e.email)] : [];
    }
    const out: string[] = [];
    for (const e of contact.emails) {
      if (e.is_unsubscribed) {
        counts.unsubscribed++;
      } else {
        out.push(format(contact, e.email));
      }
    }
    return out;
  };
}

const phonesOf: Format = (contact, only) => {
  const phones = only === undefined ? contact.phones : contact.phones.slice(only, only + 1);
  return phones.map((p) => p.phone_formatted ?? p.phone).filter((p) => p.length > 0);
};

/**
 * The values of `targets`, in tree order: leads in the order of `source.groups()`, contacts in
 * their lead's order. A contact selected with its lead counts once.
 */
export function collectCopyValues(source: CopySource, targets: readonly CopyTarget[], kind: CopyValueKind, nameAndEmail: (contact: ContactSummary, email: string) => string): CopiedValues {
  const format: Format = kind === 'phone' ? phonesOf : kind === 'email' ? emailsOf((_, email) => email) : emailsOf(nameAndEmail);
  const wholeLeads = new Set<string | null>();
  const wholeContacts = new Set<string>();
  const rows = new Map<string, Set<number>>();
  const leadsOfContacts = new Set<string | null>();
  for (const t of targets) {
    if (t.kind === 'lead') {
      wholeLeads.add(t.leadId);
      continue;
    }
    const contact = source.get(t.contactId);
    if (!contact) {
      continue;
    }
    leadsOfContacts.add(contact.leadId);
    // A row of the other kind (a phone row for Copy Email) stands for its whole contact.
    if (t.kind === 'contact' || t.kind !== (kind === 'phone' ? 'phone' : 'email')) {
      wholeContacts.add(contact.id);
    } else {
      let set = rows.get(contact.id);
      if (!set) {
        set = new Set();
        rows.set(contact.id, set);
      }
      set.add(t.index);
    }
  }
  const counts = { unsubscribed: 0 };
  const seen = new Set<string>();
  const values: string[] = [];
  let contacts = 0;
  const add = (contact: ContactSummary, only: number | undefined): void => {
    for (const v of format(contact, only, counts)) {
      if (!seen.has(v)) {
        seen.add(v);
        values.push(v);
      }
    }
  };
  for (const group of source.groups()) {
    const whole = wholeLeads.has(group.leadId);
    if (!whole && !leadsOfContacts.has(group.leadId)) {
      continue;
    }
    for (const contact of source.contactsOf(group.leadId)) {
      if (whole || wholeContacts.has(contact.id)) {
        contacts++;
        add(contact, undefined);
        continue;
      }
      const picked = rows.get(contact.id);
      if (picked) {
        contacts++;
        [...picked].sort((a, b) => a - b).forEach((i) => add(contact, i));
      }
    }
  }
  return { values, contacts, unsubscribed: counts.unsubscribed };
}

/**
 * The values of rows of several organizations (the all-organizations tree): each organization's
 * targets read from its own contacts, in the order given, each value once.
 */
export function collectAcrossSources(
  parts: readonly { source: CopySource; targets: readonly CopyTarget[] }[],
  kind: CopyValueKind,
  nameAndEmail: (contact: ContactSummary, email: string) => string,
): CopiedValues {
  const values = new Set<string>();
  let contacts = 0;
  let unsubscribed = 0;
  for (const { source, targets } of parts) {
    const got = collectCopyValues(source, targets, kind, nameAndEmail);
    got.values.forEach((v) => values.add(v));
    contacts += got.contacts;
    unsubscribed += got.unsubscribed;
  }
  return { values: [...values], contacts, unsubscribed };
}
