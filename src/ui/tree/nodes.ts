import * as vscode from 'vscode';
import type { ContactEmail, ContactPhone } from '../../close/types';
import type { LeadGroup } from '../../model/contactsModel';
import type { ContactSummary } from '../../model/contactSummary';
import { REAL_VALUES, shownLabel, type ShownValues } from '../../model/shownValues';
import { Commands, TreeItemContexts } from '../constants';
import { contactCount, formatCount } from '../displayFormat';
import { organizationDescription, type OrganizationFigures } from './organizationText';

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

/** Which organization a row belongs to, and how that shows in its id. */
export interface RowScope {
  /** Undefined while the active organization is not known yet. */
  organizationId: string | undefined;
  /** '' in the one-organization tree; `org:<id>/` in the all-organizations tree, so VS Code keeps expansion per organization. */
  idPrefix: string;
}

export const NO_SCOPE: RowScope = { organizationId: undefined, idPrefix: '' };

export function rowScope(organizationId: string | undefined, grouped: boolean): RowScope {
  return { organizationId, idPrefix: grouped && organizationId !== undefined ? `org:${organizationId}/` : '' };
}

// One TreeItem subclass per kind of row. Labels and descriptions are plain strings (never
// MarkdownString), so names typed in Close can't turn into markup or command links. Emails and
// phone numbers show through `shown` (masked in privacy mode); the nodes keep the real values
// for the copy commands.

export class LeadNode extends vscode.TreeItem {
  readonly kind = 'lead';
  readonly organizationId: string | undefined;

  constructor(
    readonly group: LeadGroup,
    filter?: LeadRowFilter,
    scope: RowScope = NO_SCOPE,
  ) {
    super(group.label, filter?.expand ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    // VS Code remembers a row's expansion by id: under a filter the ids are the filter's own,
    // so matching leads open, and the unfiltered tree comes back as it was.
    this.id = `${scope.idPrefix}lead:${group.leadId ?? '(none)'}${filter ? `|filter:${filter.query}` : ''}`;
    this.organizationId = scope.organizationId;
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
  readonly organizationId: string | undefined;

  constructor(
    readonly contact: ContactSummary,
    readonly leadId: string | null,
    shown: ShownValues = REAL_VALUES,
    scope: RowScope = NO_SCOPE,
  ) {
    const hasDetails = contact.emails.length + contact.phones.length > 0;
    const label = shownLabel(contact, shown);
    const title = contact.title ? shown.text(contact.title) : undefined;
    super(label, hasDetails ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `${scope.idPrefix}contact:${contact.id}`;
    this.organizationId = scope.organizationId;
    this.description = title;
    this.contextValue = TreeItemContexts.contact;
    this.iconPath = new vscode.ThemeIcon('person');
    const email = contact.emails[0]?.email;
    const phone = contact.phones[0]?.phone_formatted ?? contact.phones[0]?.phone;
    this.tooltip = [label, title, email ? shown.email(email) : undefined, phone ? shown.phone(phone) : undefined]
      .filter((part): part is string => typeof part === 'string' && part.length > 0)
      .join('\n');
    // In the all-organizations tree the click names the organization too (one-organization tree: the id, as always).
    const target = scope.idPrefix && scope.organizationId !== undefined ? { contactId: contact.id, organizationId: scope.organizationId } : contact.id;
    this.command = { command: Commands.openContact, title: vscode.l10n.t('Open Contact'), arguments: [target] };
    this.accessibilityInformation = { label: `${label}${title ? `, ${title}` : ''}` };
  }
}

export class EmailNode extends vscode.TreeItem {
  readonly kind = 'email';
  readonly organizationId: string | undefined;

  constructor(
    readonly contactId: string,
    readonly email: ContactEmail,
    readonly index: number,
    shown: ShownValues = REAL_VALUES,
    scope: RowScope = NO_SCOPE,
  ) {
    const address = shown.email(email.email);
    super(address, vscode.TreeItemCollapsibleState.None);
    this.id = `${scope.idPrefix}email:${contactId}:${index}`;
    this.organizationId = scope.organizationId;
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
  readonly organizationId: string | undefined;

  constructor(
    readonly contactId: string,
    readonly phone: ContactPhone,
    readonly index: number,
    shown: ShownValues = REAL_VALUES,
    scope: RowScope = NO_SCOPE,
  ) {
    const number = shown.phone(phone.phone_formatted || phone.phone);
    super(number, vscode.TreeItemCollapsibleState.None);
    this.id = `${scope.idPrefix}phone:${contactId}:${index}`;
    this.organizationId = scope.organizationId;
    this.description = phone.type;
    this.contextValue = TreeItemContexts.phone;
    this.iconPath = new vscode.ThemeIcon('device-mobile');
    this.tooltip = `${number}${phone.type ? ` (${phone.type})` : ''}`;
    this.accessibilityInformation = { label: [number, vscode.l10n.t('phone'), phone.type].filter(Boolean).join(', ') };
  }
}

/** The all-organizations tree: one top-level row per organization, its lead groups below. */
export class OrganizationNode extends vscode.TreeItem {
  readonly kind = 'organization';

  constructor(
    readonly organizationId: string,
    name: string,
    figures: OrganizationFigures,
  ) {
    // The active organization opens; the others stay shut until asked (VS Code then keeps the choice by id).
    super(name, figures.active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `org:${organizationId}`;
    this.description = organizationDescription(figures);
    this.contextValue = figures.active ? TreeItemContexts.activeOrganization : TreeItemContexts.organization;
    this.iconPath = new vscode.ThemeIcon('briefcase');
    this.tooltip = `${name}\n${this.description}\n${vscode.l10n.t('Close organization {0}', organizationId)}`;
    this.accessibilityInformation = {
      label: vscode.l10n.t({ message: '{0}, Close organization, {1}', args: [name, this.description], comment: ['Read by screen readers: "Acme Sales, Close organization, 70 contacts · active"'] }),
    };
  }
}

/**
 * The last row of a long list of leads: VS Code redraws every row of a list on each change, so
 * the tree shows a page of leads at a time (closeCrm.treeLeadRows) and this row shows the next.
 */
export class MoreLeadsNode extends vscode.TreeItem {
  readonly kind = 'more';
  readonly organizationId: string | undefined;

  constructor(shown: number, total: number, scope: RowScope = NO_SCOPE) {
    super(vscode.l10n.t('Show More Leads'), vscode.TreeItemCollapsibleState.None);
    // A new id per page, so VS Code never keeps a row that now stands for other leads.
    this.id = `${scope.idPrefix}more:${shown}`;
    this.organizationId = scope.organizationId;
    this.description = vscode.l10n.t({ message: '{0} of {1} leads shown', args: [formatCount(shown), formatCount(total)], comment: ['The last row of a long tree: "1,000 of 10,000 leads shown"'] });
    this.contextValue = TreeItemContexts.moreLeads;
    this.iconPath = new vscode.ThemeIcon('unfold');
    this.tooltip = `${this.description}\n${vscode.l10n.t('Filter Contacts finds any contact without scrolling.')}`;
    const target = scope.idPrefix && scope.organizationId !== undefined ? scope.organizationId : undefined;
    this.command = { command: Commands.showMoreLeads, title: vscode.l10n.t('Show More Leads'), arguments: target === undefined ? [] : [target] };
    this.accessibilityInformation = {
      label: vscode.l10n.t({ message: 'Show more leads, {0}', args: [this.description], comment: ['Read by screen readers: "Show more leads, 1,000 of 10,000 leads shown"'] }),
    };
  }
}

export type TreeNode = OrganizationNode | LeadNode | ContactNode | EmailNode | PhoneNode | MoreLeadsNode;
