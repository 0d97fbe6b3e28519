// Close's own words in an answer that is not a success: the error text it sent, and the
// wait its deprecated 429 body names.
import { isPlainObject } from './validate';

/** Close's own words from an error body: `{"error": "..."}`, `{"errors": [...], "field-errors": {...}}`. */
export function extractCloseMessage(body: string, type: string | undefined): string | undefined {
  if (!/json/i.test(type ?? '') && !/^\s*[{[]/.test(body)) {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
  if (!isPlainObject(value)) {
    return undefined;
  }
  const parts: string[] = [];
  const error = value.error;
  if (typeof error === 'string') {
    parts.push(error);
  } else if (isPlainObject(error) && typeof error.message === 'string') {
    parts.push(error.message);
  }
  if (Array.isArray(value.errors)) {
    for (const item of value.errors) {
      if (typeof item === 'string') {
        parts.push(item);
      }
    }
  }
  const fieldErrors = value['field-errors'];
  if (isPlainObject(fieldErrors)) {
    for (const [field, message] of Object.entries(fieldErrors)) {
      parts.push(`${field}: ${typeof message === 'string' ? message : JSON.stringify(message)}`);
    }
  }
  if (parts.length === 0) {
    return undefined;
  }
  const text = parts.join('; ').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** The deprecated 429 body: `{"error": {"rate_reset": 1, ...}}`. */
export function legacyRateReset(body: string): number | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    if (isPlainObject(value) && isPlainObject(value.error) && typeof value.error.rate_reset === 'number' && value.error.rate_reset >= 0) {
      return value.error.rate_reset;
    }
  } catch {
    // not JSON: no hint
  }
  return undefined;
}
