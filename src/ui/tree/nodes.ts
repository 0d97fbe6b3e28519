import * as vscode from 'vscode';
import type { ContactEmail, ContactPhone } from '../../close/types';
import type { LeadGroup } from '../../model/contactsModel';
import type { ContactSummary } from '../../model/contactSummary';
import { REAL_VALUES, shownLabel, type ShownValues } from '../../model/shownValues';
import { Commands, TreeItemContexts } from '../constants';
import { contactCount, formatCount } from '../displayFormat';

/** How a lead row shows under a filter. */
export interface LeadRowFilter {
  /** The filter's text; part of the row's id, so VS Code keeps expansion per filter. */
  query: string;
  /** The lead's contacts that match. */
  matched: number;
  /** Open the lead (when few leads match: VS Code fetches the rows of every open lead). */
  expand: boolean;
}

/** "6 contacts · Qualified"; under a filter "2 of 6 contacts · Qualified". */
export function leadDescription(group: LeadGroup, filter?: LeadRowFilter): string {
  const count =
    filter && filter.matched !== group.count
      ? vscode.l10n.t({ message: '{0} of {1}', args: [formatCount(filter.matched), contactCount(group.count)], comment: ['A lead row under a filter: "2 of 6 contacts" match'] })
      : contactCount(group.count);
  return group.status ? `${count} · ${group.status}` : count;
}

// One TreeItem subclass per kind of row. Labels and descriptions are plain strings (never
// MarkdownString), so names typed in Close can't turn into markup or command links. Emails and
// phone numbers show through `shown` (masked in privacy mode); the nodes keep the real values
// for the copy commands.

export class LeadNode extends vscode.TreeItem {
  readonly kind = 'lead';

  constructor(
    readonly group: LeadGroup,
    filter?: LeadRowFilter,
  ) {
    super(group.label, filter?.expand ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    // VS Code remembers a row's expansion by id: under a filter the ids are the filter's own,
    // so matching leads open, and the unfiltered tree comes back as it was.
    this.id = `lead:${group.leadId ?? '(none)'}${filter ? `|filter:${filter.query}` : ''}`;
    this.description = leadDescription(group, filter);
    this.contextValue = group.leadId ? TreeItemContexts.lead : TreeItemContexts.noLead;
    this.iconPath = new vscode.ThemeIcon(group.leadId ? 'organization' : 'question');
    this.tooltip = group.leadId
      ? `${group.label}\n${this.description}\n${vscode.l10n.t('Lead {0}', group.leadId)}`
      : `${vscode.l10n.t('Contacts without a lead')}\n${this.description}`;
    this.accessibilityInformation = {
      label: group.leadId
        ? vscode.l10n.t({ message: '{0}, lead, {1}', args: [group.label, this.description], comment: ['Read by screen readers: "Acme Corp, lead, 6 contacts"'] })
        : vscode.l10n.t({ message: 'Contacts without a lead, {0}', args: [this.description], comment: ['Read by screen readers: "Contacts without a lead, 3 contacts"'] }),
    };
  }
}

export class ContactNode extends vscode.TreeItem {
  readonly kind = 'contact';

  constructor(
    readonly contact: ContactSummary,
    readonly leadId: string | null,
    shown: ShownValues = REAL_VALUES,
  ) {
    const hasDetails = contact.emails.length + contact.phones.length > 0;
    const label = shownLabel(contact, shown);
    const title = contact.title ? shown.text(contact.title) : undefined;
    super(label, hasDetails ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `contact:${contact.id}`;
    this.description = title;
    this.contextValue = TreeItemContexts.contact;
    this.iconPath = new vscode.ThemeIcon('person');
    const email = contact.emails[0]?.email;
    const phone = contact.phones[0]?.phone_formatted ?? contact.phones[0]?.phone;
    this.tooltip = [label, title, email ? shown.email(email) : undefined, phone ? shown.phone(phone) : undefined]
      .filter((part): part is string => typeof part === 'string' && part.length > 0)
      .join('\n');
    this.command = { command: Commands.openContact, title: vscode.l10n.t('Open Contact'), arguments: [contact.id] };
    this.accessibilityInformation = { label: `${label}${title ? `, ${title}` : ''}` };
  }
}

export class EmailNode extends vscode.TreeItem {
  readonly kind = 'email';

  constructor(
    readonly contactId: string,
    readonly email: ContactEmail,
    readonly index: number,
    shown: ShownValues = REAL_VALUES,
  ) {
    const address = shown.email(email.email);
    super(address, vscode.TreeItemCollapsibleState.None);
    this.id = `email:${contactId}:${index}`;
    const parts = [email.type, email.is_unsubscribed ? vscode.l10n.t('unsubscribed') : undefined].filter(Boolean);
    this.description = parts.join(' · ');
    this.contextValue = email.is_unsubscribed ? TreeItemContexts.unsubscribedEmail : TreeItemContexts.email;
    this.iconPath = new vscode.ThemeIcon('mail');
    this.tooltip = `${address}${parts.length ? ` (${parts.join(', ')})` : ''}`;
    this.accessibilityInformation = { label: [address, vscode.l10n.t('email'), ...parts].join(', ') };
  }
}

export class PhoneNode extends vscode.TreeItem {
  readonly kind = 'phone';

  constructor(
    readonly contactId: string,
    readonly phone: ContactPhone,
    readonly index: number,
    shown: ShownValues = REAL_VALUES,
  ) {
    const number = shown.phone(phone.phone_formatted || phone.phone);
    super(number, vscode.TreeItemCollapsibleState.None);
    this.id = `phone:${contactId}:${index}`;
    this.description = phone.type;
    this.contextValue = TreeItemContexts.phone;
    this.iconPath = new vscode.ThemeIcon('device-mobile');
    this.tooltip = `${number}${phone.type ? ` (${phone.type})` : ''}`;
    this.accessibilityInformation = { label: [number, vscode.l10n.t('phone'), phone.type].filter(Boolean).join(', ') };
  }
}

export type TreeNode = LeadNode | ContactNode | EmailNode | PhoneNode;
