// The text of quick pick items built from Close data. Everything shown (label, description,
// detail) goes through plainText, because quick picks render `$(icon)`. Kept free of runtime
// `vscode` use so plain unit tests can check every field.
import * as l10n from '@vscode/l10n';
import type { SearchHit } from '../model/contactsController';
import type { ContactSummary } from '../model/contactSummary';
import { REAL_VALUES, shownLabel, type ShownValues } from '../model/shownValues';
import { plainText } from './plainText';

export type CopyKind = 'email' | 'phone';

export interface CopyChoice {
  label: string;
  description: string;
  /** What is copied: the value as Close has it, never shown as markup. */
  value: string;
}

/** One item per email (or phone) of a contact for the Copy Email / Copy Phone picker; `shown` masks the labels in privacy mode. */
export function copyChoices(contact: ContactSummary, kind: CopyKind, shown: ShownValues = REAL_VALUES): CopyChoice[] {
  if (kind === 'email') {
    return contact.emails
      .filter((e) => e.email)
      .map((e) => ({
        label: plainText(shown.email(e.email)),
        description: plainText([e.type, e.is_unsubscribed ? l10n.t('unsubscribed') : ''].filter(Boolean).join(' · ')),
        value: e.email,
      }));
  }
  return contact.phones
    .filter((p) => p.phone || p.phone_formatted)
    .map((p) => ({ label: plainText(shown.phone(p.phone_formatted || p.phone)), description: plainText(p.type || ''), value: p.phone_formatted || p.phone }));
}

export interface ContactPickText {
  label: string;
  description: string;
  detail: string | undefined;
}

/**
 * What the search picker shows of one hit: name, lead, then first email, first phone and title.
 * In privacy mode (`shown` masks) the hit was still found by its real values.
 */
export function contactPickText(hit: SearchHit, shown: ShownValues = REAL_VALUES): ContactPickText {
  const c = hit.contact;
  const email = c.emails[0]?.email;
  const phone = c.phones[0] ? c.phones[0].phone_formatted || c.phones[0].phone : undefined;
  const detail = [email && shown.email(email), phone && shown.phone(phone), c.title && shown.text(c.title)].filter((p): p is string => typeof p === 'string' && p.length > 0).join('  ·  ');
  return {
    label: plainText(shownLabel(c, shown)),
    description: plainText(hit.leadLabel),
    detail: detail ? plainText(detail) : undefined,
  };
}
