// Checks that a body is what Close promises before anything else reads it. Only the
// envelope is checked here; records inside `data` are left to the model, which tolerates
// missing fields and skips records without an id.
import * as l10n from '@vscode/l10n';
import { CloseError } from './errors';
import type { ListResponse } from './types';

/** The advice ending every message here (a whole sentence of its own). */
function retryHint(): string {
  return l10n.t('Try again; if it keeps happening, check the closeCrm.apiBaseUrl setting and any proxy between you and Close.');
}

/** Parses a response body as JSON; a proxy's HTML page or broken JSON becomes 'badResponse'. */
export function parseJsonBody(body: string, contentType: string | undefined, path: string, status: number): unknown {
  const type = describeContentType(contentType);
  if (body.trim() === '') {
    throw new CloseError(
      'badResponse',
      l10n.t({
        message: 'Close sent an empty answer to {0} (status {1}, {2}). {3}',
        args: [path, status, type],
        comment: ['{0} is a request path such as /contact/, {1} an HTTP status code, {2} "content type ..." or "no content type", {3} advice'],
      }),
      { status, path },
    );
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    const message = /json/i.test(contentType ?? '')
      ? l10n.t("Close's answer to {0} was malformed JSON ({1}). {2}", path, type, retryHint())
      : /html/i.test(contentType ?? '')
        ? l10n.t("Close's answer to {0} was {1} instead of JSON (an error page from a proxy or gateway?). {2}", path, type, retryHint())
        : l10n.t("Close's answer to {0} was {1} instead of JSON. {2}", path, type, retryHint());
    throw new CloseError('badResponse', message, { status, path });
  }
}

/** `{ data: [...], has_more: boolean }`, else 'badResponse'. */
export function checkListEnvelope<T>(value: unknown, path: string): ListResponse<T> {
  if (!isPlainObject(value)) {
    throw shapeError(path, l10n.t('a list answer should be an object with "data" and "has_more", got {0}', describeValue(value)));
  }
  const { data, has_more: hasMore } = value;
  if (!Array.isArray(data)) {
    throw shapeError(path, l10n.t('"data" should be a list, got {0}', describeValue(data)));
  }
  if (typeof hasMore !== 'boolean') {
    throw shapeError(path, l10n.t('"has_more" should be true or false, got {0}', describeValue(hasMore)));
  }
  return { data: data as T[], has_more: hasMore };
}

/** One record (`GET /contact/{id}/`, `/lead/{id}/`): an object with a string `id`. */
export function checkRecord<T>(value: unknown, path: string): T {
  if (!isPlainObject(value)) {
    throw shapeError(path, l10n.t('expected one record (an object), got {0}', describeValue(value)));
  }
  if (typeof value.id !== 'string' || value.id === '') {
    throw shapeError(path, l10n.t('the record has no id'));
  }
  return value as T;
}

/**
 * `GET /me/`: an object with an `id`; `organizations` defaults to an empty list and an
 * `organization_id` that is not a non-empty string is dropped.
 */
export function checkMe<T>(value: unknown, path: string): T {
  const record = { ...checkRecord<Record<string, unknown>>(value, path) };
  if (!Array.isArray(record.organizations)) {
    record.organizations = [];
  }
  if (typeof record.organization_id !== 'string' || record.organization_id === '') {
    delete record.organization_id;
  }
  return record as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shapeError(path: string, what: string): CloseError {
  return new CloseError(
    'badResponse',
    l10n.t({
      message: "Close's answer to {0} was not in the expected shape: {1}. {2}",
      args: [path, what, retryHint()],
      comment: ['{0} is a request path such as /contact/, {1} what was wrong (lower case, e.g. "the record has no id"), {2} advice'],
    }),
    { status: 200, path },
  );
}

/** What a JSON value is, after "got": `null` stays as JSON writes it. */
function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return l10n.t('a list');
  }
  switch (typeof value) {
    case 'undefined':
      return l10n.t('nothing');
    case 'object':
      return l10n.t('an object');
    case 'string':
      return l10n.t('a string');
    case 'number':
      return l10n.t('a number');
    case 'boolean':
      return l10n.t('a boolean');
    default:
      return l10n.t({ message: 'a {0}', args: [typeof value], comment: ['{0} is a JavaScript type name such as "bigint" or "function"'] });
  }
}

function describeContentType(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' ? l10n.t('no content type') : l10n.t('content type {0}', type.slice(0, 60));
}
