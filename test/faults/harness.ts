// Shared plumbing of the fault scenarios: a fresh fake Close server per scenario, the real
// client and controller with short timings, counters for unhandled errors, and the checks
// that decide whether a row reads "as expected".
import { CloseClient, type CloseClientOptions, type ListLeadsParams } from '../../src/close/client';
import type { Contact, Lead, ListContactsParams, ListResponse } from '../../src/close/types';
import { ContactsController, type ContactsControllerOptions } from '../../src/model/contactsController';
import type { ContactsModel } from '../../src/model/contactsModel';
import { startFakeClose, type FakeClose, type FakeCloseOptions } from '../fake/server';

export interface Check {
  name: string;
  ok: boolean;
  /** What was seen, when it matters (always shown for a failed check). */
  detail?: string;
}

export interface ScenarioRow {
  id: number;
  scenario: string;
  outcome: string;
  /** Contacts that should be in the store and are not. */
  lost: number;
  /** Contacts shown more than once in the tree's groups. */
  duplicates: number;
  /** 'unhandledRejection' / 'uncaughtException' seen while the scenario ran. */
  unhandled: number;
  expected: boolean;
  checks: Check[];
  ms: number;
}

export interface ScenarioContext {
  checks: Checks;
  /** Every line the client and controllers logged. */
  logs: string[];
  /** Starts a fake server that is closed when the scenario ends. */
  server(options: FakeCloseOptions): Promise<FakeClose>;
  client(fake: FakeClose, options?: Partial<CloseClientOptions>): CountingClient;
  controller(client: CloseClient, fake: FakeClose, options?: Partial<ContactsControllerOptions>): ContactsController;
  /** Closed and disposed at the end too. */
  track<T extends { dispose(): void }>(value: T): T;
}

export interface ScenarioResult {
  outcome: string;
  lost: number;
  duplicates: number;
}

export interface Scenario {
  id: number;
  name: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

/** The real client, with a count of its requests in flight (and which were superseded). */
export class CountingClient extends CloseClient {
  readonly inFlight = new Set<AbortSignal | undefined>();
  /** Every page asked for, with when. */
  readonly calls: { at: number; what: string }[] = [];
  /** Largest number of requests in flight for a load not yet cancelled, since `mark()`. */
  maxLive = 0;
  /** Calls not yet settled (`inFlight` counts signals, which calls may share). */
  open = 0;
  private marked = false;

  mark(): void {
    this.marked = true;
    this.maxLive = 0;
  }

  override listContacts(params: ListContactsParams, signal?: AbortSignal): Promise<ListResponse<Contact>> {
    return this.count(signal, `contacts skip ${params.skip ?? 0}`, () => super.listContacts(params, signal));
  }

  override listLeads(params: ListLeadsParams, signal?: AbortSignal): Promise<ListResponse<Lead>> {
    return this.count(signal, `leads skip ${params.skip ?? 0}`, () => super.listLeads(params, signal));
  }

  private async count<T>(signal: AbortSignal | undefined, what: string, call: () => Promise<T>): Promise<T> {
    this.calls.push({ at: Date.now(), what });
    const token = signal ?? new AbortController().signal;
    this.inFlight.add(token);
    this.open++;
    if (this.marked) {
      const live = [...this.inFlight].filter((s) => !s?.aborted).length;
      this.maxLive = Math.max(this.maxLive, live);
    }
    try {
      return await call();
    } finally {
      this.inFlight.delete(token);
      this.open--;
    }
  }
}

export class Checks {
  readonly list: Check[] = [];

  expect(name: string, ok: boolean, detail?: string): boolean {
    this.list.push({ name, ok, detail });
    return ok;
  }

  get allOk(): boolean {
    return this.list.every((c) => c.ok);
  }
}

/** Short timings so each scenario ends in seconds. */
export const FAST_CLIENT: Partial<CloseClientOptions> = {
  timeoutMs: 2000,
  maxAttempts: 5,
  retryBaseDelayMs: 5,
};

// Scenarios run with the extension's own windows; these bound the pages a load keeps in flight.
export { LEAD_WINDOW, MAX_CONTACT_WINDOW } from '../../src/model/controller/core';
const SCENARIO_TIMEOUT_MS = 30_000;

/** Polls until `condition` holds; throws with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Rejects when `promise` takes longer than `ms` (a hung load must not hang the table). */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms.`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets pending callbacks and rejections surface before counting them. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}

export interface StoreAudit {
  /** Ids as the tree shows them: every group's contacts. */
  ids: Set<string>;
  /** Occurrences beyond the first of an id across groups. */
  duplicates: number;
  /** Sum of group counts, contacts listed, and `store.size` agree. */
  consistent: boolean;
  detail: string;
}

export function auditStore(store: ContactsModel): StoreAudit {
  const ids = new Set<string>();
  let listed = 0;
  let counted = 0;
  let duplicates = 0;
  for (const group of store.groups()) {
    counted += group.count;
    for (const c of store.contactsOf(group.leadId)) {
      listed++;
      if (ids.has(c.id)) {
        duplicates++;
      }
      ids.add(c.id);
      if (c.leadId !== group.leadId) {
        duplicates++; // filed under the wrong lead: shown where it does not belong
      }
    }
  }
  const consistent = listed === counted && counted === store.size && ids.size === store.size;
  return { ids, duplicates, consistent, detail: `groups count ${counted}, listed ${listed}, distinct ${ids.size}, store.size ${store.size}` };
}

export function missing(expected: Iterable<string>, actual: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const id of expected) {
    if (!actual.has(id)) {
      out.push(id);
    }
  }
  return out;
}

export function serverIds(fake: FakeClose): string[] {
  return fake.dataset.contacts.map((c) => c.id);
}

/** Path relative to the API root (`/contact/`), as the fault knobs name it. */
export function relativePath(path: string): string {
  return path.startsWith('/api/v1') ? path.slice('/api/v1'.length) : path;
}

/** Requests for a contact page, keyed like `skip=300`. */
export function contactPageRequests(fake: FakeClose, leadId?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of fake.requests) {
    if (relativePath(r.path) !== '/contact/' || (leadId !== undefined && r.query.lead_id !== leadId)) {
      continue;
    }
    const key = `skip=${r.query._skip ?? '0'}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export function sameIds(a: ReadonlySet<string>, b: readonly string[]): { missing: number; extra: number } {
  const bSet = new Set(b);
  return { missing: missing(b, a as Set<string>).length, extra: [...a].filter((id) => !bSet.has(id)).length };
}

export function short(text: string, max = 110): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** Runs one scenario on its own servers and returns its row; never throws. */
export async function runScenario(scenario: Scenario): Promise<ScenarioRow> {
  const started = Date.now();
  const checks = new Checks();
  const logs: string[] = [];
  const servers: FakeClose[] = [];
  const disposables: { dispose(): void }[] = [];
  let unhandled = 0;
  const unhandledSeen: string[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled++;
    unhandledSeen.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
  };
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);

  const ctx: ScenarioContext = {
    checks,
    logs,
    server: async (options) => {
      const fake = await startFakeClose(options);
      servers.push(fake);
      return fake;
    },
    client: (fake, options = {}) =>
      new CountingClient({ baseUrl: fake.url, apiKey: fake.apiKey, ...FAST_CLIENT, log: (line) => logs.push(line), ...options }),
    controller: (client, fake, options = {}) =>
      ctx.track(
        new ContactsController({
          client,
          pageSize: 50,
          organizationId: fake.me.organizations[0]?.id ?? 'orga_fake',
          log: (line) => logs.push(line),
          ...options,
        }),
      ),
    track: (value) => {
      disposables.push(value);
      return value;
    },
  };

  let result: ScenarioResult;
  try {
    result = await within(scenario.run(ctx), SCENARIO_TIMEOUT_MS, `Scenario ${scenario.id}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    checks.expect('the scenario ran to its end', false, message);
    result = { outcome: `harness stopped: ${message}`, lost: 0, duplicates: 0 };
  } finally {
    for (const d of disposables) {
      try {
        d.dispose();
      } catch (err) {
        checks.expect('dispose does not throw', false, String(err));
      }
    }
    await Promise.all(servers.map((s) => s.close()));
    await settle();
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  }

  const keys = new Set(servers.map((s) => s.apiKey));
  const leaked = logs.filter((line) => [...keys].some((key) => line.includes(key)));
  checks.expect('the API key appears in no log line', leaked.length === 0, leaked[0] ? short(leaked[0]) : undefined);
  checks.expect('no unhandled rejection or exception', unhandled === 0, unhandledSeen.slice(0, 3).join(' | ') || undefined);
  checks.expect('no contact lost', result.lost === 0, `${result.lost} lost`);
  checks.expect('no contact shown twice', result.duplicates === 0, `${result.duplicates} duplicates`);

  return {
    id: scenario.id,
    scenario: `${scenario.id} ${scenario.name}`,
    outcome: result.outcome,
    lost: result.lost,
    duplicates: result.duplicates,
    unhandled,
    expected: checks.allOk,
    checks: checks.list,
    ms: Date.now() - started,
  };
}

/** The failed checks of a row, one per line (for assertion messages and the table's notes). */
export function failures(row: ScenarioRow): string {
  return row.checks
    .filter((c) => !c.ok)
    .map((c) => `  - ${c.name}${c.detail ? `: ${c.detail}` : ''}`)
    .join('\n');
}
