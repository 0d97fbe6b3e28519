// Checks what the user typed as an API key before anything is sent to Close.

export type KeyCheck = { ok: true; key: string } | { ok: false; message: string };

export function checkApiKeyInput(input: string | undefined): KeyCheck {
  const key = (input ?? '').trim();
  if (key.length === 0) {
    return { ok: false, message: 'The API key is empty. Paste the key from Close → Settings → Developer → API Keys.' };
  }
  if (/\s/.test(key)) {
    return {
      ok: false,
      message: 'An API key has no spaces or line breaks inside it. Copy the key again from Close → Settings → Developer → API Keys.',
    };
  }
  if (key.length > 512) {
    return { ok: false, message: 'That is too long to be a Close API key. Copy the key again from Close.' };
  }
  return { ok: true, key };
}
