import * as vscode from 'vscode';
import { plainText } from './plainText';

const CONFIRMATION_MS = 3000;

/** Copies text and confirms briefly in the status bar with `confirmation`, e.g. `Copied email ada@example.com`. */
export async function copyWithConfirmation(text: string, confirmation: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) ${plainText(confirmation)}`, CONFIRMATION_MS);
}
