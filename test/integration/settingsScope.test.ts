// Issue 8, point 8: settings that change traffic or what is written to disk cannot be set by
// a workspace. A folder's `.vscode/settings.json` (e.g. in a cloned repository) sets pageSize 1,
// requestTimeoutSeconds 1 and cacheContacts false; VS Code ignores them (machine and
// application scope), and the extension keeps paging 100 at a time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { configuration, controllerOf, ensureSignedIn, getApi, requestsSeen, resetRequests, waitUntil } from './helpers';

// A window-scoped setting VS Code does take from the workspace: proof the file was read.
const SENTINEL_TAB_SIZE = 7;

function workspaceSettingsFile(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration runner opens a folder');
  return path.join(folder.uri.fsPath, '.vscode', 'settings.json');
}

function sentinelRead(): boolean {
  return vscode.workspace.getConfiguration('editor').inspect<number>('tabSize')?.workspaceValue === SENTINEL_TAB_SIZE;
}

describe('settings a workspace cannot set', function () {
  this.timeout(120_000);
  let file: string;
  let controllerBefore: unknown;

  before(async () => {
    await ensureSignedIn(await getApi());
    controllerBefore = (await getApi()).controller;
    file = workspaceSettingsFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        'editor.tabSize': SENTINEL_TAB_SIZE,
        'closeCrm.pageSize': 1,
        'closeCrm.requestTimeoutSeconds': 1,
        'closeCrm.cacheContacts': false,
        'closeCrm.refreshOnStartMinutes': 600,
      }),
    );
    await waitUntil(sentinelRead, 'VS Code to read the workspace .vscode/settings.json');
    await (await getApi()).whenIdle();
  });

  after(async () => {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    await waitUntil(() => !sentinelRead(), 'VS Code to forget the workspace settings');
  });

  it('pageSize and requestTimeoutSeconds (machine) and cacheContacts (application) ignore the workspace value', () => {
    const config = configuration();
    for (const [key, scope] of [
      ['pageSize', 'machine'],
      ['requestTimeoutSeconds', 'machine'],
      ['cacheContacts', 'application'],
      ['refreshOnStartMinutes', 'machine'],
    ] as const) {
      const inspected = config.inspect(key);
      assert.strictEqual(inspected?.workspaceValue, undefined, `closeCrm.${key} took the workspace value: is it ${scope}-scoped?`);
      assert.strictEqual(config.get(key), inspected?.globalValue ?? inspected?.defaultValue, `closeCrm.${key}`);
    }
    assert.strictEqual(config.get('pageSize'), 100);
    assert.strictEqual(config.get('cacheContacts'), true);
  });

  it('the extension still pages 100 contacts at a time, and did not reload for the ignored values', async () => {
    const api = await getApi();
    assert.strictEqual(api.controller, controllerBefore, 'the workspace file made the extension reload everything');
    await resetRequests();
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    await waitUntil(() => controllerOf(api)?.status.phase === 'complete', 'the refresh to complete');
    const listings = (await requestsSeen()).filter((r) => r.path.endsWith('/contact/') && r.query.lead_id === undefined);
    assert.ok(listings.length > 0, 'no contact listing was sent');
    assert.deepStrictEqual([...new Set(listings.map((r) => r.query._limit))], ['100'], 'a workspace changed the page size');
  });
});
