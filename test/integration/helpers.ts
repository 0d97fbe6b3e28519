// Shared by the suites that run inside the extension host. The fake Close server runs in the
// runner's process; suites reach it by URL (CLOSE_FAKE_URL, CLOSE_FAKE_KEY) and steer it through
// the runner's control port (CLOSE_FAKE_CONTROL).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Contact, Lead, ListResponse } from '../../src/close/types';
import type { ContactsController } from '../../src/model/contactsController';
import type { CloseContactsApi, TreeSnapshotNode } from '../../src/ui/api';
import type { FakeClose, FakeFaults, RequestRecord } from '../fake/server';

export const EXTENSION_ID = 'close-contacts.close-contacts';

export interface FakeEnv {
  url: string;
  key: string;
  control?: string;
}

export function fakeEnv(): FakeEnv {
  const url = process.env.CLOSE_FAKE_URL;
  const key = process.env.CLOSE_FAKE_KEY;
  assert.ok(url && key, 'CLOSE_FAKE_URL and CLOSE_FAKE_KEY must be set by the runner');
  return { url: url.replace(/\/+$/, ''), key, control: process.env.CLOSE_FAKE_CONTROL };
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export async function getApi(): Promise<CloseContactsApi> {
  const ext = extension();
  const exports = ext.isActive ? ext.exports : await ext.activate();
  return exports as CloseContactsApi;
}

/** Polls until `check` holds (no fixed sleeps); fails with `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function authHeader(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

async function getJson<T>(env: FakeEnv, pathAndQuery: string): Promise<T> {
  const res = await fetch(`${env.url}${pathAndQuery}`, { headers: { authorization: authHeader(env.key) } });
  assert.strictEqual(res.status, 200, `fake Close answered ${res.status} to ${pathAndQuery}`);
  return (await res.json()) as T;
}

async function pageAll<T>(env: FakeEnv, route: string): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += 100) {
    const page = await getJson<ListResponse<T>>(env, `${route}?_limit=100&_skip=${skip}`);
    out.push(...page.data);
    if (!page.has_more || page.data.length === 0) return out;
  }
}

export interface Dataset {
  contacts: Contact[];
  leads: Map<string, Lead>;
}

let dataset: Promise<Dataset> | undefined;

/** What the fake server holds, read back over HTTP the way any client would. */
export function serverDataset(): Promise<Dataset> {
  dataset ??= (async () => {
    const env = fakeEnv();
    const [contacts, leads] = await Promise.all([pageAll<Contact>(env, '/contact/'), pageAll<Lead>(env, '/lead/')]);
    return { contacts, leads: new Map(leads.map((l) => [l.id, l])) };
  })();
  return dataset;
}

export function expectedContactLabel(c: Contact): string {
  return c.display_name || c.name || c.emails?.[0]?.email || '(no name)';
}

/** Acceptable lead labels: Close shows `display_name`; `name` is the same field in most payloads. */
export function leadNames(lead: Lead | undefined): string[] {
  return [lead?.display_name, lead?.name].filter((n): n is string => typeof n === 'string' && n.length > 0);
}

/** The controller, or undefined before any key was set (the API's getter throws then). */
export function controllerOf(api: CloseContactsApi): ContactsController | undefined {
  try {
    return api.controller;
  } catch {
    return undefined;
  }
}

export async function signIn(api: CloseContactsApi, key = fakeEnv().key): Promise<void> {
  const saved = await vscode.commands.executeCommand<boolean>('closeCrm.setApiKey', key);
  assert.notStrictEqual(saved, false, 'Set API Key refused the fake server\'s key');
  await waitUntil(() => (controllerOf(api)?.model.size ?? 0) > 0, 'contacts to load after sign-in');
  await api.whenIdle();
}

/** True when the store holds exactly the fixture's contacts and the last load completed. */
async function holdsFixture(api: CloseContactsApi): Promise<boolean> {
  const { contacts } = await serverDataset();
  const c = controllerOf(api);
  return !!c && c.status.phase === 'complete' && c.model.size === contacts.length && contacts.every((x) => c.model.get(x.id) !== undefined);
}

/**
 * Brings the extension back to the fixture's state whatever an earlier suite left: base URL on
 * the runner's fake server, signed in with its key, every contact loaded.
 */
export async function ensureSignedIn(api: CloseContactsApi): Promise<void> {
  const env = fakeEnv();
  const config = vscode.workspace.getConfiguration('closeCrm');
  if (config.get<string>('apiBaseUrl') !== env.url) {
    await config.update('apiBaseUrl', env.url, vscode.ConfigurationTarget.Global);
    await waitUntil(() => vscode.workspace.getConfiguration('closeCrm').get<string>('apiBaseUrl') === env.url, 'the base URL setting');
  }
  await setFaults({});
  await api.whenIdle();
  if (await holdsFixture(api)) return;
  await signIn(api);
  if (!(await holdsFixture(api))) {
    // Same key as before: signing in again does not reload, a refresh does.
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
  }
  await waitUntil(() => holdsFixture(api), "the fixture's contacts to be loaded");
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function flatten(nodes: readonly TreeSnapshotNode[]): TreeSnapshotNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
}

async function control(method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
  const base = fakeEnv().control;
  assert.ok(base, 'CLOSE_FAKE_CONTROL is not set');
  const res = await fetch(`${base}${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.strictEqual(res.status, 200, await res.clone().text());
  return res.json();
}

/** What the fake server has answered since the last `resetRequests()`. */
export async function requestsSeen(): Promise<RequestRecord[]> {
  return (await control('GET', '/requests')) as RequestRecord[];
}

export async function resetRequests(): Promise<void> {
  await control('POST', '/reset-requests');
}

export async function setFaults(faults: FakeFaults): Promise<void> {
  await control('POST', '/faults', faults);
}

export function configuration(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('closeCrm');
}

/** Writes closeCrm.apiBaseUrl (user settings) and resolves once VS Code has told the extension. */
export async function updateBaseUrl(url: string): Promise<void> {
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('closeCrm.apiBaseUrl')) {
        sub.dispose();
        resolve();
      }
    });
  });
  await configuration().update('apiBaseUrl', url, vscode.ConfigurationTarget.Global);
  await changed;
}

/** Points the extension at `url` (if it is not already) and waits until it has reloaded. */
export async function useBaseUrl(api: CloseContactsApi, url: string): Promise<void> {
  if (configuration().get<string>('apiBaseUrl') === url) return;
  await updateBaseUrl(url);
  await api.whenIdle();
}

/** For suites that ran their own fake server: back to the fixture's server, key and contacts. */
export async function backToFixture(api: CloseContactsApi, originalBaseUrl: string | undefined): Promise<void> {
  await useBaseUrl(api, originalBaseUrl ?? fakeEnv().url);
  await signIn(api);
  await waitUntil(() => api.controller.status.phase === 'complete', 'the integration fixture\'s contacts to load again');
}

/** Stops the runner's fake Close listening on its port (connection refused), or starts it again. */
export async function setFakeOnline(online: boolean): Promise<void> {
  await control('POST', online ? '/online' : '/offline');
}

/** What a suite with its own fake Close reaches once its `before` has run. */
export interface OwnFakeClose {
  readonly fake: FakeClose;
  readonly api: CloseContactsApi;
}

/**
 * For a suite that runs its own fake Close (call it inside the `describe`): `before` starts it
 * with `start`, points the extension at it and, with `setKey`, sets its key and waits until all
 * its contacts are loaded; `after` runs `cleanUp`, puts the fixture's server, key and contacts
 * back, and stops the fake.
 */
export function ownFakeClose(start: () => Promise<FakeClose>, options: { setKey: boolean; cleanUp?: () => Promise<unknown> }): OwnFakeClose {
  let fake: FakeClose | undefined;
  let api: CloseContactsApi | undefined;
  let originalBaseUrl: string | undefined;
  before(async () => {
    api = await getApi();
    originalBaseUrl = configuration().inspect<string>('apiBaseUrl')?.globalValue;
    const started = await start();
    fake = started;
    await useBaseUrl(api, started.url);
    if (options.setKey) {
      assert.strictEqual(await vscode.commands.executeCommand<boolean>('closeCrm.setApiKey', started.apiKey), true, "the suite's key was refused");
      const loaded = api;
      await waitUntil(() => controllerOf(loaded)?.status.phase === 'complete' && loaded.controller.model.size === started.dataset.contacts.length, "the suite's contacts to load");
      await api.whenIdle();
    }
  });
  after(async () => {
    await options.cleanUp?.();
    if (api) {
      await backToFixture(api, originalBaseUrl);
    }
    await fake?.close();
  });
  return {
    get fake() {
      return fake ?? assert.fail('the suite’s fake Close has not started');
    },
    get api() {
      return api ?? assert.fail('the suite’s before hook has not run');
    },
  };
}
