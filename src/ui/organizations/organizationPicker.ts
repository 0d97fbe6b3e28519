import * as vscode from 'vscode';
import type { StoredOrganization } from '../../model/organizationRegistry';
import { plainText } from '../plainText';
import { pickSettled } from '../quickInputFocus';

/** What the organization picker returns: an organization to switch to, or the wish to add one. */
export type OrganizationChoice = { kind: 'switch'; organizationId: string } | { kind: 'add' };

interface ChoiceItem extends vscode.QuickPickItem {
  choice?: OrganizationChoice;
}

/** The picker's rows: every added organization (the active one marked), then "Add Organization…". */
export function organizationItems(organizations: readonly StoredOrganization[], activeId: string | undefined): ChoiceItem[] {
  const rows: ChoiceItem[] = organizations.map((org) => ({
    label: `${org.id === activeId ? '$(check)' : '$(blank)'} ${plainText(org.name)}`,
    description: org.id === activeId ? vscode.l10n.t('active') : undefined,
    detail: org.userName || org.email ? plainText([org.userName, org.email].filter(Boolean).join(' · ')) : undefined,
    choice: { kind: 'switch', organizationId: org.id },
  }));
  return [
    ...rows,
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(add) ${vscode.l10n.t('Add Organization…')}`, choice: { kind: 'add' } },
  ];
}

export async function pickOrganization(organizations: readonly StoredOrganization[], activeId: string | undefined): Promise<OrganizationChoice | undefined> {
  const picked = await pickSettled(organizationItems(organizations, activeId), {
    title: vscode.l10n.t('Close CRM: Switch Organization'),
    placeHolder: vscode.l10n.t('Choose the Close organization whose contacts to show'),
  });
  return picked?.choice;
}
