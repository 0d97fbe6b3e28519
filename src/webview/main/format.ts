// Turning Close's raw values into text for the detail panel. Pure functions, no DOM.
import * as l10n from '@vscode/l10n';

export interface FormatOptions {
  /** BCP 47 locale; undefined: the runtime's default. */
  locale?: string;
  /** Zone used for dates; undefined: the runtime's zone. */
  timeZone?: string;
}

/** Call duration in seconds as `m:ss` (`75` -> `1:15`, `3725` -> `62:05`); null when not a duration. */
export function formatDuration(seconds: unknown): string | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    return null;
  }
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return `${minutes}:${rest.toString().padStart(2, '0')}`;
}

/** An ISO timestamp as a readable date and time; the raw text when it is not a date; null when empty. */
export function formatDateTime(value: unknown, options: FormatOptions = {}): string | null {
  if (typeof value !== 'string' || value.trim().length === 0) {
    return null;
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    return value;
  }
  try {
    return new Intl.DateTimeFormat(options.locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
    }).format(time);
  } catch {
    return new Date(time).toISOString();
  }
}

/** The time now in an IANA zone (`Tue 14:05 GMT-7`-like), or null when the zone is unknown. */
export function formatLocalTime(timeZone: string, now: number, locale?: string): string | null {
  if (timeZone.trim().length === 0) {
    return null;
  }
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'short',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(now);
  } catch {
    // RangeError: not a zone this runtime knows.
    return null;
  }
}

/** Close's call status as words (in the display language); an unknown status as it came. */
export function callStatusLabel(status: string): string {
  switch (status) {
    case 'created':
      return l10n.t({ message: 'Created', comment: ['The status of a call in Close'] });
    case 'in-progress':
      return l10n.t('In progress');
    case 'completed':
      return l10n.t('Completed');
    case 'cancel':
      return l10n.t('Cancelled');
    case 'no-answer':
      return l10n.t('No answer');
    case 'busy':
      return l10n.t('Busy');
    case 'failed':
      return l10n.t('Failed');
    case 'timeout':
      return l10n.t('Timed out');
    default:
      return status;
  }
}

/** `reply-received` -> `reply received`. */
export function humanize(value: string): string {
  return value.replace(/[-_]+/g, ' ').trim();
}

/** Longest text shown for one value; longer values are cut with a note (a 1 MB name must not stall the panel). */
export const MAX_SHOWN_CHARS = 2000;

export function clip(value: string, max: number = MAX_SHOWN_CHARS): string {
  if (value.length <= max) {
    return value;
  }
  return l10n.t({
    message: '{0}… ({1} more characters)',
    args: [value.slice(0, max), value.length - max],
    comment: ['{0} is the start of a long value, cut short; {1} is how many characters were left out'],
  });
}
