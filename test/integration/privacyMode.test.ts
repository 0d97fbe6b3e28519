// Issue 11, point 1: privacy mode in the extension host. The tree's rows (labels, descriptions,
// tooltips, screen-reader labels) hold no email or phone of the organization while it is on,
// and all of them again once it is off; copying still copies the real value; the toggle writes
// where the setting is set.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TreeSnapshotNode } from '../../src/ui/api';
import { leaksIn, secretsOf } from '../shared/privacyLeaks';
import { configuration, ensureSignedIn, flatten, getApi, serverDataset, waitUntil } from './helpers';

function rowText(rows: readonly TreeSnapshotNode[]): string {
  return rows.map((r) => [r.label, r.description, r.tooltip, r.accessibilityLabel].join('\n')).join('\n');
}

async function setPrivacy(on: boolean | undefined, target = vscode.ConfigurationTarget.Global): Promise<void> {
  await configuration().update('privacyMode', on, target);
  await waitUntil(() => configuration().get<boolean>('privacyMode', false) === (on ?? false), `privacy mode ${on ? 'on' : 'off'}`);
}

describe('privacy mode', function () {
  this.timeout(120_000);

  before(async () => ensureSignedIn(await getApi()));
  afterEach(async () => {
    await configuration().update('privacyMode', undefined, vscode.ConfigurationTarget.Workspace);
    await setPrivacy(undefined);
  });

  it('masks every email and phone in the tree rows while on, and shows them again when off', async () => {
    const api = await getApi();
    const { contacts } = await serverDataset();
    const secrets = secretsOf(contacts);
    const before = flatten(await api.snapshotTree(3));
    const shown = leaksIn(rowText(before), secrets);
    assert.ok(shown.length > 20, 'privacy mode off: the rows show the emails and phones');

    await setPrivacy(true);
    const masked = flatten(await api.snapshotTree(3));
    assert.strictEqual(masked.length, before.length, 'the same rows');
    assert.deepStrictEqual(leaksIn(rowText(masked), secrets), []);
    assert.ok(masked.some((r) => r.contextValue?.startsWith('closeCrm.email') && /^.•••@/u.test(r.label)), 'email rows show the mask');
    assert.ok(masked.some((r) => r.contextValue === 'closeCrm.phone' && r.label.includes('•')), 'phone rows show the mask');
    // Names and leads stay: every lead row and every named contact row reads as before.
    const named = (rows: TreeSnapshotNode[]): string[] => rows.filter((r) => r.contextValue?.startsWith('closeCrm.lead') || (r.contextValue === 'closeCrm.contact' && !r.label.includes('@'))).map((r) => r.label);
    assert.deepStrictEqual(named(masked), named(before));

    await setPrivacy(false);
    const again = flatten(await api.snapshotTree(3));
    assert.deepStrictEqual(leaksIn(rowText(again), secrets).sort(), shown.sort());
  });

  it('Copy Email and Copy Phone still copy the real values', async () => {
    const { contacts } = await serverDataset();
    const c = contacts.find((x) => x.emails?.length === 1 && x.phones?.length === 1);
    assert.ok(c, 'a contact with one email and one phone');
    await setPrivacy(true);
    await vscode.env.clipboard.writeText('(before)');
    await vscode.commands.executeCommand('closeCrm.copyEmail', c.id);
    assert.strictEqual(await vscode.env.clipboard.readText(), c.emails?.[0]?.email);
    await vscode.commands.executeCommand('closeCrm.copyPhone', c.id);
    const phone = c.phones?.[0];
    assert.strictEqual(await vscode.env.clipboard.readText(), phone?.phone_formatted || phone?.phone);
  });

  it('Toggle Privacy Mode writes the user setting, or the workspace one when the workspace sets it', async () => {
    const inspect = (): ReturnType<vscode.WorkspaceConfiguration['inspect']> => configuration().inspect<boolean>('privacyMode');
    await vscode.commands.executeCommand('closeCrm.togglePrivacyMode');
    await waitUntil(() => configuration().get('privacyMode') === true, 'privacy mode on');
    assert.strictEqual(inspect()?.globalValue, true);
    assert.strictEqual(inspect()?.workspaceValue, undefined);
    await vscode.commands.executeCommand('closeCrm.turnOffPrivacyMode');
    await waitUntil(() => configuration().get('privacyMode') === false, 'privacy mode off');
    assert.strictEqual(inspect()?.globalValue, false);

    await setPrivacy(true, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('closeCrm.togglePrivacyMode');
    await waitUntil(() => configuration().get('privacyMode') === false, 'privacy mode off in the workspace');
    assert.strictEqual(inspect()?.workspaceValue, false);
    assert.strictEqual(inspect()?.globalValue, false, 'the user setting untouched');
  });
});
