// A contact as a short card of text for a language model. Every field is data typed by anyone
// in the Close organization, so a field stays on its own line (no control characters, line
// breaks or bidirectional overrides can start a new line or hide text), is bounded, and the
// caller fences the cards (see fenceCard) so that the model can tell data from instructions.
import * as l10n from '@vscode/l10n';
import type { SearchHit } from './contactsController';
import { contactLabel, phoneText } from './contactSummary';
import { maskEmail, maskPhone, maskSensitiveText } from './privacyMask';

/** Longest text kept of one field: a card is a summary, the panel shows the rest. */
export const MAX_CARD_FIELD = 200;
/** Emails and phones listed per contact. */
export const MAX_CARD_VALUES = 5;

// Control characters (Cc), format characters (Cf: bidi overrides, zero-width joiners) and
// line or paragraph separators (Zl, Zp).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu;

/** One line of plain text from a field: invisible characters become spaces, runs of space one. */
export function cardText(value: string, max = MAX_CARD_FIELD): string {
  const flat = value.replace(INVISIBLE, ' ').replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) {
    return flat;
  }
  // Whole code points only: a surrogate pair cut in two is not text.
  let cut = '';
  for (const ch of flat) {
    if (cut.length + ch.length > max - 1) {
      break;
    }
    cut += ch;
  }
  return `${cut}…`;
}

export interface CardInput {
  hit: SearchHit;
  /** The lead's status in Close ("Qualified"), when known. */
  leadStatus: string | undefined;
  /** Privacy mode: emails and phone numbers masked, in every field. */
  masked: boolean;
  /** How counts are written in the display language (formatCount of the UI). */
  formatCount: (n: number) => string;
}

/** The lines of one contact's card (not fenced). */
export function contactCard({ hit, leadStatus, masked, formatCount }: CardInput): string {
  const c = hit.contact;
  const text = (value: string): string => cardText(masked ? maskSensitiveText(value) : value);
  const lines = [l10n.t('Name: {0}', text(contactLabel(c)))];
  if (c.title) {
    lines.push(l10n.t('Title: {0}', text(c.title)));
  }
  if (c.leadId === null) {
    lines.push(l10n.t('Lead: none'));
  } else if (leadStatus) {
    lines.push(l10n.t('Lead: {0} (status: {1})', text(hit.leadLabel), text(leadStatus)));
  } else {
    lines.push(l10n.t('Lead: {0}', text(hit.leadLabel)));
  }
  const emails = c.emails.map((e) => (masked ? maskEmail(cardText(e.email)) : cardText(e.email)));
  if (emails.length > 0) {
    lines.push(l10n.t('Emails: {0}', listed(emails, formatCount)));
  }
  const phones = c.phones.map((p) => (masked ? maskPhone(cardText(phoneText(p))) : cardText(phoneText(p))));
  if (phones.length > 0) {
    lines.push(l10n.t('Phones: {0}', listed(phones, formatCount)));
  }
  lines.push(l10n.t('Contact id: {0}', cardText(c.id)));
  if (c.leadId !== null) {
    lines.push(l10n.t('Lead id: {0}', cardText(c.leadId)));
  }
  return lines.join('\n');
}

function listed(values: string[], formatCount: (n: number) => string): string {
  const shown = values.slice(0, MAX_CARD_VALUES).join(', ');
  return values.length > MAX_CARD_VALUES ? l10n.t('{0} and {1} more', shown, formatCount(values.length - MAX_CARD_VALUES)) : shown;
}

/**
 * A card between markers that carry `fence`, a token made for each answer: data written in
 * Close before the answer cannot know it, so no field can close the fence early.
 */
export function fenceCard(card: string, fence: string): string {
  const safe = card.split(fence).join('');
  return `<contact-data ${fence}>\n${safe}\n</contact-data ${fence}>`;
}
