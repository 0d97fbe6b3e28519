// Privacy mode's copy of a whole Close record (the detail panel's contact): every email and
// phone number masked, wherever it sits, so the webview never receives the real values. Ids
// and dates are kept as they are: their digit runs are not phone numbers.
import { maskEmail, maskPhone, maskSensitiveText } from './privacyMask';

const EMAIL_KEYS = new Set(['email', 'contact_email']);
const PHONE_KEYS = new Set(['phone', 'phone_formatted', 'remote_phone', 'local_phone']);
/** Identifiers, dates and zone names: never contact data, and masking would corrupt them. */
const KEPT_KEY = /(^|_)id$|^date_|_date$|_timestamp$|^tz_ids$|^timezone$|^created_by$|^updated_by$/;

function maskValue(key: string | undefined, value: unknown): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && KEPT_KEY.test(key)) {
      return value;
    }
    if (key !== undefined && EMAIL_KEYS.has(key) && value.includes('@')) {
      return maskEmail(value);
    }
    if (key !== undefined && PHONE_KEYS.has(key)) {
      return maskPhone(value);
    }
    return maskSensitiveText(value);
  }
  if (Array.isArray(value)) {
    // An array's items are read under the array's key (tz_ids stays whole, emails go through).
    return value.map((item) => maskValue(typeof item === 'string' ? key : undefined, item));
  }
  if (typeof value === 'object' && value !== null) {
    return maskRecord(value as Record<string, unknown>);
  }
  return value;
}

/** A copy of `record` with every email address and phone number masked. */
export function maskRecord<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key] = maskValue(key, value);
  }
  return out as T;
}
