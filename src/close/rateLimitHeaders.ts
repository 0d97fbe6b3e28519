// Reading what Close says about its rate limit: `RateLimit` (limit, remaining, reset),
// `RateLimit-Limit/-Remaining/-Reset`, `X-Rate-Limit-*`, `X-RateLimit-*` and `Retry-After`, and
// the IETF draft's later form (`RateLimit: "default";r=7;t=1` with `RateLimit-Policy: "default";q=20;w=1`),
// which a proxy or gateway in front of Close may send instead.
// Every wait read from a header is checked first: a value that makes no sense is dropped and
// noted, a long one is capped at MAX_SERVER_WAIT_S. The limiter (rateLimit.ts) paces on this.

/** The longest wait taken from the server (RateLimit reset, Retry-After); longer ones are capped. */
export const MAX_SERVER_WAIT_S = 120;
/** Beyond this a wait is nonsense rather than long; a Unix time must also lie this close to now. */
const NONSENSE_WAIT_S = 86_400;

export interface RateLimitState {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets. */
  resetSeconds?: number;
  /** `resetSeconds` was converted from a Unix time: it says when the window ends, not how long it is. */
  resetFromUnixTime?: boolean;
  /** `Retry-After`, in seconds (429 and some 503s). */
  retryAfterSeconds?: number;
  /** Waits the server sent that were converted, capped or ignored (for the log). */
  notes?: ServerWaitNote[];
}

export type ServerWaitProblem =
  | 'unixTime' // looked like a Unix time, not seconds to wait: converted
  | 'negative' // ignored
  | 'notANumber' // ignored
  | 'huge' // over a day: ignored
  | 'capped'; // over MAX_SERVER_WAIT_S: capped

export interface ServerWaitNote {
  source: 'reset' | 'retry-after';
  problem: ServerWaitProblem;
  /** The value as sent, shortened. */
  raw: string;
  /** The wait used instead, in seconds; undefined when the value was ignored. */
  usedSeconds?: number;
}

export type HeaderBag = Readonly<Record<string, unknown>>;

/** Reads `RateLimit`, `RateLimit-Limit/-Remaining/-Reset`, `X-Rate-Limit-*` and `Retry-After`. */
export function parseRateLimit(headers: HeaderBag, nowMs: number = Date.now()): RateLimitState | undefined {
  const state: RateLimitState = {};
  const combined = header(headers, 'ratelimit', true);
  if (combined !== undefined) {
    for (const [name, raw] of tightestPolicy(combined, header(headers, 'ratelimit-policy', true))) {
      assign(state, name, raw, nowMs);
    }
  }
  for (const prefix of ['ratelimit-', 'x-rate-limit-', 'x-ratelimit-']) {
    for (const name of ['limit', 'remaining', 'reset']) {
      // An early draft lists the quota policies after the value: `RateLimit-Limit: 20, 20;w=1, 1000;w=3600`.
      const value = header(headers, prefix + name)?.split(/[,;]/)[0];
      if (value !== undefined) {
        assign(state, name, value, nowMs);
      }
    }
  }
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = checkWait(state, 'retry-after', retryAfter, nowMs);
    if (seconds !== undefined) {
      state.retryAfterSeconds = seconds;
    }
  }
  return Object.keys(state).length > 0 ? state : undefined;
}

/**
 * The fields of the policy in a `RateLimit` value that runs out first. A server may list several
 * (an API key's limit and its organization's, or two header lines joined by a comma): a field
 * seen again, or a policy's name, starts the next policy. The one with the fewest requests left
 * wins (then the smallest limit); its fields are used together, never mixed with another policy's.
 * In the IETF form a policy's limit is its quota (`q`) in `RateLimit-Policy`, found by name.
 */
function tightestPolicy(value: string, policyHeader: string | undefined): Map<string, string> {
  const policies = policiesIn(value, FIELDS);
  const quotas = new Map(policiesIn(policyHeader ?? '', QUOTA_FIELDS).map((quota) => [quota.get(NAME), quota.get('limit')]));
  for (const policy of policies) {
    const quota = quotas.get(policy.get(NAME)) ?? (policies.length === 1 && quotas.size === 1 ? [...quotas.values()][0] : undefined);
    if (!policy.has('limit') && quota !== undefined) {
      policy.set('limit', quota);
    }
  }
  const count = (policy: Map<string, string>, name: string): number => {
    const raw = policy.get(name)?.trim();
    const number = raw ? Number(raw) : Number.NaN;
    return Number.isFinite(number) && number >= 0 ? number : Number.POSITIVE_INFINITY;
  };
  const tightest = policies.reduce((best, policy) => {
    const [left, bestLeft] = [count(policy, 'remaining'), count(best, 'remaining')];
    return left < bestLeft || (left === bestLeft && count(policy, 'limit') < count(best, 'limit')) ? policy : best;
  });
  tightest.delete(NAME);
  return tightest;
}

/** The key under which a policy's name is kept while reading. */
const NAME = 'name';
/** Field names in `RateLimit` (Close's and the IETF draft's), and what each stands for. */
const FIELDS: Readonly<Record<string, string>> = { limit: 'limit', remaining: 'remaining', reset: 'reset', r: 'remaining', t: 'reset' };
/** Field names in `RateLimit-Policy`: the quota is the limit (the window `w` is learned from resets). */
const QUOTA_FIELDS: Readonly<Record<string, string>> = { q: 'limit' };

/** The policies a header lists, each with the fields `fields` names (as what they stand for) and its name. */
function policiesIn(value: string, fields: Readonly<Record<string, string>>): Map<string, string>[] {
  const policies = [new Map<string, string>()];
  for (const part of value.split(/[,;]/)) {
    const field = /^\s*([a-z]+)\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
    const named = !field && /^\s*("[^"]*"|[a-z*][\w.:/*-]*)\s*$/i.test(part);
    const name = field ? fields[field[1].toLowerCase()] : named ? NAME : undefined;
    if (name === undefined) {
      continue;
    }
    let policy = policies[policies.length - 1] as Map<string, string>;
    if (policy.has(name) || (name === NAME && policy.size > 0)) {
      policy = new Map();
      policies.push(policy);
    }
    policy.set(name, field ? (field[2] as string) : part.trim().replace(/^"|"$/g, ''));
  }
  return policies;
}

function assign(state: RateLimitState, name: string, raw: string, nowMs: number): void {
  if (name === 'reset') {
    if (state.resetSeconds === undefined) {
      const seconds = checkWait(state, 'reset', raw, nowMs);
      if (seconds !== undefined) {
        state.resetSeconds = seconds;
        if (state.notes?.some((n) => n.source === 'reset' && n.problem === 'unixTime')) {
          state.resetFromUnixTime = true;
        }
      }
    }
    return;
  }
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
    return;
  }
  if (name === 'limit' && state.limit === undefined) {
    state.limit = value;
  } else if (name === 'remaining' && state.remaining === undefined) {
    state.remaining = value;
  }
}

/** The wait in seconds a server value stands for, or undefined when it makes no sense (noted). */
function checkWait(state: RateLimitState, source: ServerWaitNote['source'], raw: string, nowMs: number): number | undefined {
  const trimmed = raw.trim();
  const note = (problem: ServerWaitProblem, usedSeconds?: number): void => {
    const shown = trimmed.length > 40 ? `${trimmed.slice(0, 39)}…` : trimmed;
    (state.notes ??= []).push({ source, problem, raw: shown, ...(usedSeconds !== undefined ? { usedSeconds } : {}) });
  };
  let seconds: number;
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(trimmed)) {
    seconds = Number(trimmed);
    if (seconds < 0) {
      note('negative');
      return undefined;
    }
    const fromNow = seconds - nowMs / 1000;
    if (Math.abs(fromNow) <= NONSENSE_WAIT_S) {
      const used = Math.min(MAX_SERVER_WAIT_S, Math.max(0, fromNow));
      note('unixTime', used);
      return used;
    }
  } else {
    // Retry-After may be an HTTP date; `reset` is always seconds.
    const date = source === 'retry-after' ? Date.parse(trimmed) : Number.NaN;
    if (Number.isNaN(date)) {
      note('notANumber');
      return undefined;
    }
    seconds = Math.max(0, (date - nowMs) / 1000);
  }
  if (!Number.isFinite(seconds) || seconds > NONSENSE_WAIT_S) {
    note('huge');
    return undefined;
  }
  if (seconds > MAX_SERVER_WAIT_S) {
    note('capped', MAX_SERVER_WAIT_S);
    return MAX_SERVER_WAIT_S;
  }
  return seconds;
}

function header(headers: HeaderBag, name: string, all = false): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) {
      continue;
    }
    if (typeof value === 'string') {
      return value;
    }
    if (typeof value === 'number') {
      return String(value);
    }
    // The same header on several lines: `RateLimit` may list a policy on each; one value of the others.
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      return all ? value.join(', ') : (value[0] as string);
    }
  }
  return undefined;
}
