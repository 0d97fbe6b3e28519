import * as vscode from 'vscode';
import { showSettled } from '../quickInputFocus';
import type { ContactsView } from '../tree/contactsView';

/**
 * Asks for the tree's filter, prefilled with the current one. The tree follows the typing;
 * Enter keeps the filter, Escape puts back the one from before.
 */
export function askForFilter(view: ContactsView): Promise<void> {
  const before = view.filter;
  const input = vscode.window.createInputBox();
  input.title = vscode.l10n.t('Close CRM: Filter Contacts');
  input.prompt = vscode.l10n.t('Name, email, phone digits, lead name or title. status:qualified keeps the leads with that status.');
  input.placeholder = vscode.l10n.t('Filter contacts, e.g. acme or status:qualified');
  input.value = before;
  input.valueSelection = [0, before.length];
  return new Promise<void>((resolve) => {
    let accepted = false;
    const subscriptions: vscode.Disposable[] = [
      input.onDidChangeValue((value) => view.setFilter(value, false)),
      input.onDidAccept(() => {
        accepted = true;
        view.setFilter(input.value);
        input.hide();
      }),
      input.onDidHide(() => {
        if (!accepted) {
          view.setFilter(before);
        }
        subscriptions.forEach((s) => s.dispose());
        input.dispose();
        resolve();
      }),
    ];
    subscriptions.push(showSettled(input));
  });
}
