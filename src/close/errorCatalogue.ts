// The error catalogue: what each HTTP status or network failure of a request becomes, as a
// CloseError whose message says what happened and what to do. The client scrubs the key
// from whatever these carry (a server may echo it) before anything is thrown or logged.
import * as l10n from '@vscode/l10n';
import { CloseError, type CloseErrorKind } from './errors';
import { extractCloseMessage } from './closeMessage';

/** What a request asked for: `path` without query, `what` for messages ("contact cont_1"). */
export interface RequestTarget {
  path: string;
  what: string;
}

export function cancelledError(attempt: RequestTarget): CloseError {
  return new CloseError('cancelled', l10n.t({ message: 'The request for {0} was cancelled.', args: [attempt.what], comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x".'] }), {
    path: attempt.path,
  });
}

/** No answer within the per-request timeout. */
export function timeoutError(attempt: RequestTarget, seconds: number, n: number): CloseError {
  return new CloseError(
    'timeout',
    l10n.t({
      message: 'Close did not answer {0} within {1} s{2}. Check your connection, or raise the closeCrm.requestTimeoutSeconds setting.',
      args: [attempt.what, seconds, tries(n)],
      comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {2} is empty or " after N tries".'],
    }),
    { path: attempt.path },
  );
}

/** The answer was cut off at `maxMb` megabytes. */
export function tooLargeError(attempt: RequestTarget, maxMb: number): CloseError {
  return new CloseError(
    'badResponse',
    l10n.t({
      message:
        'Close sent an answer larger than {0} MB for {1}, far more than it should be, so it was not read. Try again later; if it keeps happening, check the closeCrm.apiBaseUrl setting (something other than Close may be answering).',
      args: [maxMb, attempt.what],
      comment: ['{1} names what was asked for, e.g. "the contact list" or "contact cont_x".'],
    }),
    { path: attempt.path },
  );
}

/** No answer at all; `code` is the socket's or axios's error code, e.g. ECONNREFUSED. */
export function networkError(attempt: RequestTarget, code: string, n: number): CloseError {
  return new CloseError(
    'network',
    l10n.t({
      message: 'Could not reach Close for {0} ({1}){2}. Check your internet connection and the closeCrm.apiBaseUrl setting.',
      args: [attempt.what, describeNetworkCode(code), tries(n)],
      comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is the failure, e.g. "connection refused". {2} is empty or " after N tries".'],
    }),
    { path: attempt.path },
  );
}

/** The error for an answer that is neither a success nor retried: redirect, 401, 403, 404, other 4xx, 5xx. */
export function httpError(status: number, body: string, contentType: string | undefined, attempt: RequestTarget, n: number): CloseError {
  const closeMessage = extractCloseMessage(body, contentType);
  if (status >= 300 && status < 400) {
    return new CloseError(
      'badResponse',
      l10n.t({
        message: 'Close answered {0} with a redirect ({1}), which is not followed so the API key is never sent elsewhere. Check the closeCrm.apiBaseUrl setting.',
        args: [attempt.what, status],
        comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is an HTTP status code.'],
      }),
      { status, path: attempt.path },
    );
  }
  if (status === 401) {
    return new CloseError('auth', l10n.t('Close rejected the API key (401). {0}', setKeyHint()), { status, path: attempt.path, closeMessage });
  }
  if (status === 403) {
    // The key itself is good (a bad key is 401): it lacks a permission, so this is not
    // treated like a revoked key and other resources keep loading.
    const resource = resourceOf(attempt.path);
    const message =
      closeMessage === undefined
        ? l10n.t({
            message: 'This API key may not read {0} (Close answered 403 on {1}). Ask your Close admin for permission to read {0}, or set a key that has it with "Close CRM: Set API Key".',
            args: [resource, attempt.path],
            comment: ['{0} is "contacts", "leads" or "its own user profile". {1} is a request path such as /contact/.'],
          })
        : l10n.t({
            message: 'This API key may not read {0} (Close answered 403 on {1}): {2}. Ask your Close admin for permission to read {0}, or set a key that has it with "Close CRM: Set API Key".',
            args: [resource, attempt.path, closeText(closeMessage)],
            comment: ['{0} is "contacts", "leads" or "its own user profile". {1} is a request path such as /contact/. {2} is Close\'s own error text.'],
          });
    return new CloseError('forbidden', message, { status, path: attempt.path, closeMessage });
  }
  if (status === 404) {
    const message =
      closeMessage === undefined
        ? l10n.t({
            message: 'Close has no {0} (404). It may have been deleted or merged; refresh the contacts.',
            args: [attempt.what],
            comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x".'],
          })
        : l10n.t({
            message: 'Close has no {0} (404): {1}. It may have been deleted or merged; refresh the contacts.',
            args: [attempt.what, closeText(closeMessage)],
            comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is Close\'s own error text.'],
          });
    return new CloseError('notFound', message, { status, path: attempt.path, closeMessage });
  }
  if (status >= 500) {
    return statusError('server', attempt, status, closeMessage, { attempts: n });
  }
  return statusError('badRequest', attempt, status, closeMessage, { attempts: n });
}

/** 429 after the allowed waits, 5xx after the allowed retries, or another 4xx. */
export function statusError(
  kind: Extract<CloseErrorKind, 'server' | 'badRequest' | 'rateLimited'>,
  attempt: RequestTarget,
  status: number,
  closeMessage: string | undefined,
  extra: { attempts: number; retryAfterSeconds?: number },
): CloseError {
  const path = attempt.path;
  if (kind === 'rateLimited') {
    const waitS = extra.retryAfterSeconds ?? 0;
    return new CloseError(
      kind,
      l10n.t({
        message: 'Close kept answering "too many requests" (429) for {0}{1}. Wait {2} and try again; another app may be using the same API key.',
        args: [attempt.what, tries(extra.attempts), formatSeconds(waitS)],
        comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is empty or " after N tries". {2} is "1 second" or "N seconds".'],
      }),
      { status, path, retryAfterSeconds: waitS },
    );
  }
  if (kind === 'server') {
    return new CloseError(
      kind,
      l10n.t({
        message: 'Close had a server error ({0}) on {1}{2}. Try again in a moment; if it persists, Close may be having problems (status.close.com).',
        args: [`${status}${statusText(status)}`, attempt.what, tries(extra.attempts)],
        comment: ['{0} is an HTTP status, e.g. "503 Service Unavailable". {1} names what was asked for, e.g. "the contact list". {2} is empty or " after N tries".'],
      }),
      { status, path, closeMessage },
    );
  }
  const maxSkip = matchNumber(closeMessage, /max_skip\s*=\s*(\d+)/i);
  const maxLimit = matchNumber(closeMessage, /max_limit\s*=\s*(\d+)/i);
  let advice: string;
  if (maxSkip !== undefined) {
    advice = l10n.t("Close lists at most {0} records this way; a lead's contacts can still be loaded with Refresh Lead.", maxSkip);
  } else if (maxLimit !== undefined) {
    advice = l10n.t('Set closeCrm.pageSize to {0} or less.', maxLimit);
  } else {
    advice = l10n.t('This looks like a problem in the extension; please report it with the log (Close CRM: Show Log).');
  }
  const message =
    closeMessage === undefined
      ? l10n.t({
          message: 'Close refused the request for {0} ({1}). {2}',
          args: [attempt.what, status, advice],
          comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is an HTTP status code. {2} is advice (a whole sentence).'],
        })
      : l10n.t({
          message: 'Close refused the request for {0} ({1}): {2}. {3}',
          args: [attempt.what, status, closeText(closeMessage), advice],
          comment: ['{0} names what was asked for, e.g. "the contact list" or "contact cont_x". {1} is an HTTP status code. {2} is Close\'s own error text. {3} is advice (a whole sentence).'],
        });
  return new CloseError(kind, message, {
    status,
    path,
    closeMessage,
    ...(maxSkip !== undefined ? { maxSkip } : {}),
    ...(maxLimit !== undefined ? { maxLimit } : {}),
  });
}

function matchNumber(text: string | undefined, pattern: RegExp): number | undefined {
  const match = text === undefined ? null : pattern.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The advice after a 401 (a whole sentence). */
function setKeyHint(): string {
  return l10n.t('Set a valid key with "Close CRM: Set API Key".');
}

/** Close's own words for a message, without their final period (the sentence adds one). */
function closeText(closeMessage: string): string {
  return closeMessage.replace(/[.\s]+$/, '');
}

/** "contacts", "leads", "its own user profile": what a path lets a key read, for a 403. */
function resourceOf(path: string): string {
  if (path.startsWith('/contact/')) {
    return l10n.t('contacts');
  }
  if (path.startsWith('/lead/')) {
    return l10n.t('leads');
  }
  if (path.startsWith('/me/')) {
    return l10n.t('its own user profile');
  }
  return path;
}

/** `""` for a first attempt, else " after N tries" (with its leading space), appended to a clause. */
function tries(n: number): string {
  return n > 1 ? ` ${l10n.t({ message: 'after {0} tries', args: [n], comment: ['Appended to "Close did not answer the contact list within 30 s" and the like.'] })}` : '';
}

function formatSeconds(seconds: number): string {
  const rounded = Math.max(1, Math.ceil(seconds));
  return rounded === 1 ? l10n.t('1 second') : l10n.t('{0} seconds', rounded);
}

export function statusText(status: number): string {
  const names: Record<number, string> = { 500: ' Internal Server Error', 502: ' Bad Gateway', 503: ' Service Unavailable', 504: ' Gateway Timeout' };
  return names[status] ?? '';
}

export function describeNetworkCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return l10n.t('connection refused');
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_SOCKET_CONNECTION_TIMEOUT':
      return l10n.t('the connection was dropped');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return l10n.t('the host name could not be resolved; are you offline?');
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return l10n.t('the network is unreachable; are you offline?');
    case 'ETIMEDOUT':
      return l10n.t('the connection timed out');
    case 'ERR_BAD_RESPONSE':
      return l10n.t('the answer was not valid HTTP');
    default:
      return l10n.t('a network error');
  }
}
