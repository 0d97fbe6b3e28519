import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, ensureSignedIn, getApi, serverDataset, waitUntil } from './helpers';

describe('detail panel', () => {
  before(async () => {
    await ensureSignedIn(await getApi());
    await closeAllEditors();
  });
  after(closeAllEditors);

  it('Open Contact opens one panel; opening it again reveals the same panel', async () => {
    const api = await getApi();
    const { contacts } = await serverDataset();
    const c = contacts[0];
    assert.ok(c);
    await vscode.commands.executeCommand('closeCrm.openContact', c.id);
    await waitUntil(() => api.openPanelIds().includes(c.id), 'the panel to open');
    assert.deepStrictEqual(api.openPanelIds(), [c.id]);

    const other = contacts[1];
    assert.ok(other);
    await vscode.commands.executeCommand('closeCrm.openContact', other.id);
    await waitUntil(() => api.openPanelIds().includes(other.id), 'the second panel to open');

    await vscode.commands.executeCommand('closeCrm.openContact', c.id);
    const ids = api.openPanelIds();
    assert.strictEqual(ids.filter((id) => id === c.id).length, 1, 'a second panel was opened for the same contact');
    assert.strictEqual(ids.length, 2);
  });

  it('the panel keeps a strict Content Security Policy', async () => {
    const api = await getApi();
    const { contacts } = await serverDataset();
    const id = contacts[0]?.id ?? '';
    await waitUntil(() => api.panelHtml(id) !== undefined, 'the panel HTML');
    const html = api.panelHtml(id) ?? '';
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[^']+'/);
    assert.doesNotMatch(csp, /unsafe-inline[^;]*script|script-src[^;]*unsafe-inline/);
  });

  it('closing the panel forgets it', async () => {
    const api = await getApi();
    await closeAllEditors();
    await waitUntil(() => api.openPanelIds().length === 0, 'the panels to close');
  });
});
