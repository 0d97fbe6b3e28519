import * as vscode from 'vscode';
import type { CopyKind } from '../webview/protocol';
import { plainText } from './plainText';

const CONFIRMATION_MS = 3000;

/** "Copied email ada@example.com": one whole sentence per kind, for translators. */
export function copiedOne(kind: CopyKind, value: string): string {
  return kind === 'email' ? vscode.l10n.t('Copied email {0}', value) : vscode.l10n.t('Copied phone {0}', value);
}

/** Copies text and confirms briefly in the status bar with `confirmation`, e.g. `Copied email ada@example.com`. */
export async function copyWithConfirmation(text: string, confirmation: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) ${plainText(confirmation)}`, CONFIRMATION_MS);
}
