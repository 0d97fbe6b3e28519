// "Ada Lovelace <ada@example.com>" as mail programs take it: the display name is an RFC 5322
// phrase, quoted when it holds a special character. Non-ASCII names stay as they are (RFC 6532
// allows UTF-8 there, and mail programs paste them that way). No `vscode` import.

// RFC 5322 3.2.3 specials; a name with one of them is only valid as a quoted-string.
const SPECIALS = /[()<>[\]:;@\\,."]/;
// Line breaks and tabs would fold the header: one space instead.
// eslint-disable-next-line no-control-regex
const BREAKS = /[\u0000-\u001F\u007F]+/g;

/** A display name as an RFC 5322 phrase: as is, or quoted with `\` and `"` escaped. */
export function displayNamePhrase(name: string): string {
  const clean = name.replace(BREAKS, ' ').replace(/\s+/g, ' ').trim();
  return SPECIALS.test(clean) ? `"${clean.replace(/[\\"]/g, '\\$&')}"` : clean;
}

/** `Name <email>`; the bare address when there is no name (or the name is the address). */
export function nameAndEmail(name: string | null | undefined, email: string): string {
  const phrase = name ? displayNamePhrase(name) : '';
  if (!phrase || name === email) {
    return email;
  }
  return `${phrase} <${email}>`;
}
