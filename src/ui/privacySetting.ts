import * as vscode from 'vscode';
import { Settings } from './constants';

const KEY = `${Settings.section}.${Settings.privacyMode}`;

/** Whether privacy mode masks emails and phone numbers now. */
export function privacyModeOn(): boolean {
  return vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.privacyMode, false) === true;
}

/** Calls `listener` with the new state whenever the setting changes. */
export function onDidChangePrivacyMode(listener: (on: boolean) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(KEY)) {
      listener(privacyModeOn());
    }
  });
}
