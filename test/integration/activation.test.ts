import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { extension, getApi } from './helpers';

interface Manifest {
  contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
}

function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(extension().extensionPath, 'package.json'), 'utf8')) as Manifest;
}

describe('activation', () => {
  it('activates and returns the test API', async () => {
    const api = await getApi();
    assert.strictEqual(extension().isActive, true);
    assert.strictEqual(typeof api.snapshotTree, 'function');
    assert.strictEqual(typeof api.openPanelIds, 'function');
    assert.strictEqual(typeof api.whenIdle, 'function');
    assert.strictEqual(typeof api.viewText, 'function');
  });

  it('registers every command package.json contributes', async () => {
    await getApi();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest().contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  it('registers no closeCrm.* command that package.json does not declare', async () => {
    await getApi();
    const m = manifest();
    const declared = new Set(m.contributes.commands.map((c) => c.command));
    // VS Code itself adds `<viewId>.focus` and friends for every contributed view.
    const viewIds = Object.values(m.contributes.views).flatMap((views) => views.map((v) => v.id));
    const extra = (await vscode.commands.getCommands(true)).filter(
      (id) => id.startsWith('closeCrm.') && !declared.has(id) && !viewIds.some((v) => id.startsWith(`${v}.`)),
    );
    assert.deepStrictEqual(extra, [], `registered but not declared: ${extra.join(', ')}`);
  });
});
