// Issue 9, point 2, in the real VS Code: every state with no rows to show is welcome content
// chosen by the closeCrm.viewState context key, with one sentence and its buttons; no tree row
// acts as a button. The suite drives the extension into each state against the runner's fake
// Close server (or a fake with no contacts) and checks the state and its contributed content.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CloseContactsApi } from '../../src/ui/api';
import { startFakeClose, type FakeClose } from '../fake/server';
import { configuration, ensureSignedIn, extension, getApi, setFakeOnline, setFaults, signIn, updateBaseUrl, useBaseUrl, waitUntil } from './helpers';

interface WelcomeEntry {
  contents: string;
  when: string;
}

/** The English welcome text and its buttons (lines that are only a command link) for a state. */
function welcomeOf(state: string): { text: string; buttons: string[] } {
  const ext = extension();
  const manifest = ext.packageJSON as { contributes: { viewsWelcome: WelcomeEntry[] } };
  const nls = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const entries = manifest.contributes.viewsWelcome.filter((w) => w.when === `closeCrm.signedIn && closeCrm.viewState == '${state}'`);
  assert.strictEqual(entries.length, 1, `one welcome entry for ${state}`);
  // VS Code hands extensions their manifest with the %keys% already replaced; the file has the keys.
  const contents = entries[0]?.contents ?? '';
  const key = /^%(.+)%$/.exec(contents)?.[1];
  const text = key === undefined ? contents : (nls[key] ?? '');
  const buttons = text
    .split('\n')
    .map((line) => /^\[([^\]]+)\]\(command:([^)?]+)/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} -> ${m[2]}`);
  return { text, buttons };
}

/** The view shows the welcome content of `state`: VS Code shows it only while the view has no message. */
async function assertWelcome(api: CloseContactsApi, state: string): Promise<void> {
  await api.whenIdle();
  assert.strictEqual(api.viewState().welcome, state);
  assert.strictEqual(api.viewText().message, undefined, 'a message hides the welcome content');
  assert.strictEqual((await api.snapshotTree(1)).length, 0, 'no rows: the welcome content shows');
}

/** Empties the tree (and the cache), then refreshes; resolves once the view settled. */
async function fromEmpty(api: CloseContactsApi): Promise<void> {
  await api.controller.clear();
  await vscode.commands.executeCommand('closeCrm.refresh');
  await api.whenIdle();
}

describe('welcome content for each state without rows (real VS Code)', function () {
  this.timeout(120_000);
  let originalBaseUrl: string | undefined;

  before(async () => {
    const api = await getApi();
    await ensureSignedIn(api);
    originalBaseUrl = configuration().get<string>('apiBaseUrl');
  });

  afterEach(async () => {
    await setFakeOnline(true);
    await setFaults({});
  });

  after(async () => {
    const api = await getApi();
    await useBaseUrl(api, originalBaseUrl ?? '');
    await signIn(api);
    await waitUntil(() => api.controller.status.phase === 'complete', 'the fixture to load again');
  });

  it('rows on screen: no welcome state', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.deepStrictEqual(api.viewState(), { welcome: '', retryNow: false });
  });

  it('the key rejected (401) before anything loaded: says so, offers Set API Key', async () => {
    const api = await getApi();
    await setFaults({ revokeAfter: 0 });
    await fromEmpty(api);
    await assertWelcome(api, 'keyRejected');
    const w = welcomeOf('keyRejected');
    assert.match(w.text, /Close rejected the API key/);
    assert.deepStrictEqual(w.buttons, ['Set API Key -> closeCrm.setApiKey']);
  });

  it('Close unreachable before anything loaded: while retrying (Retry Now also in the title), and after', async () => {
    const api = await getApi();
    await api.controller.clear();
    await setFakeOnline(false);
    const refresh = vscode.commands.executeCommand('closeCrm.refresh');
    await waitUntil(() => api.viewState().welcome === 'unreachable', 'the unreachable welcome while retrying', 10_000);
    await waitUntil(() => api.viewState().retryNow, 'Retry Now in the title', 10_000);
    await refresh;
    await api.whenIdle();
    assert.deepStrictEqual(api.viewState(), { welcome: 'unreachable', retryNow: false });
    await assertWelcome(api, 'unreachable');
    const w = welcomeOf('unreachable');
    assert.match(w.text, /can't be reached/);
    assert.deepStrictEqual(w.buttons, ['Retry Now -> closeCrm.retryNow', 'Show Log -> closeCrm.showLog']);
  });

  it('another failure before anything loaded: says it failed, offers Retry and the log', async () => {
    const api = await getApi();
    await setFaults({ failSkip: { skip: 0, status: 500 } });
    await fromEmpty(api);
    await assertWelcome(api, 'failed');
    assert.deepStrictEqual(welcomeOf('failed').buttons, ['Retry -> closeCrm.refresh', 'Show Log -> closeCrm.showLog']);
  });

  it('the first page still loading', async () => {
    const api = await getApi();
    await setFaults({ hang: { path: '/contact/', times: 1 } });
    await api.controller.clear();
    void vscode.commands.executeCommand('closeCrm.refresh');
    await waitUntil(() => api.viewState().welcome === 'loading', 'the loading welcome', 10_000);
    await waitUntil(() => api.viewText().message === undefined, 'no message over the loading welcome', 10_000);
    assert.match(welcomeOf('loading').text, /Loading your Close contacts/);
    await setFaults({});
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(api.viewState().welcome, '');
  });

  it('an unusable closeCrm.apiBaseUrl with nothing loaded: says so, offers Open Settings', async () => {
    const api = await getApi();
    await api.controller.clear();
    await updateBaseUrl('http://close.example.com/api/v1');
    await waitUntil(() => api.viewState().welcome === 'badBaseUrl', 'the bad base URL welcome', 10_000);
    await assertWelcome(api, 'badBaseUrl');
    const w = welcomeOf('badBaseUrl');
    assert.match(w.text, /closeCrm\.apiBaseUrl setting/);
    assert.deepStrictEqual(w.buttons, ['Open Settings -> workbench.action.openSettings']);
    await useBaseUrl(api, originalBaseUrl ?? '');
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(api.viewState().welcome, '');
  });

  describe('an organization with no contacts', () => {
    let empty: FakeClose;
    before(async () => {
      empty = await startFakeClose({ contacts: 0, leads: 0 });
    });
    after(async () => empty.close());

    it('says the organization has no contacts yet, offers Refresh', async () => {
      const api = await getApi();
      await useBaseUrl(api, empty.url);
      await vscode.commands.executeCommand('closeCrm.setApiKey', empty.apiKey);
      await waitUntil(() => api.controller.status.phase === 'complete', 'the empty organization to load');
      await api.whenIdle();
      await assertWelcome(api, 'empty');
      const w = welcomeOf('empty');
      assert.match(w.text, /no contacts yet/);
      assert.deepStrictEqual(w.buttons, ['Refresh Contacts -> closeCrm.refresh']);
    });
  });
});
