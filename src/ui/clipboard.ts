import * as vscode from 'vscode';
import type { CopyKind } from '../webview/protocol';
import { shownValues } from '../model/shownValues';
import { plainText } from './plainText';
import { privacyModeOn } from './privacySetting';

const CONFIRMATION_MS = 3000;

/** "Copied email ada@example.com" ("Copied email a•••@example.com" in privacy mode): one whole sentence per kind, for translators. */
export function copiedOne(kind: CopyKind, value: string): string {
  const shown = shownValues(privacyModeOn());
  return kind === 'email' ? vscode.l10n.t('Copied email {0}', shown.email(value)) : vscode.l10n.t('Copied phone {0}', shown.phone(value));
}

/** Copies text and confirms briefly in the status bar with `confirmation`, e.g. `Copied email ada@example.com`. */
export async function copyWithConfirmation(text: string, confirmation: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) ${plainText(confirmation)}`, CONFIRMATION_MS);
}
