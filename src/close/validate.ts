// Checks that a body is what Close promises before anything else reads it. Only the
// envelope is checked here; records inside `data` are left to the model, which tolerates
// missing fields and skips records without an id.
import { CloseError } from './errors';
import type { ListResponse } from './types';

const RETRY_HINT = 'Try again; if it keeps happening, check the closeCrm.apiBaseUrl setting and any proxy between you and Close.';

/** Parses a response body as JSON; a proxy's HTML page or broken JSON becomes 'badResponse'. */
export function parseJsonBody(body: string, contentType: string | undefined, path: string, status: number): unknown {
  const type = describeContentType(contentType);
  if (body.trim() === '') {
    throw new CloseError('badResponse', `Close sent an empty answer to ${path} (status ${status}, ${type}). ${RETRY_HINT}`, {
      status,
      path,
    });
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    const what = /json/i.test(contentType ?? '')
      ? `malformed JSON (${type})`
      : `${type} instead of JSON${/html/i.test(contentType ?? '') ? ' (an error page from a proxy or gateway?)' : ''}`;
    throw new CloseError('badResponse', `Close's answer to ${path} was ${what}. ${RETRY_HINT}`, { status, path });
  }
}

/** `{ data: [...], has_more: boolean }`, else 'badResponse'. */
export function checkListEnvelope<T>(value: unknown, path: string): ListResponse<T> {
  if (!isPlainObject(value)) {
    throw shapeError(path, `a list answer should be an object with "data" and "has_more", got ${describeValue(value)}`);
  }
  const { data, has_more: hasMore } = value;
  if (!Array.isArray(data)) {
    throw shapeError(path, `"data" should be a list, got ${describeValue(data)}`);
  }
  if (typeof hasMore !== 'boolean') {
    throw shapeError(path, `"has_more" should be true or false, got ${describeValue(hasMore)}`);
  }
  return { data: data as T[], has_more: hasMore };
}

/** One record (`GET /contact/{id}/`, `/lead/{id}/`): an object with a string `id`. */
export function checkRecord<T>(value: unknown, path: string): T {
  if (!isPlainObject(value)) {
    throw shapeError(path, `expected one record (an object), got ${describeValue(value)}`);
  }
  if (typeof value.id !== 'string' || value.id === '') {
    throw shapeError(path, 'the record has no id');
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
  return new CloseError('badResponse', `Close's answer to ${path} was not in the expected shape: ${what}. ${RETRY_HINT}`, {
    status: 200,
    path,
  });
}

function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (value === undefined) {
    return 'nothing';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describeContentType(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' ? 'no content type' : `content type ${type.slice(0, 60)}`;
}
