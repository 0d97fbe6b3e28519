// The translations the host hands the panel (the JSON of `vscode.l10n.bundle`, in the root
// element's `data-l10n`), checked before @vscode/l10n gets them. Pure, no DOM.
import type { l10nJsonFormat, l10nJsonMessageFormat } from '@vscode/l10n';

function isMessage(value: unknown): value is l10nJsonMessageFormat {
  if (typeof value === 'string') {
    return true;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const entry = value as Record<string, unknown>;
  return typeof entry.message === 'string' && Array.isArray(entry.comment) && entry.comment.every((c) => typeof c === 'string');
}

/**
 * The bundle's messages, or undefined when there is none (VS Code in English) or the text is
 * not a bundle: the panel then shows its English. Entries that are not messages are dropped.
 */
export function parseL10nBundle(text: string | undefined | null): l10nJsonFormat | undefined {
  if (typeof text !== 'string' || text.length === 0) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return undefined;
  }
  // No prototype: a key such as `__proto__` or `constructor` is only ever a message.
  const contents = Object.create(null) as l10nJsonFormat;
  let count = 0;
  for (const [key, value] of Object.entries(parsed)) {
    if (isMessage(value)) {
      contents[key] = value;
      count++;
    }
  }
  return count > 0 ? contents : undefined;
}
