// Issue 5, item 16, in the real VS Code: bad input from the user (an empty key, one with spaces
// or a line break, a key Close rejects, a base URL that is not a URL or is plain http:// to
// another machine) gets a clear message and changes nothing: the stored key still works, the
// loaded tree stays, and nothing is sent to Close. Settings are put back after.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CloseContactsApi, TreeSnapshotNode } from '../../src/ui/api';
import { configuration, controllerOf, ensureSignedIn, fakeEnv, getApi, requestsSeen, resetRequests, serverDataset, updateBaseUrl, waitUntil } from './helpers';

type ShowMessage = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/**
 * Records the error and warning notifications the extension shows. Suites and the extension
 * under development share one `vscode` API object, so wrapping it here sees the extension's calls.
 */
function captureMessages(): { messages: string[]; restore(): void } {
  const windowApi = vscode.window as unknown as Record<'showErrorMessage' | 'showWarningMessage', ShowMessage>;
  const originals = { showErrorMessage: windowApi.showErrorMessage, showWarningMessage: windowApi.showWarningMessage };
  const messages: string[] = [];
  for (const name of ['showErrorMessage', 'showWarningMessage'] as const) {
    const original = originals[name];
    windowApi[name] = (message: string, ...rest: unknown[]) => {
      messages.push(message);
      return original.call(vscode.window, message, ...rest);
    };
  }
  return {
    messages,
    restore() {
      windowApi.showErrorMessage = originals.showErrorMessage;
      windowApi.showWarningMessage = originals.showWarningMessage;
    },
  };
}

/** Lead groups only. */
async function leadRows(api: CloseContactsApi): Promise<TreeSnapshotNode[]> {
  return (await api.snapshotTree(1)).filter((n) => n.contextValue === 'closeCrm.lead' || n.contextValue === 'closeCrm.noLead');
}

/**
 * Sets closeCrm.apiBaseUrl and waits until the extension has acted on it: for a usable URL, the
 * view no longer names a problem and everything is loaded (the URL the contacts came from back:
 * no reload needed); for an unusable one, the view names the problem. (`whenIdle` alone is not
 * enough: with no usable URL there is no controller for it to wait on.)
 */
async function setBaseUrl(api: CloseContactsApi, url: string, usable: { problem: RegExp } | 'usable'): Promise<void> {
  await updateBaseUrl(url);
  if (usable === 'usable') {
    await api.whenIdle();
    await waitUntil(
      () => !/closeCrm\.apiBaseUrl/.test(api.viewText().message ?? '') && controllerOf(api)?.status.phase === 'complete',
      `a full load from ${url}`,
    );
  } else {
    await waitUntil(() => usable.problem.test(api.viewText().message ?? ''), 'the view to name the problem with the base URL');
  }
}

/** The stored key still works: a refresh loads everything with it (the fake server takes no other key). */
async function assertStoredKeyWorks(api: CloseContactsApi): Promise<void> {
  const { contacts } = await serverDataset();
  await resetRequests();
  await vscode.commands.executeCommand('closeCrm.refresh');
  await api.whenIdle();
  assert.strictEqual(api.controller.status.phase, 'complete', api.controller.status.error?.message);
  assert.strictEqual(api.controller.model.size, contacts.length);
  const seen = await requestsSeen();
  assert.ok(seen.length > 0 && seen.every((r) => r.status === 200), 'the stored key no longer works');
}

describe('bad input: a clear message, and nothing changes (real VS Code)', function () {
  this.timeout(90_000);
  let capture: ReturnType<typeof captureMessages>;
  let treeBefore: TreeSnapshotNode[] = [];
  let originalBaseUrl: string | undefined;

  before(async () => {
    const api = await getApi();
    await ensureSignedIn(api);
    originalBaseUrl = configuration().inspect<string>('apiBaseUrl')?.globalValue;
    treeBefore = await leadRows(api);
    assert.ok(treeBefore.length > 0, 'nothing loaded before the bad input');
    capture = captureMessages();
  });

  beforeEach(() => {
    capture.messages.length = 0;
  });

  after(async () => {
    capture?.restore();
    const api = await getApi();
    if (configuration().inspect<string>('apiBaseUrl')?.globalValue !== (originalBaseUrl ?? fakeEnv().url)) {
      await setBaseUrl(api, originalBaseUrl ?? fakeEnv().url, 'usable');
    }
    await ensureSignedIn(api);
  });

  const badKeys: { title: string; key: string; says: RegExp }[] = [
    { title: 'an empty key', key: '', says: /empty/i },
    { title: 'a key of spaces only', key: '   ', says: /empty/i },
    { title: 'a key with a space inside', key: 'api_12345 67890abcdef', says: /spaces|line breaks/i },
    { title: 'a key with a line break inside', key: 'api_12345\n67890abcdef', says: /spaces|line breaks/i },
  ];
  for (const bad of badKeys) {
    it(`Set API Key refuses ${bad.title} before asking Close, and keeps the stored key`, async () => {
      const api = await getApi();
      const controller = api.controller;
      await resetRequests();
      const saved = await vscode.commands.executeCommand<boolean>('closeCrm.setApiKey', bad.key);
      assert.strictEqual(saved, false, 'the bad key was accepted');
      await waitUntil(() => capture.messages.length > 0, 'an error message');
      const message = capture.messages.join('\n');
      assert.match(message, bad.says);
      assert.match(message, /Nothing was saved/);
      assert.deepStrictEqual(await requestsSeen(), [], 'a malformed key was sent to Close');
      assert.strictEqual(api.controller, controller, 'the session was rebuilt');
      assert.deepStrictEqual(await leadRows(api), treeBefore, 'the tree changed');
      await assertStoredKeyWorks(api);
    });
  }

  it('Set API Key with a key Close rejects (401) says so, saves nothing and keeps the tree', async () => {
    const api = await getApi();
    const controller = api.controller;
    const rejected = 'api_rejected_by_close_4Xq9Zt0000';
    await resetRequests();
    const saved = await vscode.commands.executeCommand<boolean>('closeCrm.setApiKey', rejected);
    assert.strictEqual(saved, false);
    await waitUntil(() => capture.messages.length > 0, 'an error message');
    const message = capture.messages.join('\n');
    assert.match(message, /rejected/i);
    assert.match(message, /401/);
    assert.match(message, /Nothing was saved/);
    assert.ok(!message.includes(rejected), 'the message repeats the key');
    const seen = await requestsSeen();
    assert.deepStrictEqual(seen.map((r) => `${r.path.replace(/^\/api\/v1/, '')} ${r.status}`), ['/me/ 401'], 'the rejected key was used beyond the /me/ check');
    assert.strictEqual(api.controller, controller, 'the session was rebuilt');
    assert.deepStrictEqual(await leadRows(api), treeBefore, 'the tree changed');
    await assertStoredKeyWorks(api);
  });

  const badUrls: { title: string; url: string; says: RegExp }[] = [
    { title: 'not a URL', url: 'api.close.com/api/v1 (copied from the docs)', says: /not an absolute URL/i },
    { title: 'plain http:// to another machine', url: 'http://example.com/api/v1', says: /http:\/\/ is accepted only for this machine/i },
    { title: 'a ftp:// URL', url: 'ftp://127.0.0.1/api/v1', says: /must start with https:\/\//i },
  ];
  for (const bad of badUrls) {
    it(`a base URL that is ${bad.title}: the view says what to fix, nothing is sent, the tree and key stay`, async () => {
      const api = await getApi();
      try {
        await setBaseUrl(api, bad.url, { problem: bad.says });
        assert.match(api.viewText().message ?? '', /closeCrm\.apiBaseUrl/);
        const rows = await api.snapshotTree(1);
        assert.strictEqual((await leadRows(api)).length, rows.length, 'a row that is not a lead (tree rows are not buttons)');
        assert.deepStrictEqual(api.viewState(), { welcome: '', retryNow: false }, 'rows stay on screen, so no welcome content');
        await resetRequests();
        await vscode.commands.executeCommand('closeCrm.refresh');
        await api.whenIdle();
        await waitUntil(() => capture.messages.length > 0, 'Refresh to say why it cannot load');
        assert.match(capture.messages.join('\n'), bad.says);
        assert.deepStrictEqual((await requestsSeen()).map((r) => r.path), [], 'a request went out with an unusable base URL');
        assert.match(api.viewText().message ?? '', bad.says);
        assert.deepStrictEqual(await leadRows(api), treeBefore, 'the loaded tree was dropped');
      } finally {
        // Putting the setting back is all it takes: the stored key was kept.
        await setBaseUrl(api, originalBaseUrl ?? fakeEnv().url, 'usable');
      }
      // The problem is gone from the view: it is back to the counts of what is loaded.
      assert.match(api.viewText().message ?? '', /^[0-9,]+ contacts in [0-9,]+ leads\.$/);
      assert.deepStrictEqual(await leadRows(api), treeBefore);
      await assertStoredKeyWorks(api);
    });
  }
});
