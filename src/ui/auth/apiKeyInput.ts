// Checks what the user typed as an API key before anything is sent to Close. No `vscode` here
// (tested in plain Node); the words go through @vscode/l10n.
import * as l10n from '@vscode/l10n';

export type KeyCheck = { ok: true; key: string } | { ok: false; message: string };

export function checkApiKeyInput(input: string | undefined): KeyCheck {
  const key = (input ?? '').trim();
  if (key.length === 0) {
    return { ok: false, message: l10n.t('The API key is empty. Paste the key from Close → Settings → Developer → API Keys.') };
  }
  if (/\s/.test(key)) {
    return {
      ok: false,
      message: l10n.t('An API key has no spaces or line breaks inside it. Copy the key again from Close → Settings → Developer → API Keys.'),
    };
  }
  if (key.length > 512) {
    return { ok: false, message: l10n.t('That is too long to be a Close API key. Copy the key again from Close.') };
  }
  return { ok: true, key };
}

/**
 * The key handed to `closeCrm.setApiKey` as an argument, when one may be taken: only in the
 * extension's own tests. Anywhere else a command link (`command:closeCrm.setApiKey?[...]` in
 * a hover, a notification or a webview) could set a key of someone else's choosing without
 * the user typing it, so the argument is ignored and the password box asks instead.
 */
export function keyFromArgument(given: unknown, argumentsAllowed: boolean): string | undefined {
  return argumentsAllowed && typeof given === 'string' ? given : undefined;
}
