import * as assert from 'assert';
import * as vscode from 'vscode';
import { controllerOf, fakeEnv, getApi, requestsSeen, resetRequests, serverDataset, signIn, waitUntil } from './helpers';

const WRONG_KEY = 'api_wrong_key_0000000000000000';

describe('API key in SecretStorage', () => {
  it('Set API Key with a valid key (padded with spaces) checks it against /me/, stores it and loads contacts', async () => {
    const api = await getApi();
    const { contacts } = await serverDataset();
    await resetRequests();
    const saved = await vscode.commands.executeCommand<boolean>('closeCrm.setApiKey', `  ${fakeEnv().key}\n`);
    assert.strictEqual(saved, true);
    await waitUntil(() => controllerOf(api)?.status.phase === 'complete', 'the load after sign-in');
    assert.strictEqual(api.controller.model.size, contacts.length);
    const seen = await requestsSeen();
    assert.ok(seen.some((r) => r.path.endsWith('/me/') && r.authorization === 'basic' && r.status === 200), 'the key was not checked with GET /me/');
    assert.ok(seen.every((r) => r.authorization === 'basic'), 'a request went out without the (trimmed) key');
  });

  it('rejects a key Close refuses and keeps using the stored one', async () => {
    const api = await getApi();
    const before = api.controller;
    await resetRequests();
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('closeCrm.setApiKey', WRONG_KEY), false);
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(api.controller, before, 'a rejected key rebuilt the session');
    assert.strictEqual(api.controller.status.phase, 'complete', api.controller.status.error?.message);
    const seen = await requestsSeen();
    const wrong = seen.filter((r) => r.status === 401);
    assert.deepStrictEqual(wrong.map((r) => r.path.replace(/^\/api\/v1/, '')), ['/me/'], 'the rejected key was used beyond the /me/ check');
    assert.ok(seen.some((r) => r.path.endsWith('/contact/') && r.authorization === 'basic'), 'refresh did not use the stored key');
  });

  it('Sign Out deletes the key and every loaded contact, and the tree empties', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('closeCrm.signOut');
    await waitUntil(() => (controllerOf(api)?.model.size ?? 0) === 0, 'the store to empty');
    await waitUntil(async () => (await api.snapshotTree(1)).length === 0, 'the tree to empty');
    await resetRequests();
    // With no key stored, a refresh sends nothing to Close.
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(controllerOf(api)?.model.size ?? 0, 0);
    assert.deepStrictEqual((await requestsSeen()).map((r) => r.path), []);
  });

  it('does not store a rejected key when signed out', async () => {
    const api = await getApi();
    await resetRequests();
    await vscode.commands.executeCommand('closeCrm.setApiKey', WRONG_KEY);
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(controllerOf(api)?.model.size ?? 0, 0);
    assert.deepStrictEqual(await api.snapshotTree(1), []);
    const paths = (await requestsSeen()).map((r) => r.path.replace(/^\/api\/v1/, ''));
    assert.deepStrictEqual(paths, ['/me/'], 'a rejected key was stored and used');
  });

  it('signs in again for the suites that follow', async () => {
    const api = await getApi();
    await signIn(api);
    assert.ok(api.controller.model.size > 0);
  });
});
