// Issue 11, point 4, in the real VS Code (Test mode): closeCrm.organizationsView "all" shows every
// added organization as a top-level group, each from its own controller and key. A contact of
// the organization that is not active opens and copies through that organization's key only;
// back to "one" the tree is the active organization's alone and the other's controller is gone.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Contact } from '../../src/close/types';
import type { CloseContactsApi, TreeSnapshotNode } from '../../src/ui/api';
import { startFakeClose, type FakeClose, type FakeTenant } from '../fake/server';
import { backToFixture, configuration, controllerOf, flatten, getApi, signIn, useBaseUrl, waitUntil } from './helpers';

const KEY_A = 'orgs_view_key_A_LEAKCANARY_k8Wd2M';
const KEY_B = 'orgs_view_key_B_LEAKCANARY_t5Qz7R';
const NAME_A = 'Example Sales Org';
const NAME_B = 'Beta Traders';

type Tenant = Pick<FakeTenant, 'dataset'>;

function leadLabels(tenant: Tenant): Set<string> {
  return new Set([...tenant.dataset.leads.map((l) => l.display_name || l.name || l.id), 'No lead']);
}

function oneEmail(tenant: Tenant): Contact & { emails: { email: string }[] } {
  const c = tenant.dataset.contacts.find((x) => x.emails?.length === 1 && !x.emails[0]?.is_unsubscribed);
  assert.ok(c?.emails, 'the data set has a contact with exactly one subscribed email');
  return c as Contact & { emails: { email: string }[] };
}

async function clipboardAfter(command: string, ...args: unknown[]): Promise<string> {
  await vscode.env.clipboard.writeText('(before)');
  await vscode.commands.executeCommand(command, ...args);
  return vscode.env.clipboard.readText();
}

async function setView(value: 'all' | undefined): Promise<void> {
  await configuration().update('organizationsView', value, vscode.ConfigurationTarget.Global);
}

describe('the all-organizations tree (issue 11, point 4: closeCrm.organizationsView)', function () {
  this.timeout(120_000);
  let api: CloseContactsApi;
  let fake: FakeClose;
  let second: FakeTenant;
  let orgA = '';
  let orgB = '';
  let originalBaseUrl: string | undefined;

  /** The root rows once both organizations are listed and loaded. */
  async function groupedRoot(): Promise<TreeSnapshotNode[]> {
    let rows: TreeSnapshotNode[] = [];
    await waitUntil(async () => {
      rows = await api.snapshotTree(1);
      return (
        rows.length === 2 &&
        rows[0]?.description === `${fake.dataset.contacts.length} contacts · active` &&
        rows[1]?.description === `${second.dataset.contacts.length} contacts`
      );
    }, `the tree to show both organizations loaded (it shows ${JSON.stringify(rows.map((r) => [r.label, r.description]))})`);
    return rows;
  }

  before(async () => {
    api = await getApi();
    originalBaseUrl = configuration().inspect<string>('apiBaseUrl')?.globalValue;
    fake = await startFakeClose({ contacts: 60, seed: 1301, apiKey: KEY_A, secondOrganization: { apiKey: KEY_B, contacts: 35, seed: 1302, name: NAME_B } });
    second = fake.second as FakeTenant;
    orgA = fake.me.organization_id ?? '';
    orgB = second.me.organization_id ?? '';
    assert.ok(orgA && orgB && orgA !== orgB);
    await setView(undefined);
    await useBaseUrl(api, fake.url);
    await signIn(api, KEY_A);
    assert.equal(await vscode.commands.executeCommand('closeCrm.addOrganization', KEY_B), orgB);
    assert.equal(await vscode.commands.executeCommand('closeCrm.switchOrganization', orgA), orgA);
    await waitUntil(() => controllerOf(api)?.organizationId === orgA && controllerOf(api)?.status.phase === 'complete', 'A to be active and loaded');
    await api.whenIdle();
  });

  after(async () => {
    await setView(undefined);
    await vscode.commands.executeCommand('closeCrm.signOut', 'all');
    await backToFixture(api, originalBaseUrl);
    await fake.close();
  });

  it('"one" (the default) shows the active organization\'s lead groups at the root, as before', async () => {
    const rows = await api.snapshotTree(1);
    assert.ok(rows.length > 2 && rows.every((r) => leadLabels(fake).has(r.label)), `the root is A's lead groups: ${JSON.stringify(rows.slice(0, 5).map((r) => r.label))}`);
  });

  it('"all" shows one row per organization, the active one marked, each with its own lead groups', async () => {
    fake.resetRequests();
    await setView('all');
    const rows = await groupedRoot();
    assert.deepEqual(
      rows.map((r) => [r.label, r.contextValue, r.expanded]),
      [
        [NAME_A, 'closeCrm.organization.active', true],
        [NAME_B, 'closeCrm.organization', false],
      ],
    );
    assert.equal(rows[1]?.accessibilityLabel, `${NAME_B}, Close organization, ${second.dataset.contacts.length} contacts`);
    const tree = await api.snapshotTree(2);
    const [a, b] = [tree[0]?.children ?? [], tree[1]?.children ?? []];
    assert.ok(a.length > 0 && a.every((r) => leadLabels(fake).has(r.label)), 'A\'s group holds A\'s leads');
    assert.ok(b.length > 0 && b.every((r) => leadLabels(second).has(r.label)), 'B\'s group holds B\'s leads');
    const total = (rowsOf: TreeSnapshotNode[]): number => rowsOf.reduce((n, r) => n + Number(/^(\d+) contacts?/.exec(r.description ?? '')?.[1] ?? 0), 0);
    assert.equal(total(b), second.dataset.contacts.length, 'B\'s lead groups count every one of B\'s contacts');
    // B's own controller loads B with B's key as a start does (the fixture reloads at every start;
    // the load may wait for the lock of B's earlier controller, after its cache showed).
    await waitUntil(() => fake.requests.some((r) => r.path.endsWith('/contact/') && r.tenant === 'second' && r.status === 200), 'B to be loaded with its own key');
    assert.deepEqual(fake.requests.filter((r) => r.tenant !== 'first' && r.tenant !== 'second'), [], 'no request went with another key or none');
  });

  it('a contact of the organization not active opens and copies through that organization\'s key only', async () => {
    await groupedRoot();
    const b = oneEmail(second);
    const a = oneEmail(fake);
    fake.resetRequests();
    await vscode.commands.executeCommand('closeCrm.openContact', { contactId: b.id, organizationId: orgB });
    await waitUntil(() => api.openPanelIds().includes(b.id), 'B\'s contact panel to open');
    const fetched = (): typeof fake.requests => fake.requests.filter((r) => r.path.endsWith(`/contact/${b.id}/`));
    await waitUntil(() => fetched().some((r) => r.status === 200), 'the panel to fetch B\'s contact');
    assert.deepEqual(
      fetched().map((r) => r.tenant),
      fetched().map(() => 'second'),
      'B\'s contact was asked for with B\'s key, never with A\'s',
    );
    assert.equal(await clipboardAfter('closeCrm.copyEmail', { contactId: b.id, organizationId: orgB }), b.emails[0]?.email);
    // A multi-selection over both groups copies each contact from its own organization.
    const rowA = { contactId: a.id, organizationId: orgA };
    const rowB = { contactId: b.id, organizationId: orgB };
    assert.equal(await clipboardAfter('closeCrm.copyEmail', rowA, [rowA, rowB]), `${a.emails[0]?.email}\n${b.emails[0]?.email}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('privacy mode masks the other organization\'s rows, and the filter works inside each group', async () => {
    await groupedRoot();
    const b = oneEmail(second);
    await configuration().update('privacyMode', true, vscode.ConfigurationTarget.Global);
    try {
      const emailsOfB = second.dataset.contacts.flatMap((c) => (c.emails ?? []).map((e) => e.email));
      let leaked: string[] = [];
      await waitUntil(async () => {
        const rows = flatten((await api.snapshotTree(4))[1]?.children ?? []);
        const text = rows.map((r) => [r.label, r.description, r.tooltip, r.accessibilityLabel].join('\n')).join('\n');
        leaked = emailsOfB.filter((e) => text.includes(e));
        return rows.filter((r) => r.contextValue?.startsWith('closeCrm.email')).length > 0 && leaked.length === 0;
      }, `B's email rows to show masked (${leaked.slice(0, 3).join(', ')} still shown)`);
    } finally {
      await configuration().update('privacyMode', undefined, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('closeCrm.filter', b.emails[0]?.email);
    try {
      let rows: TreeSnapshotNode[] = [];
      const ofB = new RegExp(`^(\\d+) of ${second.dataset.contacts.length} contacts$`);
      await waitUntil(async () => {
        rows = await api.snapshotTree(3);
        return ofB.test(rows[1]?.description ?? '');
      }, 'B\'s row to count its matches');
      assert.ok(Number(ofB.exec(rows[1]?.description ?? '')?.[1]) >= 1);
      assert.match(rows[0]?.description ?? '', new RegExp(`of ${fake.dataset.contacts.length} contacts · active$`), 'A\'s row counts its own matches');
      const matched = flatten(rows[1]?.children ?? []).filter((r) => r.contextValue === 'closeCrm.contact');
      assert.ok(matched.length < second.dataset.contacts.length && matched.some((r) => r.label === (b.display_name || b.name)), 'B\'s group shows its matches only');
    } finally {
      await vscode.commands.executeCommand('closeCrm.clearFilter');
    }
  });

  it('back to "one": the active organization alone, and the other\'s controller sends nothing more', async () => {
    await groupedRoot();
    await setView(undefined);
    await waitUntil(async () => {
      const rows = await api.snapshotTree(1);
      return rows.length > 2 && rows.every((r) => leadLabels(fake).has(r.label));
    }, 'the root to be A\'s lead groups again');
    fake.resetRequests();
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.ok(fake.requests.some((r) => r.tenant === 'first'), 'A reloaded');
    assert.deepEqual(fake.requests.filter((r) => r.tenant !== 'first').map((r) => r.path), [], 'nothing went with B\'s key');
  });

  it('an organization signed out (the Accounts menu\'s Sign Out) leaves the groups, and its controller sends nothing more', async () => {
    await setView('all');
    await groupedRoot();
    await api.removeOrganizationSession(orgB);
    await waitUntil(async () => {
      const rows = await api.snapshotTree(1);
      return rows.length > 2 && rows.every((r) => leadLabels(fake).has(r.label));
    }, 'one organization left: the root is A\'s lead groups, with no organization rows');
    fake.resetRequests();
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.ok(fake.requests.some((r) => r.tenant === 'first'), 'A reloaded');
    assert.deepEqual(fake.requests.filter((r) => r.tenant !== 'first').map((r) => r.path), [], 'nothing went with B\'s key');
  });
});
