// The few kinds of failure a caller can act on. Every message says what happened and what
// to do; none carries the API key, a request header or a stack.
import * as l10n from '@vscode/l10n';

export type CloseErrorKind =
  | 'auth' // 401: Close rejected the key (wrong or revoked); a missing or malformed key is 'config'
  | 'forbidden' // 403: the key is good but may not read this resource; not treated like a bad key
  | 'badRequest' // 400 and any other 4xx not named here: Close's own message is carried
  | 'notFound' // 404
  | 'rateLimited' // 429 still failing after the allowed waits
  | 'server' // 5xx
  | 'timeout' // no answer within the per-request timeout
  | 'network' // connection refused, reset, DNS, offline
  | 'badResponse' // not JSON, or not the promised shape
  | 'cancelled' // the caller aborted
  | 'config'; // bad base URL or key format, found before any request

export class CloseError extends Error {
  override readonly name = 'CloseError';

  constructor(
    readonly kind: CloseErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** Close's own error text, when an error answer carried one (4xx, 5xx). */
      closeMessage?: string;
      /** The path asked for, without query or host. */
      path?: string;
      /** Seconds Close asked us to wait (429). */
      retryAfterSeconds?: number;
      /** For a 400 on `_skip`: the maximum Close allows (max_skip). */
      maxSkip?: number;
      /** For a 400 on `_limit`: the maximum Close allows (max_limit). */
      maxLimit?: number;
    } = {},
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isCloseError(value: unknown): value is CloseError {
  return value instanceof CloseError;
}

export function isAuthError(value: unknown): value is CloseError {
  return isCloseError(value) && value.kind === 'auth';
}

export function isCancelled(value: unknown): boolean {
  return isCloseError(value) && value.kind === 'cancelled';
}

/** A message fit for the user, whatever was thrown. Never a stack. */
export function describeError(value: unknown): string {
  if (isCloseError(value)) {
    return value.message;
  }
  if (value instanceof Error && value.message) {
    return l10n.t('Unexpected error: {0}', value.message);
  }
  return l10n.t('Unexpected error.');
}

/** Whatever a load threw, as a CloseError: a CloseError as it is, anything else as an unexpected 'badResponse'. */
export function toCloseError(value: unknown): CloseError {
  if (isCloseError(value)) {
    return value;
  }
  const message = value instanceof Error ? value.message : String(value);
  return new CloseError('badResponse', l10n.t('Loading contacts failed unexpectedly ({0}). Try Refresh.', message));
}
