import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { configuration, controllerOf, ensureSignedIn, EXTENSION_ID, getApi, waitUntil } from './helpers';

const CACHE_FOLDER = 'contacts-cache';

/**
 * Folders that hold VS Code's user data for this window: under code-server the runner's temp
 * root (XDG_CONFIG_HOME's parent holds `user-data`), under a desktop VS Code the folder above
 * the code cache.
 */
function userDataRoots(): string[] {
  const roots = new Set<string>();
  const config = process.env.XDG_CONFIG_HOME;
  if (config && fs.existsSync(path.join(path.dirname(config), 'user-data'))) roots.add(path.join(path.dirname(config), 'user-data'));
  const cache = process.env.VSCODE_CODE_CACHE_PATH;
  const at = cache?.indexOf(`${path.sep}CachedData`) ?? -1;
  if (cache && at > 0) roots.add(cache.slice(0, at));
  return [...roots].filter((r) => fs.existsSync(r));
}

/** The extension's global storage folder (`context.globalStorageUri`), found under the user data. */
function globalStorageDir(): string {
  for (const root of userDataRoots()) {
    const dir = path.join(root, 'User', 'globalStorage', EXTENSION_ID);
    if (fs.existsSync(dir)) return dir;
  }
  assert.fail(`no globalStorage/${EXTENSION_ID} under ${JSON.stringify(userDataRoots())}`);
}

/** Files in the extension's contacts cache folder (none when the folder is gone). */
function cacheFiles(): string[] {
  const dir = path.join(globalStorageDir(), CACHE_FOLDER);
  try {
    return fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  } catch {
    return [];
  }
}

/** A complete load with caching on, and its cache write finished. */
async function loadWithCache(): Promise<void> {
  const api = await getApi();
  if (configuration().inspect<boolean>('cacheContacts')?.globalValue !== undefined) {
    await configuration().update('cacheContacts', undefined, vscode.ConfigurationTarget.Global);
    await waitUntil(() => configuration().get<boolean>('cacheContacts') === true, 'the cacheContacts setting back to its default');
  }
  await ensureSignedIn(api);
  await vscode.commands.executeCommand('closeCrm.refresh');
  await api.whenIdle();
  const controller = controllerOf(api);
  assert.ok(controller && controller.status.phase === 'complete', `the load did not complete (${controller?.status.phase})`);
  await controller.whenCacheWritten();
  await waitUntil(() => cacheFiles().some((f) => f.endsWith('.jsonl')), 'the contacts cache file');
}

describe('contact cache on disk', () => {
  before(loadWithCache);
  after(async () => {
    // The suites that follow need the key, the default setting and every contact.
    await configuration().update('cacheContacts', undefined, vscode.ConfigurationTarget.Global);
    await ensureSignedIn(await getApi());
  });

  it('a complete load leaves a cache file in the extension\'s global storage, without the key', async () => {
    const files = cacheFiles();
    assert.ok(files.length > 0, 'no cache file');
    const key = process.env.CLOSE_FAKE_KEY ?? '';
    for (const f of files) {
      const text = fs.readFileSync(path.join(globalStorageDir(), CACHE_FOLDER, f), 'utf8');
      assert.ok(text.length > 0, `${f} is empty`);
      assert.ok(key.length > 0 && !text.includes(key), `${f} holds the API key`);
    }
  });

  it('Sign Out deletes the cache file', async () => {
    await loadWithCache();
    await vscode.commands.executeCommand('closeCrm.signOut');
    await waitUntil(() => cacheFiles().length === 0, 'the cache file to be deleted by Sign Out');
    assert.deepStrictEqual(cacheFiles(), []);
  });

  it('turning closeCrm.cacheContacts off deletes the cache file', async () => {
    await loadWithCache();
    const api = await getApi();
    await configuration().update('cacheContacts', false, vscode.ConfigurationTarget.Global);
    await waitUntil(() => configuration().get<boolean>('cacheContacts') === false, 'the setting to be off');
    await waitUntil(() => cacheFiles().length === 0, 'the cache file to be deleted when caching is turned off');
    // With caching off, a complete load writes none.
    await api.whenIdle();
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    await controllerOf(api)?.whenCacheWritten();
    assert.deepStrictEqual(cacheFiles(), [], 'a load with caching off wrote a cache file');
  });
});
