// Numbers in the display language. VS Code's language is set once at activation; this module has
// no `vscode` so the text builders that use it run in plain Node tests.
import * as l10n from '@vscode/l10n';
import { usableLocale } from '../webview/locale';

let counts = new Intl.NumberFormat(undefined);

/** Called at activation with `vscode.env.language`. */
export function setDisplayLanguage(language: string | undefined): void {
  counts = new Intl.NumberFormat(usableLocale(language));
}

/** `50000` -> `50,000` in English, `50.000` in German. */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** "1 contact", "50,000 contacts". */
export function contactCount(n: number): string {
  return n === 1 ? l10n.t('1 contact') : l10n.t('{0} contacts', formatCount(n));
}

/** "1 lead", "10,000 leads". */
export function leadCount(n: number): string {
  return n === 1 ? l10n.t('1 lead') : l10n.t('{0} leads', formatCount(n));
}
