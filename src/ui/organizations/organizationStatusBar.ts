import * as vscode from 'vscode';
import { Commands, StatusBarItems } from '../constants';
import { formatCount } from '../displayFormat';
import { plainText } from '../plainText';
import type { CloseSession } from '../session';

/** The active organization's name in the status bar; a click opens the organization picker. */
export class OrganizationStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private generation = 0;
  private shown: string | undefined;

  constructor(private readonly session: CloseSession) {
    this.item = vscode.window.createStatusBarItem(StatusBarItems.organization, vscode.StatusBarAlignment.Left, 0);
    this.item.name = vscode.l10n.t('Close CRM Organization');
    this.item.command = Commands.switchOrganization;
    this.subscriptions.push(
      session.onDidChangeController(() => void this.update()),
      session.keys.onDidChangeOrganizations(() => void this.update()),
    );
  }

  /** Shows the active organization (hidden when signed out or its name is not known yet). */
  async update(): Promise<void> {
    const generation = ++this.generation;
    const [organizations, activeId] = await Promise.all([this.session.organizations(), this.session.activeOrganizationId()]);
    if (generation !== this.generation) {
      return; // a later update is under way
    }
    const active = organizations.find((o) => o.id === activeId);
    if (!this.session.controller || !active) {
      this.shown = undefined;
      this.item.hide();
      return;
    }
    this.item.text = `$(organization) ${plainText(active.name)}`;
    this.item.tooltip =
      organizations.length > 1
        ? vscode.l10n.t('Close organization: {0}. Click to switch to one of {1} organizations.', active.name, formatCount(organizations.length))
        : vscode.l10n.t('Close organization: {0}. Click to switch or add an organization.', active.name);
    this.item.accessibilityInformation = { label: vscode.l10n.t('Close organization {0}', active.name) };
    this.shown = this.item.text;
    this.item.show();
  }

  /** The text shown, undefined while hidden. */
  get shownText(): string | undefined {
    return this.shown;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
