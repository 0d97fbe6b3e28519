import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TreeSnapshotNode } from '../../src/ui/api';
import { ensureSignedIn, getApi, waitUntil } from './helpers';

const PAGE = 10;

async function setPageSize(rows: number | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('closeCrm').update('treeLeadRows', rows, vscode.ConfigurationTarget.Global);
}

const leadRows = (tree: readonly TreeSnapshotNode[]): TreeSnapshotNode[] => tree.filter((row) => row.contextValue === 'closeCrm.lead' || row.contextValue === 'closeCrm.noLead');

describe('pages of lead rows (closeCrm.treeLeadRows, Show More Leads)', () => {
  before(async () => ensureSignedIn(await getApi()));
  after(async () => {
    await vscode.commands.executeCommand('closeCrm.clearFilter');
    await setPageSize(undefined);
  });

  it('shows a page of leads and a Show More Leads row that shows the next; reveal grows the pages to a contact', async () => {
    const api = await getApi();
    const groups = api.controller.model.groups();
    const leads = api.controller.model.leadCount;
    assert.ok(leads > 2 * PAGE && groups.length === leads + 1, `the fixture has ${leads} leads and contacts without one`);
    await setPageSize(PAGE);
    await waitUntil(async () => (await api.snapshotTree(1)).length === PAGE + 1, 'a page of lead rows and one more row');

    let tree = await api.snapshotTree(1);
    assert.deepStrictEqual(leadRows(tree).map((r) => r.label), groups.slice(0, PAGE).map((g) => g.label), 'the first page, in order');
    const more = tree[PAGE];
    assert.strictEqual(more?.label, 'Show More Leads');
    assert.strictEqual(more?.description, `${PAGE} of ${leads} leads shown`, 'leads: No lead is not one');
    assert.strictEqual(more?.contextValue, 'closeCrm.moreLeads');
    assert.strictEqual(more?.collapsible, false);
    assert.strictEqual(more?.accessibilityLabel, `Show more leads, ${PAGE} of ${leads} leads shown`);

    await vscode.commands.executeCommand('closeCrm.showMoreLeads');
    await api.whenIdle();
    tree = await api.snapshotTree(1);
    assert.strictEqual(leadRows(tree).length, 2 * PAGE, 'one page more');
    assert.strictEqual(tree.at(-1)?.description, `${2 * PAGE} of ${leads} leads shown`);

    // The last lead's first contact: beyond the pages shown, so its lead must come in first.
    const last = groups[groups.length - 1];
    const contact = last && api.controller.model.contactsOf(last.leadId)[0];
    assert.ok(contact, 'the last group has a contact');
    await api.revealContact(contact.id);
    await waitUntil(() => api.selectedRowIds().includes(`contact:${contact.id}`), 'the contact selected in the tree');
    tree = await api.snapshotTree(1);
    assert.ok(leadRows(tree).some((r) => r.label === last.label), 'its lead row is shown');

    await vscode.commands.executeCommand('closeCrm.filter', '@');
    await api.whenIdle();
    assert.ok(leadRows(await api.snapshotTree(1)).length <= PAGE, 'a filter starts from one page');
  });
});
