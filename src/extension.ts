import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { CloseContactsApi } from './ui/api';
import { ApiKeyStore } from './ui/auth/apiKeyStore';
import { setDisplayLanguage } from './ui/displayFormat';
import { addOrganization } from './ui/commands/apiKeyCommands';
import { registerCommands } from './ui/commands/registerCommands';
import { registerFindContactsTool } from './ui/lm/findContactsTool';
import { AUTH_PROVIDER_ID, CloseAuthenticationProvider } from './ui/organizations/closeAuthProvider';
import { OrganizationControllers } from './ui/organizations/organizationControllers';
import { OrganizationStatusBar } from './ui/organizations/organizationStatusBar';
import { Log } from './ui/log';
import { ContactPanels } from './ui/panel/contactPanels';
import { registerContactHovers } from './ui/hovers/contactHovers';
import { PrivacyModeControls } from './ui/privacyMode';
import { privacyModeOn } from './ui/privacySetting';
import { CloseSession } from './ui/session';
import { onDidChangeTreeLeadRows, readTreeLeadRows, watchSettings } from './ui/settings';
import { snapshotTree } from './ui/tree/snapshot';
import { ContactsView } from './ui/tree/contactsView';

export async function activate(context: vscode.ExtensionContext): Promise<CloseContactsApi | undefined> {
  // The layers below the UI (close, model) have no `vscode`; they translate through @vscode/l10n,
  // which reads the same bundle VS Code picked for the display language.
  if (vscode.l10n.bundle !== undefined) {
    l10n.config({ contents: vscode.l10n.bundle });
  }
  setDisplayLanguage(vscode.env.language);
  const log = new Log();
  const keys = new ApiKeyStore(context);
  const session = new CloseSession(context, keys, log);
  const view = new ContactsView(context.workspaceState);
  view.holdRootWhileStarting();
  const organizations = new OrganizationControllers(session, log);
  const panels = new ContactPanels(context.extensionUri, (organizationId) => organizations.controllerOf(organizationId), log);
  context.subscriptions.push(log, keys, session, organizations, view, panels, panels.registerSerializer());
  view.setPrivacy(privacyModeOn());
  view.setPageSize(readTreeLeadRows());
  context.subscriptions.push(
    new PrivacyModeControls((on) => {
      view.setPrivacy(on);
      panels.privacyChanged();
    }),
    registerContactHovers(() => session.controller),
  );
  const authProvider = new CloseAuthenticationProvider(session, () => addOrganization(session, undefined, false));
  const organizationStatus = new OrganizationStatusBar(session);
  context.subscriptions.push(
    authProvider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, vscode.l10n.t('Close CRM'), authProvider, { supportsMultipleAccounts: true }),
    organizationStatus,
  );

  context.subscriptions.push(
    // Panels show full records: none of them stays open under another key.
    session.onDidChangeKey(() => panels.closeAll()),
    session.onWillSignOut((organizationId) => (organizationId === undefined ? panels.closeAll() : panels.closeOrganization(organizationId))),
    organizations.onDidChange((groups) => view.setGroups(groups)),
    session.onDidChangeController((controller) => {
      view.setConfigProblem(session.problem);
      view.setController(controller);
    }),
    watchSettings(session, organizations),
    onDidChangeTreeLeadRows((rows) => view.setPageSize(rows)),
    ...registerCommands({ session, view, panels, organizations, log, keyArgumentAllowed: context.extensionMode === vscode.ExtensionMode.Test }),
    registerFindContactsTool(() => session.controller),
  );

  await session.start();
  view.startSettled();

  // Other extensions get nothing: the test API reaches the controller, so it exists only
  // when VS Code runs the extension's own tests.
  if (context.extensionMode !== vscode.ExtensionMode.Test) {
    return undefined;
  }
  return {
    get controller() {
      const controller = session.lastController;
      if (!controller) {
        throw new Error('Close Contacts has no controller: no API key was ever set in this window.');
      }
      return controller;
    },
    onDidChangeController: session.onDidChangeController,
    snapshotTree: (depth) => snapshotTree(view.provider, depth),
    openPanelIds: () => panels.openIds(),
    panelHtml: (contactId) => panels.htmlOf(contactId),
    whenIdle: async () => {
      await session.whenIdle();
      await view.whenSettled();
    },
    viewText: () => ({
      message: view.treeView.message,
      description: view.treeView.description,
      title: view.treeView.title,
    }),
    viewState: () => ({ welcome: view.emptyState, retryNow: view.offersRetryNow }),
    viewUpdates: () => ({ rows: [...view.updateLog.rows], words: [...view.updateLog.words] }),
    organizationSessions: () => authProvider.getSessions(),
    removeOrganizationSession: (id) => authProvider.removeSession(id),
    organizationStatus: () => organizationStatus.shownText,
    revealContact: (contactId) => view.reveal(contactId),
    selectedRowIds: () => view.treeView.selection.map((node) => node.id ?? ''),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
