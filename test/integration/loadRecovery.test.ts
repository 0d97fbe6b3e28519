// Faults the load recovers from, or reports without losing what it had, in the real extension
// host (the fault scenarios of faults.test.ts complement these).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ContactsController } from '../../src/model/contactsController';
import { controllerOf, ensureSignedIn, getApi, requestsSeen, resetRequests, serverDataset, setFaults, waitUntil } from './helpers';

const PAGE_SIZE = 20;

async function setPageSize(value: number | undefined): Promise<void> {
  const api = await getApi();
  const before = controllerOf(api);
  await vscode.workspace.getConfiguration('closeCrm').update('pageSize', value, vscode.ConfigurationTarget.Global);
  // A settings change rebuilds the session and reloads.
  await waitUntil(() => controllerOf(api) !== before && controllerOf(api)?.status.phase === 'complete', 'the reload after a settings change');
}

async function refreshed(): Promise<ContactsController> {
  const api = await getApi();
  await vscode.commands.executeCommand('closeCrm.refresh');
  await api.whenIdle();
  return api.controller;
}

describe('load recovery in the real VS Code', () => {
  before(async () => {
    await ensureSignedIn(await getApi());
    await setPageSize(PAGE_SIZE);
  });
  afterEach(async () => {
    await setFaults({});
    const c = await refreshed();
    assert.strictEqual(c.status.phase, 'complete', 'the load did not recover once the fault was cleared');
  });
  after(async () => setPageSize(undefined));

  it('429 on every third request (Retry-After): the load completes, nothing lost or repeated', async () => {
    const { contacts } = await serverDataset();
    await resetRequests();
    await setFaults({ every429: { every: 3, retryAfterSeconds: 1 } });
    const c = await refreshed();
    assert.strictEqual(c.status.phase, 'complete', c.status.error?.message);
    assert.strictEqual(c.model.size, contacts.length);
    const ids = [...c.model.all()].map((x) => x.id);
    assert.strictEqual(new Set(ids).size, ids.length, 'a contact is repeated');
    assert.deepStrictEqual([...ids].sort(), contacts.map((x) => x.id).sort(), 'the loaded contacts differ from the server\'s');
    assert.ok((await requestsSeen()).some((r) => r.status === 429), 'the fault did not fire');
  });

  it('an HTML error page from a proxy: a clear error, no crash, earlier data kept', async () => {
    const api = await getApi();
    const before = api.controller.model.size;
    await setFaults({ malformed: { kind: 'html', path: '/contact/' } });
    const c = await refreshed();
    assert.notStrictEqual(c.status.phase, 'complete');
    assert.strictEqual(c.status.error?.kind, 'badResponse', `error ${c.status.error?.kind}: ${c.status.error?.message}`);
    assert.doesNotMatch(c.status.error?.message ?? '', /<html|status code \d+$/i);
    assert.strictEqual(c.model.size, before, 'earlier contacts were dropped');
    assert.ok((api.viewText().message ?? '').length > 0, 'the view says nothing about the failure');
  });
});
