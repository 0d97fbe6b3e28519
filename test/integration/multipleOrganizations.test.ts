// Issue 11, point 4, in the real VS Code (Test mode): two Close organizations side by side.
// Add Organization keeps both keys, Switch Organization goes A -> B -> A with each showing its
// own contacts and cache, Sign Out signs out of one or all, and the `closeCrm` authentication
// provider lists the organizations as sessions whose token is never a key.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { cacheFileName } from '../../src/model/contactCache';
import type { ContactsController } from '../../src/model/contactsController';
import type { CloseContactsApi } from '../../src/ui/api';
import { startFakeClose, type FakeClose, type FakeTenant } from '../fake/server';
import { secretForms, walkForSecrets } from '../host/keyWalk';
import { configuration, controllerOf, EXTENSION_ID, extension, ownFakeClose, signIn, waitUntil } from './helpers';

const KEY_A = 'multi_org_key_A_LEAKCANARY_r4Nd7Q';
const KEY_B = 'multi_org_key_B_LEAKCANARY_p2Xs9K';

/** The extension's contacts cache folder (`context.globalStorageUri`/contacts-cache) under this window's user data. */
function cacheDir(): string {
  const roots: string[] = [];
  const config = process.env.XDG_CONFIG_HOME;
  if (config) roots.push(path.join(path.dirname(config), 'user-data'));
  const cache = process.env.VSCODE_CODE_CACHE_PATH;
  const at = cache?.indexOf(`${path.sep}CachedData`) ?? -1;
  if (cache && at > 0) roots.push(cache.slice(0, at));
  for (const root of roots) {
    const dir = path.join(root, 'User', 'globalStorage', EXTENSION_ID);
    if (fs.existsSync(dir)) return path.join(dir, 'contacts-cache');
  }
  return assert.fail(`no globalStorage/${EXTENSION_ID} under ${JSON.stringify(roots)}`);
}

function hasCache(organizationId: string): boolean {
  return fs.existsSync(path.join(cacheDir(), cacheFileName(organizationId)));
}

describe('several Close organizations (issue 11, point 4)', function () {
  this.timeout(120_000);
  let api: CloseContactsApi;
  let fake: FakeClose;
  let second: FakeTenant;
  let orgA: string;
  let orgB: string;
  let expectedOrg = '';
  const violations: string[] = [];
  let watcher: vscode.Disposable | undefined;

  const idsOf = (tenant: { dataset: { contacts: { id: string }[] } }): Set<string> => new Set(tenant.dataset.contacts.map((c) => c.id));

  /** At every status change: no contact of the organization not in use is on screen. */
  function watch(controller: ContactsController | undefined): void {
    if (!controller) return;
    const check = (): void => {
      const foreign = expectedOrg === orgA ? idsOf(second) : expectedOrg === orgB ? idsOf(fake) : new Set<string>();
      const wrong = [...controller.model.all()].find((c) => foreign.has(c.id));
      if (wrong) violations.push(`${wrong.id} shown while ${expectedOrg} is active`);
    };
    controller.onDidChangeStatus(check);
    check();
  }

  /** The view holds exactly this organization's contacts, loaded. */
  async function showsAllOf(tenant: FakeTenant | FakeClose, what: string): Promise<void> {
    const want = idsOf(tenant);
    await waitUntil(() => {
      const c = controllerOf(api);
      return !!c && c.status.phase === 'complete' && c.model.size === want.size && [...want].every((id) => c.model.get(id) !== undefined);
    }, what);
    await api.whenIdle();
    await controllerOf(api)?.whenCacheWritten();
  }

  const sessionIds = async (): Promise<string[]> => (await api.organizationSessions()).map((s) => s.id);

  const own = ownFakeClose(
    () => startFakeClose({ contacts: 70, seed: 1101, apiKey: KEY_A, secondOrganization: { apiKey: KEY_B, contacts: 40, seed: 1102, name: 'Beta Traders' } }),
    {
      setKey: false,
      cleanUp: async () => {
        watcher?.dispose();
        await vscode.commands.executeCommand('closeCrm.signOut', 'all');
      },
    },
  );

  before(async () => {
    api = own.api;
    fake = own.fake;
    second = fake.second as FakeTenant;
    orgA = fake.me.organization_id ?? '';
    orgB = second.me.organization_id ?? '';
    assert.ok(orgA && orgB && orgA !== orgB);
    if (configuration().get<boolean>('cacheContacts') !== true) {
      await configuration().update('cacheContacts', undefined, vscode.ConfigurationTarget.Global);
    }
    watcher = api.onDidChangeController(watch);
    expectedOrg = orgA;
    await signIn(api, KEY_A);
    await showsAllOf(fake, 'organization A\'s contacts');
    watch(controllerOf(api));
  });

  it('Add Organization keeps A and adds B, which becomes active and shows its own contacts', async () => {
    assert.deepEqual(await sessionIds(), [orgA], 'Set API Key listed A, alone');
    expectedOrg = orgB;
    const added = await vscode.commands.executeCommand<string | undefined>('closeCrm.addOrganization', KEY_B);
    assert.equal(added, orgB);
    await showsAllOf(second, 'organization B\'s contacts');
    assert.equal(controllerOf(api)?.organizationId, orgB);
    assert.deepEqual(await sessionIds(), [orgA, orgB]);
    await waitUntil(() => api.organizationStatus() === '$(organization) Beta Traders', `the status bar to name B (it says ${api.organizationStatus()})`);
    assert.deepEqual(violations, []);
  });

  it('switching B -> A -> B -> A shows each organization\'s own cache at once, then loads it as a start does', async () => {
    assert.ok(hasCache(orgA) && hasCache(orgB), 'each organization has its own cache file');
    for (const [org, tenant, name] of [
      [orgA, fake, 'A'],
      [orgB, second, 'B'],
      [orgA, fake, 'A'],
    ] as const) {
      fake.resetRequests();
      expectedOrg = org;
      let cacheShown = false;
      const sub = api.onDidChangeController((c) => {
        c?.onDidChangeStatus((s) => {
          // The rows of the cache are shown (cachedAt) before the load has brought any page.
          if (s.cachedAt !== undefined && c.model.size > 0 && s.pages === 0) cacheShown = true;
        });
      });
      try {
        assert.equal(await vscode.commands.executeCommand('closeCrm.switchOrganization', org), org);
        await showsAllOf(tenant, `organization ${name}'s contacts after the switch`);
      } finally {
        sub.dispose();
      }
      assert.equal(controllerOf(api)?.organizationId, org);
      assert.ok(cacheShown, `${name}'s cache showed at once`);
      // The integration fixture sets closeCrm.refreshOnStartMinutes to 0: every start reloads.
      assert.ok(fake.requests.some((r) => r.path.endsWith('/contact/')), `${name} was reloaded after its cache showed`);
    }
    assert.deepEqual(await sessionIds(), [orgA, orgB], 'switching adds and removes nothing');
    await waitUntil(() => api.organizationStatus() === '$(organization) Example Sales Org', 'the status bar to name A');
    assert.deepEqual(violations, []);
  });

  it('adding a key of an organization already added replaces its key, with no second entry', async () => {
    expectedOrg = orgB;
    assert.equal(await vscode.commands.executeCommand('closeCrm.addOrganization', KEY_B), orgB);
    await showsAllOf(second, 'organization B\'s contacts');
    assert.deepEqual(await sessionIds(), [orgA, orgB]);
  });

  it('the authentication provider lists the organizations by name, and no session carries a key', async () => {
    const sessions = await api.organizationSessions();
    assert.deepEqual(
      sessions.map((s) => [s.id, s.account.id, s.account.label]),
      [
        [orgA, orgA, 'Example Sales Org'],
        [orgB, orgB, 'Beta Traders'],
      ],
    );
    const needles = [...secretForms(KEY_A), ...secretForms(KEY_B)];
    assert.deepEqual(walkForSecrets(sessions, needles).found, [], 'no session holds a key in any form');
    assert.deepEqual(walkForSecrets(extension().exports, needles).found, []);
  });

  it('Sign Out of the active organization (B) keeps A, which takes over with its own contacts; B\'s cache goes', async () => {
    expectedOrg = orgA;
    await vscode.commands.executeCommand('closeCrm.signOut', 'active');
    await showsAllOf(fake, 'organization A\'s contacts after B signed out');
    assert.deepEqual(await sessionIds(), [orgA]);
    assert.equal(hasCache(orgB), false, 'B\'s cache was deleted');
    assert.equal(hasCache(orgA), true, 'A\'s cache stays');
    assert.deepEqual(violations, []);
  });

  it('removeSession (the Accounts menu\'s Sign Out) signs that organization out, not the active one', async () => {
    expectedOrg = orgB;
    assert.equal(await vscode.commands.executeCommand('closeCrm.addOrganization', KEY_B), orgB);
    await showsAllOf(second, 'organization B\'s contacts');
    assert.ok(hasCache(orgA));
    await api.removeOrganizationSession(orgA);
    assert.deepEqual(await sessionIds(), [orgB]);
    assert.equal(hasCache(orgA), false, 'A\'s cache was deleted');
    assert.equal(controllerOf(api)?.organizationId, orgB, 'B stays active');
    assert.equal(controllerOf(api)?.model.size, second.dataset.contacts.length);
    assert.deepEqual(violations, []);
  });

  it('Set API Key puts its key in the place of the active organization (B goes, A is alone)', async () => {
    assert.deepEqual(await sessionIds(), [orgB]);
    expectedOrg = orgA;
    assert.equal(await vscode.commands.executeCommand('closeCrm.setApiKey', KEY_A), true);
    await showsAllOf(fake, 'organization A\'s contacts');
    assert.deepEqual(await sessionIds(), [orgA], 'Set API Key replaced B rather than adding A beside it');
    assert.deepEqual(violations, []);
  });

  it('Sign Out of all deletes every key and cache: no session, no status bar item, nothing shown', async () => {
    expectedOrg = orgB;
    assert.equal(await vscode.commands.executeCommand('closeCrm.addOrganization', KEY_B), orgB);
    await showsAllOf(second, 'organization B\'s contacts');
    assert.deepEqual(await sessionIds(), [orgA, orgB]);
    const last = controllerOf(api);
    expectedOrg = '';
    await vscode.commands.executeCommand('closeCrm.signOut', 'all');
    await waitUntil(() => last?.model.size === 0, 'the view to empty');
    assert.deepEqual(await sessionIds(), []);
    assert.equal(hasCache(orgA) || hasCache(orgB), false);
    await waitUntil(() => api.organizationStatus() === undefined, 'the status bar item to hide');
    assert.equal(await vscode.commands.executeCommand('closeCrm.switchOrganization', orgB), undefined, 'a signed-out organization cannot be switched to');
  });
});
