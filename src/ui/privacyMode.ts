// Privacy mode's controls: the toggle commands, the context key for the view-title button and
// the status-bar item that shows while it is on. What it masks is decided where values show.
import * as vscode from 'vscode';
import { Commands, ContextKeys, Settings, StatusBarItems } from './constants';
import { onDidChangePrivacyMode, privacyModeOn } from './privacySetting';

/**
 * Where the toggle writes: where the value that wins now was set (a workspace that turned it
 * on is the one to turn it off), else the user settings.
 */
function target(): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(Settings.section).inspect<boolean>(Settings.privacyMode);
  if (inspected?.workspaceFolderValue !== undefined) {
    return vscode.ConfigurationTarget.WorkspaceFolder;
  }
  return inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

export async function setPrivacyMode(on: boolean): Promise<void> {
  await vscode.workspace.getConfiguration(Settings.section).update(Settings.privacyMode, on, target());
}

export class PrivacyModeControls implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  /** @param onChange told of every change of the mode, after the controls follow it. */
  constructor(onChange: (on: boolean) => void) {
    this.item = vscode.window.createStatusBarItem(StatusBarItems.privacyMode, vscode.StatusBarAlignment.Left, 0);
    this.item.name = vscode.l10n.t('Close CRM Privacy Mode');
    this.item.command = Commands.turnOffPrivacyMode;
    this.disposables.push(
      this.item,
      vscode.commands.registerCommand(Commands.togglePrivacyMode, () => setPrivacyMode(!privacyModeOn())),
      vscode.commands.registerCommand(Commands.turnOffPrivacyMode, () => setPrivacyMode(false)),
      onDidChangePrivacyMode((on) => {
        this.show(on);
        onChange(on);
      }),
    );
    this.show(privacyModeOn());
  }

  private show(on: boolean): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.privacyMode, on);
    if (!on) {
      this.item.hide();
      return;
    }
    this.item.text = `$(eye-closed) ${vscode.l10n.t('Privacy Mode')}`;
    this.item.tooltip = vscode.l10n.t('Close CRM privacy mode is on: email addresses and phone numbers are masked. Click to turn it off.');
    this.item.accessibilityInformation = { label: vscode.l10n.t('Close CRM privacy mode is on. Activate to turn it off.') };
    this.item.show();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
