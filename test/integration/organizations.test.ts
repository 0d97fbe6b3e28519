// Issue 8, points 4 and 5, in the real VS Code (Test mode). A user in two organizations signs
// in with one key, then the other, then back: at no view update does one key's view hold a
// contact of the other organization, and each organization's cache stays its own. The test
// API's whole object graph never reaches the key, before or after Sign Out.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ContactsController } from '../../src/model/contactsController';
import type { CloseContactsApi } from '../../src/ui/api';
// The fake Close server runs inside the extension host here, as in security.test.ts.
import { startFakeClose, type FakeClose, type FakeTenant } from '../fake/server';
import { secretForms, walkForSecrets } from '../host/keyWalk';
import { backToFixture, configuration, controllerOf, extension, getApi, signIn, useBaseUrl, waitUntil } from './helpers';

const KEY_A = 'orgs_key_A_LEAKCANARY_h3Vq9Z';
const KEY_B = 'orgs_key_B_LEAKCANARY_w8Lp2X';

interface Violation {
  key: string;
  shown: number;
  foreign: string;
}

describe('two organizations, two keys (issue 8, points 4-5)', function () {
  this.timeout(120_000);
  let api: CloseContactsApi;
  let fake: FakeClose;
  let second: FakeTenant;
  let originalBaseUrl: string | undefined;
  const violations: Violation[] = [];
  let activeKey = KEY_A;
  let watcher: vscode.Disposable | undefined;

  const idsOf = (data: { contacts: { id: string }[] }): Set<string> => new Set(data.contacts.map((c) => c.id));

  /** Checks the controller's contacts against the key in use at every status change. */
  function watch(controller: ContactsController | undefined): void {
    if (!controller) return;
    const check = (): void => {
      const foreignIds = activeKey === KEY_A ? idsOf(second.dataset) : idsOf(fake.dataset);
      for (const c of controller.model.all()) {
        if (foreignIds.has(c.id)) {
          violations.push({ key: activeKey === KEY_A ? 'A' : 'B', shown: controller.model.size, foreign: c.id });
          return;
        }
      }
    };
    controller.onDidChangeStatus(check);
    check();
  }

  async function switchTo(key: string, tenant: { dataset: { contacts: { id: string }[] } }): Promise<void> {
    activeKey = key;
    await signIn(api, key);
    const want = idsOf(tenant.dataset);
    await waitUntil(() => {
      const c = controllerOf(api);
      return !!c && c.status.phase === 'complete' && c.model.size === want.size && [...want].every((id) => c.model.get(id) !== undefined);
    }, `the contacts of key ${key === KEY_A ? 'A' : 'B'}`);
    await controllerOf(api)?.whenCacheWritten();
  }

  before(async () => {
    api = await getApi();
    originalBaseUrl = configuration().inspect<string>('apiBaseUrl')?.globalValue;
    fake = await startFakeClose({ contacts: 80, seed: 808, apiKey: KEY_A, secondOrganization: { apiKey: KEY_B, contacts: 60, seed: 909 } });
    second = fake.second as FakeTenant;
    if (configuration().get<boolean>('cacheContacts') !== true) {
      await configuration().update('cacheContacts', undefined, vscode.ConfigurationTarget.Global);
    }
    watcher = api.onDidChangeController(watch);
    watch(controllerOf(api));
    activeKey = KEY_A;
    await useBaseUrl(api, fake.url);
  });

  after(async () => {
    watcher?.dispose();
    await backToFixture(api, originalBaseUrl);
    await fake.close();
  });

  it('switching keys A -> B -> A -> B never shows the other organization\'s contacts, not even for a moment', async () => {
    await switchTo(KEY_A, fake);
    const aContact = fake.dataset.contacts[0]?.id ?? '';
    await vscode.commands.executeCommand('closeCrm.openContact', aContact);
    assert.deepEqual(api.openPanelIds(), [aContact]);
    await switchTo(KEY_B, second);
    assert.deepEqual(api.openPanelIds(), [], 'the panel of organization A closed with its key');
    assert.equal(controllerOf(api)?.organizationId, second.me.organization_id);
    // Back to A: its cache is warm again, and still A's alone.
    await switchTo(KEY_A, fake);
    assert.equal(controllerOf(api)?.organizationId, fake.me.organization_id);
    await switchTo(KEY_B, second);
    assert.deepEqual(violations, []);
    const tree = await api.snapshotTree(2);
    const labels = new Set(tree.flatMap((g) => [g.label, ...(g.children ?? []).map((c) => c.label)]));
    const leadNamesOfA = fake.dataset.leads.map((l) => l.display_name).filter((n): n is string => !!n && !second.dataset.leads.some((b) => b.display_name === n));
    assert.ok(!leadNamesOfA.some((n) => labels.has(n)), 'no lead group of organization A under key B');
  });

  it('the test API\'s whole object graph never reaches the key, signed in or signed out', async () => {
    activeKey = KEY_B;
    const needles = [...secretForms(KEY_A), ...secretForms(KEY_B)];
    const signedIn = walkForSecrets(extension().exports, needles);
    assert.deepEqual(signedIn.found, []);
    assert.ok(signedIn.visited > 100, `the walk reached the controller (${signedIn.visited} objects)`);
    const before = controllerOf(api);
    await vscode.commands.executeCommand('closeCrm.signOut');
    await waitUntil(() => controllerOf(api) === before && before?.model.size === 0, 'the sign-out to clear the view');
    assert.deepEqual(walkForSecrets(extension().exports, needles).found, []);
    // The last controller's client has no key any more: nothing it does reaches Close.
    fake.resetRequests();
    await assert.rejects(before?.fetchContact(second.dataset.contacts[0]?.id ?? '') ?? Promise.reject(new Error('no controller')), /Signed out of Close/);
    assert.equal(fake.requests.length, 0);
  });

  it('when GET /me/ does not name the key\'s organization, the contacts do, and the next start opens that cache at once', async () => {
    const KEY_C = 'orgs_key_C_3kTz8M';
    const KEY_D = 'orgs_key_D_6pRw1N';
    const other = await startFakeClose({ contacts: 30, seed: 313, apiKey: KEY_C, secondOrganization: { apiKey: KEY_D, contacts: 25, seed: 414 }, meWithoutOrganizationId: true });
    const d = other.second as FakeTenant;
    try {
      activeKey = KEY_D;
      await useBaseUrl(api, other.url);
      await switchTo(KEY_D, d);
      assert.equal(d.me.organization_id, undefined, 'the fake left organization_id out');
      const orgD = d.dataset.contacts[0]?.organization_id;
      assert.equal(controllerOf(api)?.organizationId, orgD);
      await waitUntil(async () => {
        const created = new Promise<string | undefined>((resolve) => {
          const sub = api.onDidChangeController((c) => {
            if (c) {
              sub.dispose();
              resolve(c.organizationId);
            }
          });
        });
        // A client setting change rebuilds the controller, as a new window would.
        const size = configuration().get<number>('pageSize') === 50 ? 60 : 50;
        await configuration().update('pageSize', size, vscode.ConfigurationTarget.Global);
        return (await created) === orgD;
      }, 'a rebuilt controller to know organization D before any request', 20_000);
    } finally {
      await configuration().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
      await api.whenIdle();
      await other.close();
    }
  });
});
