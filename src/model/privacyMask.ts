// Privacy mode's masks: what a screen share may show of an email address or a phone number.
// Names and leads stay readable; only the parts that would let a viewer reach the person go.

const MASK = '•••';
const KEEP_PHONE_DIGITS = 4;

/** "jane.doe@acme.com" → "j•••@acme.com": the first character of the local part and the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) {
    return MASK;
  }
  const first = String.fromCodePoint(email.codePointAt(0) ?? 0x2022);
  return `${first}${MASK}${email.slice(at)}`;
}

/**
 * "+1 650-555-4444" → "+1 •••-•••-4444": every digit becomes "•" except the last four and a
 * leading "+country" group set apart by a space. The punctuation stays, so the shape still
 * reads as a phone number. A number with five digits or fewer is masked whole.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D+/g, '').length;
  if (digits <= KEEP_PHONE_DIGITS + 1) {
    return phone.replace(/\d/g, '•');
  }
  const country = /^\s*\+\d{1,3}(?=\s)/.exec(phone);
  const head = country ? country[0] : '';
  let toMask = digits - KEEP_PHONE_DIGITS - head.replace(/\D+/g, '').length;
  let out = head;
  for (const ch of phone.slice(head.length)) {
    if (toMask > 0 && ch >= '0' && ch <= '9') {
      out += '•';
      toMask -= 1;
    } else {
      out += ch;
    }
  }
  return collapseRuns(out);
}

/** "•••••••" → "•••": runs longer than three dots say nothing more and widen the text. */
function collapseRuns(text: string): string {
  return text.replace(/•{4,}/g, MASK);
}

// An address, or a run of at least seven digits with phone punctuation between them.
const EMAIL_IN_TEXT = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+\.[^\s<>()[\]"',;:]+/gu;
const PHONE_IN_TEXT = /\+?\d[\d\s().\-/]{5,}\d/g;

/** Masks every email address and phone-like number inside free text (messages, tooltips). */
export function maskSensitiveText(text: string): string {
  return text
    .replace(EMAIL_IN_TEXT, (email) => maskEmail(email))
    .replace(PHONE_IN_TEXT, (phone) => (phone.replace(/\D+/g, '').length >= 7 ? maskPhone(phone) : phone));
}
