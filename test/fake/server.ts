// A fake Close API on 127.0.0.1 for tests, the demo and benchmarks. Real HTTP (node:http),
// answering like Close does (../../../shared/close-api.md and the seed), with knobs for
// latency, a per-key rate limit and injected faults.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import type { Contact, Lead } from '../../src/close/types';
import { createKeyLimiter, type KeyLimiter, type LimiterMode } from './limiters';
import { Neighbour, type NeighbourCounts } from './neighbour';
import { styleRateHeaders, type RateHeaderStyle } from './headerStyles';
import { compareContacts, createContext, generateDataset, iso, makeContact, makeLead, Rng, type FakeDataset, type GeneratorContext } from './data';

export { generateDataset, type FakeDataset } from './data';
export { LIMITER_MODES, isLimiterMode, limiterFloorMs, type LimiterMode } from './limiters';
export { RATE_HEADER_STYLES, isRateHeaderStyle, type RateHeaderStyle } from './headerStyles';

export interface FakeCloseOptions {
  /** Generated contacts (default 200); ignored if `dataset` given. */
  contacts?: number;
  /** Default Math.max(1, Math.round(contacts / 5)). */
  leads?: number;
  /** Default 1; same seed => same data. */
  seed?: number;
  /** Use this exact data instead (it is served live: changes to it show in answers). */
  dataset?: FakeDataset;
  /** Default DEFAULT_API_KEY. */
  apiKey?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Added to every response (default 0). */
  latencyMs?: number;
  /** Per API key, requests per second; undefined = no limit (headers still sent with a big limit). */
  rateLimitPerSecond?: number;
  /** The limiter's shape (limiters.ts); default 'fixed': 1-second windows, whole-second `reset`. */
  rateLimitMode?: LimiterMode;
  /** tokenBucket: the bucket's size (default `rateLimitPerSecond`). */
  rateLimitBurst?: number;
  /** The fixed and sliding shapes' window, in seconds (default 1); it admits `rateLimitPerSecond` times this. */
  rateLimitWindowSeconds?: number;
  /**
   * 'endpoint': each endpoint (contact, lead, me) has its own limit and headers, as Close's
   * endpoint groups may; default 'key': one limit for every request with a key.
   */
  rateLimitGroups?: 'key' | 'endpoint';
  /** With 'endpoint' groups: requests per second of the endpoints named, e.g. `{ lead: 40 }`. */
  rateLimitByEndpoint?: Record<string, number>;
  /**
   * Another client of the same key spending this many requests a second of its limit (of the
   * `contact` endpoint's with 'endpoint' groups), evenly spaced, from listen to close (neighbour.ts).
   */
  neighbourPerSecond?: number;
  /**
   * Close also limits each organization across all its users' keys (3x a key's limit): with this,
   * every request of the organization's keys and `othersPerSecond` a second from its other keys
   * (other users' integrations) take from one organization-wide limiter of the same shape. Answers
   * list its policy after the key's in `RateLimit`; a request either refuses gets 429.
   */
  organizationLimit?: { perSecond: number; othersPerSecond?: number };
  /** How the rate-limit headers are written (headerStyles.ts); default 'close', as Close documents them. */
  rateHeaderStyle?: RateHeaderStyle;
  /** Contacts `_limit` max (default 100). */
  maxLimit?: number;
  /** Leads `_limit` max (default 200). */
  leadMaxLimit?: number;
  /** Contacts `_skip` max; undefined = none. */
  maxSkip?: number;
  /** Leads `_skip` max; undefined = none. */
  leadMaxSkip?: number;
  /**
   * A second organization the same user belongs to, reached with its own key: `GET /me/` then
   * lists both organizations (this one second) and names the key's own in `organization_id`.
   */
  secondOrganization?: { apiKey: string; contacts?: number; seed?: number; name?: string };
  /** `GET /me/` leaves out `organization_id` (older answers; the client must fall back). */
  meWithoutOrganizationId?: boolean;
  /** The clock the rate limit counts windows by (tests pin it). Default Date.now. */
  now?: () => number;
  /**
   * false: every answer says `Connection: close`, so each request opens its own connection and
   * going offline is always seen as "connection refused", never as a reset kept-alive socket.
   */
  keepAlive?: boolean;
}

/** One organization's data as a key sees it. */
export interface FakeTenant {
  readonly apiKey: string;
  readonly dataset: FakeDataset;
  readonly me: FakeMe;
}

export interface RequestRecord {
  method: string;
  /** Full path as sent, without the query, e.g. `/api/v1/contact/`. */
  path: string;
  query: Record<string, string>;
  /** 0 while unanswered, and for dropped or hanging requests. */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
  authorization?: 'basic' | 'bearer' | 'none' | 'invalid';
  /** The Host header. */
  host: string;
  /** Whose key the request carried: the first organization's, the second's, another; undefined without one. */
  tenant?: 'first' | 'second' | 'unknown';
  /** oversizedBody: body bytes produced before the client stopped reading (before gzip). */
  bodyBytes?: number;
}

/** A `reset` no server should send: a Unix time, negative, absurdly large, not a number. */
export type BogusResetKind = 'unix' | 'negative' | 'huge' | 'nonNumeric';

export interface FakeFaults {
  /** Every Nth request answers 429 (with headers). */
  every429?: { every: number; retryAfterSeconds: number };
  /** Fraction of requests answered with one of these statuses (seeded RNG). */
  failRate?: { rate: number; statuses: number[] };
  /** Fraction of requests whose socket is destroyed without an answer. */
  dropRate?: number;
  /** `/contact/` listings with this `_skip` fail (times: how many; default always). */
  failSkip?: { skip: number; status: number; times?: number };
  /** `/contact/` listings with `lead_id` fail with `status` from the `from`-th such listing on (counted from 1). */
  failByLead?: { from: number; status: number };
  /** Matching requests (path prefix, with or without /api/v1) never answer until close. */
  hang?: { path?: string; times?: number };
  /** Broken body with 200 (html: an nginx-like 502 page with text/html). */
  malformed?: { kind: 'json' | 'html' | 'shape'; times?: number; path?: string };
  /** Contacts inserted / deleted while a client pages through `/contact/` (see MutatePlan). */
  mutateBetweenPages?: MutatePlan;
  /** After N requests the key is rejected with 401. */
  revokeAfter?: number;
  /**
   * The RateLimit `reset` is replaced by a bogus value, on every answer or only on 429s
   * (unix: the end of the current window in Unix seconds); with `retryAfter`, 429s carry the same
   * value as Retry-After.
   */
  bogusReset?: { kind: BogusResetKind; on?: 'all' | '429'; retryAfter?: boolean };
  /**
   * 200 answers (path prefix) stream a body of `bytes` (whitespace, then a valid empty page),
   * produced only as fast as the client reads it. gzip: sent with Content-Encoding: gzip, a
   * small body that inflates to `bytes` (a gzip bomb). `skip`: only listings with that `_skip`.
   */
  oversizedBody?: { bytes: number; gzip?: boolean; times?: number; path?: string; skip?: number };
  /** Requests under this path prefix (e.g. `/lead/`) get 403: the key lacks that permission. */
  forbid?: { path: string };
}

/**
 * Changes made to the list just before a `/contact/` listing is answered. Listings are counted
 * from 1 (the first listing of a load is number 1); the RNG is seeded, so runs repeat.
 */
export interface MutatePlan {
  /** On every Nth listing, a new contact is inserted. */
  insertEvery?: number;
  /**
   * 'front' (default): before the oldest, so offset paging repeats records; 'random': anywhere;
   * 'end': after the newest, where a client paging forward still reads it.
   */
  insertAt?: 'front' | 'random' | 'end';
  /**
   * Each inserted contact comes with a lead created with it, listed first among the leads (as a
   * listing newest first would): a client that has read the first lead page does not see it there.
   */
  newLead?: boolean;
  /** On every Nth listing, `deleteCount` contacts are deleted. */
  deleteEvery?: number;
  /** Or on exactly these listings (2 = right after the first page was asked for). */
  deleteOn?: readonly number[];
  /** Contacts deleted each time (default 1). */
  deleteCount?: number;
  /**
   * Which ones: 'front' (default) the first of the list; 'listed' random ones before the asked
   * `_skip` (already listed to a client paging forward); 'seam' the ones ending at the asked
   * `_skip` (for a client whose pages overlap by one, the record both pages share); 'random'
   * anywhere; 'end' the last of the list. 'listed' and 'seam' delete nothing at `_skip` 0.
   */
  deleteAt?: 'front' | 'listed' | 'seam' | 'random' | 'end';
  /** Only listings asking for at least this `_skip` change the list (e.g. the last page). */
  fromSkip?: number;
}

export interface FakeMutations {
  /** Ids inserted and deleted by mutateBetweenPages since the last setFaults. */
  inserted: string[];
  deleted: string[];
  /** Leads created with inserted contacts (MutatePlan.newLead). */
  leadsCreated: string[];
}

export interface FakeClose {
  /** Base URL incl. /api/v1, e.g. http://127.0.0.1:PORT/api/v1 */
  readonly url: string;
  readonly apiKey: string;
  readonly port: number;
  /** Live data (mutations show here). */
  readonly dataset: FakeDataset;
  readonly requests: RequestRecord[];
  /** The user `GET /me/` answers with. */
  readonly me: FakeMe;
  /** The second organization (option `secondOrganization`), with its own key, data and `me`. */
  readonly second?: FakeTenant;
  /** Replaces all faults; {} clears. Counters for `every`, `times` and `revokeAfter` restart. */
  setFaults(faults: FakeFaults): void;
  /** What mutateBetweenPages changed since the last setFaults. */
  readonly mutations: FakeMutations;
  setLatency(ms: number): void;
  /** A new limit (and shape, else the current one), every key's count starting afresh. */
  setRateLimit(perSecond: number | undefined, mode?: LimiterMode): void;
  resetRequests(): void;
  /** Stops listening and drops every connection, as if Close were unreachable (connection refused). */
  goOffline(): Promise<void>;
  /** Listens again on the same port. */
  goOnline(): Promise<void>;
  /** The neighbour's requests (option `neighbourPerSecond`) so far: admitted and refused. */
  readonly neighbourCounts: NeighbourCounts;
  /** The requests of the organization's other keys (option `organizationLimit`) so far. */
  readonly organizationOthersCounts: NeighbourCounts;
  /** Also ends hanging and delayed requests. */
  close(): Promise<void>;
}

export interface FakeMe {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  /** The organization the key belongs to (Close documents it on `GET /me/`). */
  organization_id?: string;
  organizations: { id: string; name: string }[];
}

export const DEFAULT_API_KEY = 'fake_close_key_3fT9qLw2Zr8xKp4NvB6s';
export const API_PREFIX = '/api/v1';
/** The RateLimit `limit` advertised when no limit is set. */
export const UNLIMITED_RATE = 100_000;

type Json = unknown;

interface Reply {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

function json(status: number, body: Json, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(body), contentType: 'application/json', headers };
}

function errorReply(status: number, message: string): Reply {
  return json(status, { error: message });
}

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const NGINX_504 =
  '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function serverErrorReply(status: number): Reply {
  if (status === 502) {
    return { status, body: NGINX_502, contentType: 'text/html' };
  }
  if (status === 504) {
    return { status, body: NGINX_504, contentType: 'text/html' };
  }
  const text: Record<number, string> = {
    400: 'Bad request.',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not found.',
    500: 'Internal server error.',
    503: 'Service temporarily unavailable. Please try again later.',
  };
  return errorReply(status, text[status] ?? `Error ${status}.`);
}

/** Result of reading `_limit` / `_skip`: a number, or the 400 to send. */
type IntParam = { value: number } | { error: Reply };

function readInt(query: URLSearchParams, name: string, fallback: number, max: number | undefined, maxKind: 'limit' | 'skip'): IntParam {
  const raw = query.get(name);
  if (raw === null) {
    return { value: fallback };
  }
  if (!/^-?\d+$/.test(raw.trim())) {
    return { error: errorReply(400, `${name} must be an integer (got ${JSON.stringify(raw)} instead).`) };
  }
  const value = Number.parseInt(raw.trim(), 10);
  if (value < 0) {
    return { error: errorReply(400, `${name} must be a non-negative integer (got ${JSON.stringify(raw)} instead).`) };
  }
  if (max !== undefined && value > max) {
    return {
      error: errorReply(
        400,
        `The ${maxKind} you set is larger than the maximum ${maxKind} for this resource (max_${maxKind} = ${max}).`,
      ),
    };
  }
  return { value };
}

function readFields(query: URLSearchParams): string[] | undefined {
  const raw = query.get('_fields');
  if (raw === null) {
    return undefined;
  }
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  return fields.length > 0 ? fields : undefined;
}

/** Only the named top-level fields, in the order asked; unknown names are left out. */
function project<T extends object>(record: T, fields: readonly string[] | undefined): Partial<T> | T {
  if (!fields) {
    return record;
  }
  const out: Record<string, unknown> = {};
  const source = record as Record<string, unknown>;
  for (const field of fields) {
    if (Object.prototype.hasOwnProperty.call(source, field)) {
      out[field] = source[field];
    }
  }
  return out as Partial<T>;
}

function queryRecord(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) {
    if (!(key in out)) {
      out[key] = value;
    }
  }
  return out;
}

function authKind(header: string | undefined): { kind: NonNullable<RequestRecord['authorization']>; key?: string } {
  if (header === undefined || header.trim() === '') {
    return { kind: 'none' };
  }
  const match = /^(\S+)\s+(.+)$/.exec(header.trim());
  if (!match) {
    return { kind: 'invalid' };
  }
  const scheme = (match[1] as string).toLowerCase();
  const value = (match[2] as string).trim();
  if (scheme === 'bearer') {
    return { kind: 'bearer', key: value };
  }
  if (scheme === 'basic') {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
      return { kind: 'invalid' };
    }
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      return { kind: 'invalid' };
    }
    return { kind: 'basic', key: decoded.slice(0, colon) };
  }
  return { kind: 'invalid' };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The endpoint a path names, without /api/v1 and ids: `contact`, `lead`, `me`. */
function endpointOf(pathname: string): string {
  const relative = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
  return relative.split('/').filter(Boolean)[0] ?? '';
}

function matchesPath(pathname: string, prefix: string | undefined): boolean {
  if (prefix === undefined) {
    return true;
  }
  const relative = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
  return pathname.startsWith(prefix) || relative.startsWith(prefix);
}

/** Counts uses of a fault that has an optional `times` budget. */
class Budget {
  private used = 0;
  constructor(private readonly times: number | undefined) {}
  take(): boolean {
    if (this.times !== undefined && this.used >= this.times) {
      return false;
    }
    this.used++;
    return true;
  }
}

interface FaultState {
  faults: FakeFaults;
  counter: number;
  contactPages: number;
  /** `/contact/` listings with `lead_id` answered so far. */
  byLeadListings: number;
  rng: Rng;
  mutations: FakeMutations;
  failSkip?: Budget;
  hang?: Budget;
  malformed?: Budget;
  oversized?: Budget;
}

class FakeCloseServer implements FakeClose {
  readonly requests: RequestRecord[] = [];
  readonly me: FakeMe;
  url = '';
  port = 0;

  private readonly server: http.Server;
  private latencyMs: number;
  private readonly now: () => number;
  private rateLimit: number | undefined;
  private rateMode: LimiterMode;
  private readonly rateHeaderStyle: RateHeaderStyle;
  private readonly rateBurst: number | undefined;
  private readonly rateWindowSeconds: number | undefined;
  private readonly rateGroups: 'key' | 'endpoint';
  private readonly rateByEndpoint: Record<string, number>;
  private readonly limiters = new Map<string, KeyLimiter>();
  private readonly neighbour: Neighbour;
  private readonly organization: { limiter: KeyLimiter; perSecond: number; others: Neighbour } | undefined;
  private fault: FaultState;
  private readonly pending = new Set<http.ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly maxLimit: number;
  private readonly leadMaxLimit: number;
  private readonly maxSkip: number | undefined;
  private readonly leadMaxSkip: number | undefined;
  private readonly generator: GeneratorContext;
  /** The generator's domain for each lead, in the order of the leads (new leads go first). */
  private readonly leadDomains: string[];
  private readonly seed: number;
  private readonly keepAlive: boolean;
  private closed = false;
  private leadIds = new Map<string, string>();
  readonly second: FakeTenant | undefined;

  constructor(
    readonly dataset: FakeDataset,
    readonly apiKey: string,
    options: FakeCloseOptions,
  ) {
    this.seed = options.seed ?? 1;
    this.keepAlive = options.keepAlive ?? true;
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? Date.now;
    this.rateLimit = options.rateLimitPerSecond;
    this.rateMode = options.rateLimitMode ?? 'fixed';
    this.rateHeaderStyle = options.rateHeaderStyle ?? 'close';
    this.rateBurst = options.rateLimitBurst;
    this.rateWindowSeconds = options.rateLimitWindowSeconds;
    this.rateGroups = options.rateLimitGroups ?? 'key';
    this.rateByEndpoint = options.rateLimitByEndpoint ?? {};
    this.neighbour = new Neighbour(options.neighbourPerSecond ?? 0, () => !this.countRequest(this, 'contact').limited);
    const org = options.organizationLimit;
    if (org) {
      const limiter = createKeyLimiter(this.rateMode, org.perSecond, undefined, this.rateWindowSeconds);
      this.organization = { limiter, perSecond: org.perSecond, others: new Neighbour(org.othersPerSecond ?? 0, () => limiter.take(this.now()).admitted) };
    }
    this.maxLimit = options.maxLimit ?? 100;
    this.leadMaxLimit = options.leadMaxLimit ?? 200;
    this.maxSkip = options.maxSkip;
    this.leadMaxSkip = options.leadMaxSkip;
    this.fault = this.freshFaultState({});
    // New contacts inserted by mutateBetweenPages come from the same generator, seeded apart.
    const first = dataset.contacts[0];
    this.leadDomains = dataset.leads.map(() => 'example.com');
    const context = createContext(0, this.seed + 7919);
    this.generator = {
      ...context,
      // Contacts that appear later belong to the same organization as the others.
      organizationId: first?.organization_id ?? context.organizationId,
      leads: dataset.leads,
      leadDomains: this.leadDomains,
    };
    const orgId = first ? first.organization_id : this.generator.organizationId;
    const organizations = [{ id: orgId, name: 'Example Sales Org' }];
    const user = {
      id: first?.created_by ?? this.generator.users[0] ?? 'user_fake',
      email: 'sam.seller@example.com',
      first_name: 'Sam',
      last_name: 'Seller',
      organizations,
    };
    const withOrg = (id: string): FakeMe => (options.meWithoutOrganizationId ? { ...user } : { ...user, organization_id: id });
    this.me = withOrg(orgId);
    const other = options.secondOrganization;
    if (other) {
      const count = other.contacts ?? 50;
      const otherData = generateDataset(count, Math.max(1, Math.round(count / 5)), other.seed ?? this.seed + 1);
      const otherOrg = otherData.contacts[0]?.organization_id ?? createContext(0, other.seed ?? this.seed + 1).organizationId;
      organizations.push({ id: otherOrg, name: other.name ?? 'Second Sales Org' });
      this.second = { apiKey: other.apiKey, dataset: otherData, me: withOrg(otherOrg) };
    }
    this.server = http.createServer((req, res) => this.handle(req, res));
    // Longer than any client keeps an idle socket, so a client never reuses one the server just closed.
    this.server.keepAliveTimeout = 65_000;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.port = address.port;
        this.url = `http://127.0.0.1:${address.port}${API_PREFIX}`;
        this.neighbour.start();
        this.organization?.others.start();
        resolve();
      });
    });
  }

  setFaults(faults: FakeFaults): void {
    this.fault = this.freshFaultState(faults);
  }

  get mutations(): FakeMutations {
    return this.fault.mutations;
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  setRateLimit(perSecond: number | undefined, mode?: LimiterMode): void {
    this.rateLimit = perSecond;
    this.rateMode = mode ?? this.rateMode;
    this.limiters.clear();
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  goOffline(): Promise<void> {
    return this.server.listening ? this.stopListening() : Promise.resolve();
  }

  goOnline(): Promise<void> {
    return this.server.listening || this.closed ? Promise.resolve() : this.listen(this.port);
  }

  get neighbourCounts(): NeighbourCounts {
    return { ...this.neighbour.counts };
  }

  /** The requests of the organization's other keys (option `organizationLimit`) so far. */
  get organizationOthersCounts(): NeighbourCounts {
    return { ...(this.organization?.others.counts ?? { admitted: 0, refused: 0 }) };
  }

  close(): Promise<void> {
    this.closed = true;
    this.neighbour.stop();
    this.organization?.others.stop();
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    return this.stopListening();
  }

  /** Ends every open request and connection and stops listening (the port is then refused). */
  private stopListening(): Promise<void> {
    for (const res of this.pending) {
      res.socket?.destroy();
    }
    this.pending.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private freshFaultState(faults: FakeFaults): FaultState {
    return {
      faults,
      counter: 0,
      contactPages: 0,
      byLeadListings: 0,
      rng: new Rng(this.seed * 31 + 17),
      mutations: { inserted: [], deleted: [], leadsCreated: [] },
      failSkip: faults.failSkip ? new Budget(faults.failSkip.times) : undefined,
      hang: faults.hang ? new Budget(faults.hang.times) : undefined,
      malformed: faults.malformed ? new Budget(faults.malformed.times) : undefined,
      oversized: faults.oversizedBody ? new Budget(faults.oversizedBody.times) : undefined,
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = authKind(req.headers.authorization);
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: queryRecord(url.searchParams),
      status: 0,
      at: Date.now(),
      authorization: auth.kind,
      host: req.headers.host ?? '',
      tenant: auth.key === undefined ? undefined : auth.key === this.apiKey ? 'first' : auth.key === this.second?.apiKey ? 'second' : 'unknown',
    };
    this.requests.push(record);
    this.pending.add(res);
    res.on('close', () => this.pending.delete(res));
    // Drain any request body so keep-alive keeps working.
    req.resume();

    const state = this.fault;
    const faults = state.faults;
    state.counter++;
    const n = state.counter;

    if (faults.dropRate !== undefined && state.rng.next() < faults.dropRate) {
      this.later(() => req.socket.destroy());
      return;
    }
    if (faults.hang && matchesPath(url.pathname, faults.hang.path) && state.hang?.take()) {
      return; // never answered; close() ends it
    }

    const tenant: FakeTenant | undefined =
      auth.key === undefined ? undefined : auth.key === this.apiKey ? this : auth.key === this.second?.apiKey ? this.second : undefined;
    const revoked = faults.revokeAfter !== undefined && n > faults.revokeAfter;
    if (!tenant || revoked) {
      this.send(res, record, errorReply(401, 'Unauthorized'), this.peekRateHeaders(auth.key));
      return;
    }

    if (faults.forbid && matchesPath(url.pathname, faults.forbid.path)) {
      this.send(res, record, errorReply(403, 'You do not have permission to access this resource.'), this.peekRateHeaders(auth.key));
      return;
    }
    const endpoint = endpointOf(url.pathname);
    const rate = this.countRequest(tenant, endpoint);
    if (rate.limited) {
      this.send(res, record, this.tooMany(rate.limit, rate.reset), rate.headers);
      return;
    }
    if (faults.every429 && faults.every429.every > 0 && n % faults.every429.every === 0) {
      const reset = Math.max(1, Math.round(faults.every429.retryAfterSeconds));
      const limit = this.rateLimit ?? UNLIMITED_RATE;
      const headers: Record<string, string> = rate.headers.RateLimit === undefined ? {} : { RateLimit: `limit=${limit}, remaining=0, reset=${reset}` };
      this.send(res, record, this.tooMany(limit, reset, faults.every429.retryAfterSeconds), headers);
      return;
    }
    if (faults.failRate && faults.failRate.statuses.length > 0 && state.rng.next() < faults.failRate.rate) {
      const status = faults.failRate.statuses[state.rng.int(faults.failRate.statuses.length)] as number;
      this.send(res, record, serverErrorReply(status), rate.headers);
      return;
    }

    let reply = this.route(req.method ?? 'GET', url, state, tenant);
    if (reply.status === 200 && faults.malformed && matchesPath(url.pathname, faults.malformed.path) && state.malformed?.take()) {
      reply = malformedReply(faults.malformed.kind, url.pathname);
    }
    const oversized = faults.oversizedBody;
    const skipMatches = oversized?.skip === undefined || url.searchParams.get('_skip') === String(oversized.skip);
    if (reply.status === 200 && oversized && matchesPath(url.pathname, oversized.path) && skipMatches && state.oversized?.take()) {
      this.later(() => this.streamOversized(res, record, oversized, rate.headers));
      return;
    }
    this.send(res, record, reply, rate.headers);
  }

  private route(method: string, url: URL, state: FaultState, tenant: FakeTenant): Reply {
    const pathname = url.pathname;
    if (!pathname.startsWith(API_PREFIX + '/')) {
      return errorReply(404, `Not found: ${pathname}. Close API paths start with ${API_PREFIX}/ and end with /.`);
    }
    const parts = pathname.slice(API_PREFIX.length + 1).split('/');
    // Close's paths end with '/', so the last part is always empty.
    if (parts[parts.length - 1] !== '' || parts.slice(0, -1).some((p) => p === '')) {
      return errorReply(404, `Not found: ${pathname}. Close API paths end with /.`);
    }
    const segments = parts.slice(0, -1).map(decodeSegment);
    const known =
      (segments.length === 1 && ['contact', 'lead', 'me'].includes(segments[0] as string)) ||
      (segments.length === 2 && ['contact', 'lead'].includes(segments[0] as string));
    if (!known) {
      return errorReply(404, `Not found: ${pathname}.`);
    }
    if (method !== 'GET') {
      return errorReply(405, `The method ${method} is not allowed for this resource.`);
    }
    const query = url.searchParams;
    const [resource, id] = segments as [string, string | undefined];
    if (resource === 'me') {
      return json(200, tenant.me);
    }
    const data = tenant.dataset;
    if (resource === 'contact') {
      return id === undefined ? this.listContacts(query, state, data) : this.getOne(data.contacts.find((c) => c.id === id), 'Contact', id, query);
    }
    return id === undefined ? this.listLeads(query, data) : this.getOne(data.leads.find((l) => l.id === id), 'Lead', id, query);
  }

  private getOne(record: object | undefined, kind: string, id: string, query: URLSearchParams): Reply {
    if (!record) {
      return errorReply(404, `${kind} matching id ${id} does not exist.`);
    }
    return json(200, project(record, readFields(query)));
  }

  private listContacts(query: URLSearchParams, state: FaultState, data: FakeDataset): Reply {
    const limit = readInt(query, '_limit', 100, this.maxLimit, 'limit');
    if ('error' in limit) {
      return limit.error;
    }
    const skip = readInt(query, '_skip', 0, this.maxSkip, 'skip');
    if ('error' in skip) {
      return skip.error;
    }
    const failSkip = state.faults.failSkip;
    if (failSkip && failSkip.skip === skip.value && state.failSkip?.take()) {
      return serverErrorReply(failSkip.status);
    }
    const failByLead = state.faults.failByLead;
    if (failByLead && query.has('lead_id') && ++state.byLeadListings >= failByLead.from) {
      return serverErrorReply(failByLead.status);
    }
    const leadId = data === this.dataset ? this.canonicalLeadId(query.get('lead_id')) : query.get('lead_id');
    if (data === this.dataset) {
      this.mutate(state, skip.value, leadId);
    }
    const fields = readFields(query);
    const all = data.contacts;
    const page: Contact[] = [];
    let hasMore = false;
    if (leadId === null) {
      const end = Math.min(all.length, skip.value + limit.value);
      for (let i = skip.value; i < end; i++) {
        page.push(all[i] as Contact);
      }
      hasMore = skip.value + limit.value < all.length;
    } else {
      let seen = 0;
      for (const contact of all) {
        if (contact.lead_id !== leadId) {
          continue;
        }
        if (seen >= skip.value) {
          if (page.length === limit.value) {
            hasMore = true;
            break;
          }
          page.push(contact);
        }
        seen++;
      }
    }
    return json(200, { has_more: hasMore, data: fields ? page.map((c) => project(c, fields)) : page });
  }

  /**
   * The lead's own id string when the lead is known: contacts share that very string, so
   * the scan compares by identity (several times faster over 100,000 contacts).
   */
  private canonicalLeadId(leadId: string | null): string | null {
    if (leadId === null) {
      return null;
    }
    const leads = this.dataset.leads;
    if (this.leadIds.size !== leads.length) {
      this.leadIds = new Map(leads.map((l) => [l.id, l.id]));
    }
    return this.leadIds.get(leadId) ?? leadId;
  }

  private listLeads(query: URLSearchParams, data: FakeDataset): Reply {
    const limit = readInt(query, '_limit', 100, this.leadMaxLimit, 'limit');
    if ('error' in limit) {
      return limit.error;
    }
    const skip = readInt(query, '_skip', 0, this.leadMaxSkip, 'skip');
    if ('error' in skip) {
      return skip.error;
    }
    const fields = readFields(query);
    const page: Lead[] = data.leads.slice(skip.value, skip.value + limit.value);
    return json(200, {
      has_more: skip.value + limit.value < data.leads.length,
      data: fields ? page.map((l) => project(l, fields)) : page,
    });
  }

  /** mutateBetweenPages: see MutatePlan. */
  private mutate(state: FaultState, skip: number, leadId: string | null): void {
    const plan = state.faults.mutateBetweenPages;
    if (!plan) {
      return;
    }
    state.contactPages++;
    const page = state.contactPages;
    if (plan.fromSkip !== undefined && skip < plan.fromSkip) {
      return;
    }
    const deleting = (plan.deleteEvery !== undefined && plan.deleteEvery > 0 && page % plan.deleteEvery === 0) || (plan.deleteOn?.includes(page) ?? false);
    if (deleting) {
      this.deleteSome(state, plan, skip, leadId);
    }
    if (plan.insertEvery && page % plan.insertEvery === 0) {
      this.insertOne(state, plan.insertAt ?? 'front', plan.newLead ?? false);
    }
  }

  private deleteSome(state: FaultState, plan: MutatePlan, skip: number, leadId: string | null): void {
    const contacts = this.dataset.contacts;
    // Positions in the list the request pages through (a lead's contacts with lead_id).
    const listed: number[] = [];
    contacts.forEach((c, i) => {
      if (leadId === null || c.lead_id === leadId) {
        listed.push(i);
      }
    });
    const count = Math.max(0, plan.deleteCount ?? 1);
    const at = plan.deleteAt ?? 'front';
    const chosen = new Set<number>();
    const size = listed.length;
    for (let n = 0; n < count && chosen.size < size; n++) {
      let position: number | undefined;
      switch (at) {
        case 'front':
          position = n;
          break;
        case 'end':
          position = size - 1 - n;
          break;
        case 'seam':
          position = skip > 0 && skip - n >= 0 ? Math.min(skip, size - 1) - n : undefined;
          break;
        case 'listed':
          position = skip > 0 ? state.rng.int(Math.min(skip, size)) : undefined;
          break;
        case 'random':
          position = state.rng.int(size);
          break;
      }
      if (position === undefined || position < 0) {
        break;
      }
      chosen.add(listed[position] as number);
    }
    const indexes = [...chosen].sort((a, b) => b - a);
    for (const i of indexes) {
      const [gone] = contacts.splice(i, 1);
      if (gone) {
        state.mutations.deleted.push(gone.id);
      }
    }
  }

  private insertOne(state: FaultState, at: 'front' | 'random' | 'end', newLead: boolean): void {
    const contacts = this.dataset.contacts;
    let index = 0;
    const first = contacts[0];
    const before = first ? Date.parse(first.date_created) - 1000 : Date.UTC(2019, 0, 1);
    let created = Number.isNaN(before) ? 0 : before;
    const last = contacts[contacts.length - 1];
    if (at === 'end' && last) {
      index = contacts.length;
      created = Date.parse(last.date_created) + 1000;
    }
    if (at === 'random' && contacts.length > 1) {
      // Between two neighbours whose creation times leave room, so the list stays in order.
      const i = 1 + state.rng.int(contacts.length - 1);
      const low = Date.parse((contacts[i - 1] as Contact).date_created);
      const high = Date.parse((contacts[i] as Contact).date_created);
      if (high - low >= 2) {
        index = i;
        created = Math.floor((low + high) / 2);
      }
    }
    const contact = makeContact(this.generator, created);
    if (index === 0 && first && compareContacts(contact, first) >= 0) {
      contact.date_created = iso(0);
    }
    if (newLead) {
      const { lead } = makeLead(state.rng, this.dataset.leads.length, []);
      // The generator reads the same array: its domains stay in step.
      this.dataset.leads.unshift(lead);
      this.leadDomains.unshift('example.com');
      contact.lead_id = lead.id;
      state.mutations.leadsCreated.push(lead.id);
    }
    contacts.splice(index, 0, contact);
    state.mutations.inserted.push(contact.id);
  }

  private tooMany(limit: number, reset: number, retryAfter: number = reset): Reply {
    const window = this.rateWindowSeconds ?? 1;
    return json(
      429,
      {
        error: {
          rate_reset: reset,
          message: `API call count exceeded for this ${window} second period`,
          rate_limit: Math.round(limit * window),
          rate_window: window,
        },
      },
      { 'Retry-After': String(Math.max(0, Math.ceil(retryAfter))) },
    );
  }

  private limiterFor(key: string, keep = true, perSecond = this.rateLimit): KeyLimiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = createKeyLimiter(perSecond === undefined ? 'fixed' : this.rateMode, perSecond ?? UNLIMITED_RATE, this.rateBurst, perSecond === undefined ? 1 : this.rateWindowSeconds);
      if (keep) {
        this.limiters.set(key, limiter);
      }
    }
    return limiter;
  }

  /** Counts a request of this tenant to this endpoint: under its key, or its key's endpoint group. */
  private countRequest(tenant: FakeTenant, endpoint: string): ReturnType<FakeCloseServer['countRate']> {
    const rate = this.rateGroups === 'endpoint' ? this.countRate(`${tenant.apiKey} ${endpoint}`, this.rateByEndpoint[endpoint]) : this.countRate(tenant.apiKey);
    const org = this.organization;
    if (!org || tenant !== this) {
      return rate;
    }
    // A request the key's limit refused never reaches the organization's count.
    const verdict = rate.limited ? { admitted: true, waitSeconds: 0, header: org.limiter.peek(this.now()) } : org.limiter.take(this.now());
    const headers = rate.headers.RateLimit === undefined || verdict.header === undefined ? rate.headers : { RateLimit: `${rate.headers.RateLimit}, ${verdict.header}` };
    if (verdict.admitted) {
      return { ...rate, headers };
    }
    return { limited: true, limit: org.perSecond, reset: Math.max(1, Math.ceil(verdict.waitSeconds - 1e-9)), headers };
  }

  /** Counts one request for the key. `reset`: whole seconds until a refused request may go. */
  private countRate(key: string, perSecond = this.rateLimit): { limited: boolean; limit: number; reset: number; headers: Record<string, string> } {
    const verdict = this.limiterFor(key, true, perSecond).take(this.now());
    const limit = perSecond ?? UNLIMITED_RATE;
    const headers: Record<string, string> = verdict.header === undefined ? {} : { RateLimit: verdict.header };
    const limited = perSecond !== undefined && !verdict.admitted;
    return { limited, limit, reset: Math.max(1, Math.ceil(verdict.waitSeconds - 1e-9)), headers };
  }

  /** RateLimit headers without counting (401s). */
  private peekRateHeaders(key: string | undefined): Record<string, string> {
    const header = this.limiterFor(key ?? '', false).peek(this.now());
    return header === undefined ? {} : { RateLimit: header };
  }

  private later(fn: () => void): void {
    if (this.latencyMs <= 0) {
      fn();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, this.latencyMs);
    this.timers.add(timer);
  }

  private send(res: http.ServerResponse, record: RequestRecord, reply: Reply, rateHeaders: Record<string, string>): void {
    this.later(() => {
      if (this.closed || res.destroyed || res.writableEnded) {
        return;
      }
      record.status = reply.status;
      const body = Buffer.from(reply.body, 'utf8');
      res.writeHead(reply.status, {
        'Content-Type': `${reply.contentType}; charset=utf-8`,
        'Content-Length': String(body.length),
        ...(this.keepAlive ? {} : { Connection: 'close' }),
        ...styleRateHeaders(this.bogusWaits({ ...rateHeaders, ...(reply.headers ?? {}) }, reply.status), this.rateHeaderStyle),
      });
      res.end(body);
    });
  }

  /** bogusReset: the same headers with `reset` (and maybe Retry-After) made nonsense. */
  private bogusWaits(headers: Record<string, string>, status: number): Record<string, string> {
    const plan = this.fault.faults.bogusReset;
    if (!plan || ((plan.on ?? 'all') === '429' && status !== 429)) {
      return headers;
    }
    const out = { ...headers };
    const honest = /reset=([0-9.]+)/.exec(out.RateLimit ?? '');
    // unix: when the current window ends, in whole Unix seconds, as such a server would send it.
    const endsAt = this.limiterFor(this.apiKey).resetAt(this.now());
    const value = bogusValue(plan.kind, honest ? Number(honest[1]) : 1, endsAt);
    if (out.RateLimit !== undefined) {
      out.RateLimit = out.RateLimit.replace(/reset=[^,]*/, `reset=${value}`);
    }
    if (plan.retryAfter && status === 429) {
      out['Retry-After'] = value;
    }
    return out;
  }

  private streamOversized(res: http.ServerResponse, record: RequestRecord, plan: NonNullable<FakeFaults['oversizedBody']>, rateHeaders: Record<string, string>): void {
    if (this.closed || res.destroyed || res.writableEnded) {
      return;
    }
    record.status = 200;
    record.bodyBytes = 0;
    const tail = Buffer.from('{"has_more": false, "data": []}', 'utf8');
    const padding = Buffer.alloc(64 * 1024, 0x20);
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      ...(plan.gzip ? { 'Content-Encoding': 'gzip' } : { 'Content-Length': String(Math.max(plan.bytes, tail.length)) }),
      ...this.bogusWaits(rateHeaders, 200),
    });
    const gzip = plan.gzip ? zlib.createGzip({ level: 9 }) : undefined;
    if (gzip) {
      gzip.pipe(res);
    }
    const target: NodeJS.WritableStream = gzip ?? res;
    let left = Math.max(0, plan.bytes - tail.length);
    let stopped = false;
    res.on('close', () => {
      stopped = true;
      gzip?.destroy();
    });
    const write = (): void => {
      while (!stopped && left > 0) {
        const n = Math.min(left, padding.length);
        left -= n;
        record.bodyBytes = (record.bodyBytes ?? 0) + n;
        if (!target.write(n === padding.length ? padding : padding.subarray(0, n))) {
          target.once('drain', write);
          return;
        }
      }
      if (!stopped) {
        record.bodyBytes = (record.bodyBytes ?? 0) + tail.length;
        target.end(tail);
      }
    };
    write();
  }
}

function bogusValue(kind: BogusResetKind, honestReset: number, endsAtMs: number): string {
  switch (kind) {
    case 'unix':
      return String(Math.ceil(endsAtMs / 1000));
    case 'negative':
      return String(-Math.max(1, honestReset));
    case 'huge':
      return '1000000000000000';
    case 'nonNumeric':
      return 'soon';
  }
}

function malformedReply(kind: 'json' | 'html' | 'shape', pathname: string): Reply {
  if (kind === 'html') {
    return { status: 200, body: NGINX_502, contentType: 'text/html' };
  }
  if (kind === 'json') {
    return { status: 200, body: '{"has_more": true, "data": [{"id": "cont_trunc', contentType: 'application/json' };
  }
  const isList = /\/(contact|lead)\/$/.test(pathname);
  return json(200, isList ? { data: 'not a list', has_more: 'maybe' } : ['not', 'an', 'object']);
}

export async function startFakeClose(options: FakeCloseOptions = {}): Promise<FakeClose> {
  const count = options.contacts ?? 200;
  const dataset =
    options.dataset ?? generateDataset(count, options.leads ?? Math.max(1, Math.round(count / 5)), options.seed ?? 1);
  const server = new FakeCloseServer(dataset, options.apiKey ?? DEFAULT_API_KEY, options);
  await server.listen(options.port ?? 0);
  return server;
}
