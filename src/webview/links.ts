// Which links the detail panel may open. Shared by the webview (what becomes a link) and the
// host (what it agrees to open): only http(s), `mailto:address` and `tel:number`, ever.

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const MAX_URL_LENGTH = 4096;
// Control characters (tabs and newlines included) never belong in a link we open.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** The normalized URL when it is safe to open, else null (shown as plain text instead). */
export function safeLink(url: unknown): string | null {
  if (typeof url !== 'string') {
    return null;
  }
  const trimmed = url.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_URL_LENGTH || CONTROL_CHARS.test(trimmed)) {
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) {
    return null;
  }
  if (parsed.protocol === 'mailto:') {
    return mailtoOf(parsed);
  }
  if (parsed.protocol === 'tel:') {
    return telOf(parsed);
  }
  // Credentials in a link only serve to make it look like another site.
  if (parsed.hostname.length === 0 || parsed.username.length > 0 || parsed.password.length > 0) {
    return null;
  }
  return parsed.href;
}

// One address: nothing a mail client would read as more recipients (`,` `;`) or as headers.
const PLAIN_EMAIL = /^[^\s@?&#/:;,%<>"]+@[^\s@?&#/:;,%<>"]+$/;
// A number as people type it; `;ext=`, `?` and letters are not part of it.
const PHONE_CHARS = /^\+?[\d\s().-]+$/;

/**
 * `mailto:` with the one address only. Everything after it (`?attach=`, `?body=`, `&cc=`,
 * `#...`) is dropped: it would let a record attach local files or add recipients.
 */
function mailtoOf(parsed: URL): string | null {
  const address = decoded(parsed.pathname)?.trim();
  return address !== undefined && address.length <= 320 && PLAIN_EMAIL.test(address) ? `mailto:${address}` : null;
}

/** `tel:` with digits and a leading plus only; anything else in the link refuses it. */
function telOf(parsed: URL): string | null {
  const number = decoded(parsed.pathname)?.trim();
  if (number === undefined || parsed.search !== '' || parsed.hash !== '' || number.length > 64 || !PHONE_CHARS.test(number)) {
    return null;
  }
  const digits = number.replace(/[^\d]/g, '');
  return digits.length >= 3 ? `tel:${number.startsWith('+') ? '+' : ''}${digits}` : null;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** `mailto:` link for a plain address, else null. */
export function mailtoLink(email: string): string | null {
  const trimmed = email.trim();
  if (trimmed.length > 320 || !PLAIN_EMAIL.test(trimmed)) {
    return null;
  }
  return safeLink(`mailto:${trimmed}`);
}

/** `tel:` link from a phone number as typed (`+1 650-333-4444` -> `tel:+16503334444`), else null. */
export function telLink(phone: string): string | null {
  const trimmed = phone.trim();
  if (trimmed.length === 0 || trimmed.length > 64 || !PHONE_CHARS.test(trimmed)) {
    return null;
  }
  return safeLink(`tel:${trimmed}`);
}

/** The lead's page in Close's web app: its `html_url` when that is a safe https link, else built from the id. */
export function leadPageUrl(leadId: string, htmlUrl?: string | null): string | null {
  const fromClose = safeLink(htmlUrl);
  if (fromClose !== null && fromClose.startsWith('https:')) {
    return fromClose;
  }
  if (leadId.trim().length === 0) {
    return null;
  }
  try {
    return safeLink(`https://app.close.com/lead/${encodeURIComponent(leadId)}/`);
  } catch {
    // URIError: a lone surrogate cannot be encoded; such an id names no lead.
    return null;
  }
}
