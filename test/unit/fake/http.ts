// Small fetch helpers for the fake server's own tests.
import type { FakeClose } from '../../fake/server';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body, or undefined when it is not JSON. */
  body: unknown;
}

export function basicAuth(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

export async function get(
  server: FakeClose,
  path: string,
  init: { authorization?: string | null; method?: string; signal?: AbortSignal } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const authorization = init.authorization === undefined ? basicAuth(server.apiKey) : init.authorization;
  if (authorization !== null) {
    headers.authorization = authorization;
  }
  const response = await fetch(server.url + path, { method: init.method ?? 'GET', headers, signal: init.signal });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export interface Page {
  data: Record<string, unknown>[];
  has_more: boolean;
}

export function asPage(answer: Answer): Page {
  return answer.body as Page;
}

/** Parses `limit=L, remaining=R, reset=S`. */
export function rateLimitHeader(answer: Answer): { limit: number; remaining: number; reset: number } {
  const raw = answer.headers.get('ratelimit') ?? '';
  const match = /^limit=(\d+), remaining=(\d+), reset=(\d+)$/.exec(raw);
  if (!match) {
    throw new Error(`No RateLimit header in the expected form: ${JSON.stringify(raw)}`);
  }
  return { limit: Number(match[1]), remaining: Number(match[2]), reset: Number(match[3]) };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds (a condition wait, not a fixed sleep). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('Condition not met in time.');
    }
    await delay(10);
  }
}
