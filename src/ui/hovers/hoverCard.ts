// The text of a contact's hover card, as Markdown. Every value from Close is escaped (names are
// typed by anyone in the organization); the only links are the card's own command links, and
// the hover trusts no other command.
import * as l10n from '@vscode/l10n';
import type { ContactToken } from '../../model/contactAt';
import { ContactLookup } from '../../model/contactLookup';
import type { ContactSummary } from '../../model/contactSummary';
import { shownLabel, type ShownValues } from '../../model/shownValues';
import { Commands } from '../constants';

/** What the card says of the contact's lead. */
export interface CardLead {
  label: string;
  status: string | undefined;
}

/** The commands a card links to: the hover's MarkdownString trusts these and no other. */
export const CARD_COMMANDS: readonly string[] = [Commands.openContact, Commands.copyEmail, Commands.copyPhone];

/** Text shown as it is: every ASCII punctuation character escaped, line breaks flattened. */
export function markdownText(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${markdownText(label)}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

function phoneOf(p: ContactSummary['phones'][number] | undefined): string | undefined {
  return p && (p.phone_formatted || p.phone);
}

/** One contact's card: name and title, lead and status, the hovered value, Open Contact and Copy. */
export function contactCard(contact: ContactSummary, token: Pick<ContactToken, 'kind' | 'text'>, lead: CardLead, shown: ShownValues): string {
  const lines: string[] = [];
  const name = `**${markdownText(shownLabel(contact, shown))}**`;
  lines.push(contact.title ? `${name} · ${markdownText(shown.text(contact.title))}` : name);
  const leadLine = lead.status
    ? l10n.t({ message: 'Lead: {0} · {1}', args: [lead.label, lead.status], comment: ['{0} is the lead (company) name, {1} its status in Close, e.g. Qualified'] })
    : l10n.t({ message: 'Lead: {0}', args: [lead.label], comment: ['{0} is the lead (company) name'] });
  lines.push(markdownText(leadLine));
  const index = ContactLookup.matchingIndex(contact, token.kind, token.text);
  const value = (token.kind === 'email' ? contact.emails[index]?.email : phoneOf(contact.phones[index])) ?? token.text;
  lines.push(markdownText(token.kind === 'email' ? shown.email(value) : shown.phone(value)));
  const copy = token.kind === 'email' ? Commands.copyEmail : Commands.copyPhone;
  const copyLabel = token.kind === 'email' ? l10n.t('Copy Email') : l10n.t('Copy Phone');
  // The link names the value by its place, never by itself: a link's target can show on screen.
  lines.push(
    `${commandLink(l10n.t('Open Contact'), Commands.openContact, [contact.id])} · ${commandLink(copyLabel, copy, [{ contactId: contact.id, index: Math.max(index, 0) }])}`,
  );
  // Two spaces before a line break keep the lines apart in one paragraph.
  return lines.join('  \n');
}
