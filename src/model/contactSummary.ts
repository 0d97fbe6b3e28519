// What the tree and search keep of a contact, and the tolerant conversion from the API's
// records (kept packed, with lead ids and titles interned: packedSummary.ts).
import * as l10n from '@vscode/l10n';
import type { Contact, ContactEmail, ContactPhone } from '../close/types';
import { isPlainObject } from '../close/validate';
import { EMPTY, packSummary } from './packedSummary';

/** Fields requested by `GET /contact/` for the tree and search (the detail panel loads the rest). */
// organization_id: every page is checked against the organization of the cache in use.
export const SUMMARY_FIELDS: readonly string[] = ['id', 'lead_id', 'display_name', 'name', 'title', 'emails', 'phones', 'organization_id'];

/**
 * What the tree and search keep of a contact. The ones from `toSummary` and the cache keep
 * their emails and phones packed behind getters: copy them with `plainSummary`, not a spread.
 */
export interface ContactSummary {
  id: string;
  leadId: string | null;
  displayName: string | null;
  name: string | null;
  title: string | null;
  emails: readonly ContactEmail[];
  phones: readonly ContactPhone[];
}

/** `display_name`, else `name`, else the first email, else `(no name)`. */
export function contactLabel(c: Pick<ContactSummary, 'displayName' | 'name' | 'emails'>): string {
  if (c.displayName) {
    return c.displayName;
  }
  if (c.name) {
    return c.name;
  }
  const first = c.emails.find((e) => e.email);
  return first ? first.email : l10n.t('(no name)');
}

function text(value: unknown): string | null {
  if (typeof value === 'string') {
    return value.length > 0 ? value : null;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return null;
}

function toEmails(value: unknown): readonly ContactEmail[] {
  if (!Array.isArray(value) || value.length === 0) {
    return EMPTY;
  }
  const out: ContactEmail[] = [];
  for (const raw of value) {
    if (!isPlainObject(raw)) {
      continue;
    }
    const email = text(raw.email);
    if (!email) {
      continue;
    }
    out.push({ email, type: text(raw.type) ?? 'other', is_unsubscribed: raw.is_unsubscribed === true });
  }
  return out;
}

function toPhones(value: unknown): readonly ContactPhone[] {
  if (!Array.isArray(value) || value.length === 0) {
    return EMPTY;
  }
  const out: ContactPhone[] = [];
  for (const raw of value) {
    if (!isPlainObject(raw)) {
      continue;
    }
    const phone = text(raw.phone);
    const formatted = text(raw.phone_formatted);
    if (!phone && !formatted) {
      continue;
    }
    // One text per phone when the formatted one has the same digits (as Close's do): the
    // tree, copy and search all use the formatted text, and 50,000 contacts' second copies
    // cost more memory than anything else in a summary.
    const sameDigits = phone !== null && formatted !== null && digitsOnly(phone) === digitsOnly(formatted);
    const p: ContactPhone = { phone: sameDigits ? (formatted as string) : (phone ?? formatted ?? ''), type: text(raw.type) ?? 'other' };
    if (!sameDigits && formatted && formatted !== p.phone) {
      p.phone_formatted = formatted;
    }
    const country = text(raw.country);
    if (country) {
      p.country = country;
    }
    out.push(p);
  }
  return out;
}

function digitsOnly(value: string): string {
  return value.replace(/\D/g, '');
}

/** A phone's text for display: the formatted number when Close sent one. */
export function phoneText(p: ContactPhone): string {
  return p.phone_formatted ?? p.phone;
}

/** Tolerant conversion of a raw API record; undefined when it has no usable id. */
export function toSummary(c: Partial<Contact>): ContactSummary | undefined {
  if (!isPlainObject(c)) {
    return undefined;
  }
  const id = text(c.id);
  if (!id) {
    return undefined;
  }
  const displayName = text(c.display_name);
  const rawName = text(c.name);
  const fields = {
    id,
    leadId: text(c.lead_id),
    displayName,
    // Close usually sends the same text twice; keep one copy.
    name: rawName !== null && rawName === displayName ? displayName : rawName,
    title: text(c.title),
  };
  return packSummary(fields, toEmails(c.emails), toPhones(c.phones));
}
