import * as vscode from 'vscode';
import { plainText } from './plainText';

const CONFIRMATION_MS = 3000;

/** Copies text and confirms briefly in the status bar, e.g. `Copied email ada@example.com`. */
export async function copyWithConfirmation(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) Copied ${plainText(what)}`, CONFIRMATION_MS);
}
