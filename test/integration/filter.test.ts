import * as assert from 'assert';
import * as vscode from 'vscode';
import { toSummary, type ContactSummary } from '../../src/model/contactSummary';
import type { TreeSnapshotNode } from '../../src/ui/api';
import { oracleSearch } from '../shared/searchOracle';
import { ensureSignedIn, getApi, leadNames, serverDataset, waitUntil } from './helpers';

/** What the server's data says a filter must keep (the same rules as search, every match). */
async function expectedMatches(query: string): Promise<ContactSummary[]> {
  const { contacts, leads } = await serverDataset();
  const summaries = contacts.map((c) => toSummary(c)).filter((c): c is ContactSummary => c !== undefined);
  return oracleSearch(summaries, (id) => leads.get(id)?.display_name ?? undefined, query, Infinity);
}

describe('tree filter (Filter Contacts, Clear Filter)', () => {
  before(async () => ensureSignedIn(await getApi()));
  after(async () => {
    await vscode.commands.executeCommand('closeCrm.clearFilter');
  });

  const contactsShown = (tree: TreeSnapshotNode[]): number => tree.reduce((n, lead) => n + (lead.children?.length ?? 0), 0);

  it('shows only the matching leads and contacts, opened, and says so in the description; Refresh keeps it', async () => {
    const api = await getApi();
    const { contacts, leads } = await serverDataset();
    // A lead's name: every contact of that lead matches, and maybe a few others.
    const lead = [...leads.values()].find((l) => (l.display_name ?? '').length > 4 && contacts.some((c) => c.lead_id === l.id));
    assert.ok(lead?.display_name, 'the fake server has a named lead with contacts');
    const query = lead.display_name.split(' ')[0] ?? lead.display_name;
    const expected = await expectedMatches(query);
    assert.ok(expected.length > 0 && expected.length < contacts.length, `the filter ${query} keeps some contacts, not all`);

    await vscode.commands.executeCommand('closeCrm.filter', query);
    await api.whenIdle();
    const total = contacts.length.toLocaleString('en-US');
    assert.strictEqual(api.viewText().description, `Filter: ${query} · ${expected.length.toLocaleString('en-US')} of ${total}`);
    assert.match(api.viewText().message ?? '', new RegExp(`Filter: ${query} · `));

    const tree = await api.snapshotTree(2);
    assert.strictEqual(contactsShown(tree), expected.length, 'every match, and nothing else');
    const expectedLeads = new Set(expected.map((c) => c.leadId));
    assert.strictEqual(tree.length, expectedLeads.size, 'one row per lead with a match');
    assert.ok(tree.some((row) => leadNames(lead).includes(row.label)), 'the lead named like the filter is shown');
    assert.ok(
      tree.every((row) => row.expanded),
      'matching leads are open',
    );

    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(api.viewText().description, `Filter: ${query} · ${expected.length.toLocaleString('en-US')} of ${total}`, 'the filter holds through a refresh');
    assert.strictEqual(contactsShown(await api.snapshotTree(2)), expected.length);

    await vscode.commands.executeCommand('closeCrm.clearFilter');
    await api.whenIdle();
    assert.match(api.viewText().description ?? '', new RegExp(`^${total} contacts · `), 'Clear Filter brings back the counts');
    const all = await api.snapshotTree(1);
    assert.ok(all.length > tree.length && all.every((row) => !row.expanded), 'every lead, closed as before');
  });

  it('keeps the leads of a status with status:, combined with words', async () => {
    const api = await getApi();
    const { contacts, leads } = await serverDataset();
    const qualified = new Set([...leads.values()].filter((l) => l.status_label === 'Qualified').map((l) => l.id));
    const members = contacts.filter((c) => c.lead_id && qualified.has(c.lead_id));
    assert.ok(members.length > 0, 'the fake server has qualified leads with contacts');

    await vscode.commands.executeCommand('closeCrm.filter', 'status:qual');
    await api.whenIdle();
    const tree = await api.snapshotTree(2);
    assert.strictEqual(contactsShown(tree), members.length);
    assert.ok(
      tree.every((row) => /contacts? · Qualified$/.test(row.description ?? '')),
      `every lead row reads "N contacts · Qualified": ${tree.map((r) => r.description).join(', ')}`,
    );

    const word = (members[0]?.display_name ?? '').split(' ')[0] ?? '';
    await vscode.commands.executeCommand('closeCrm.filter', `STATUS:Qualified ${word}`);
    await api.whenIdle();
    const both = await api.snapshotTree(2);
    const expected = (await expectedMatches(word)).filter((c) => c.leadId !== null && qualified.has(c.leadId));
    assert.strictEqual(contactsShown(both), expected.length);
    await waitUntil(() => (api.viewText().description ?? '').startsWith(`Filter: STATUS:Qualified ${word} · `), 'the description of the combined filter');
  });

  it('says when nothing matches, and the tree is empty', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('closeCrm.filter', 'zzqqxx-nobody');
    await api.whenIdle();
    assert.deepStrictEqual(await api.snapshotTree(1), []);
    assert.match(api.viewText().message ?? '', /No contact matches the filter zzqqxx-nobody\./);
    assert.strictEqual(api.viewState().welcome, '', 'no welcome text: the message says it');
  });
});
