import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Contact } from '../../src/close/types';
import { controllerOf, ensureSignedIn, expectedContactLabel, getApi, leadNames, requestsSeen, resetRequests, serverDataset, setFaults, waitUntil } from './helpers';

/** The lead with the most contacts (a refresh with nothing to show would prove little). */
async function busiestLead(): Promise<{ leadId: string; names: string[]; contacts: Contact[] }> {
  const { contacts, leads } = await serverDataset();
  const byLead = new Map<string, Contact[]>();
  for (const c of contacts) {
    if (c.lead_id) byLead.set(c.lead_id, [...(byLead.get(c.lead_id) ?? []), c]);
  }
  const [leadId, members] = [...byLead].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  assert.ok(leadId && members, 'the fake server has no lead with contacts');
  return { leadId, names: leadNames(leads.get(leadId)), contacts: members };
}

describe('Refresh Lead', () => {
  before(async () => ensureSignedIn(await getApi()));

  it('requests only that lead\'s contacts (lead_id) and the lead itself, and the lead row shows its contacts', async () => {
    const api = await getApi();
    const lead = await busiestLead();
    await resetRequests();
    await vscode.commands.executeCommand('closeCrm.refreshLead', lead.leadId);
    await api.whenIdle();

    const seen = await requestsSeen();
    const listings = seen.filter((r) => r.path.endsWith('/contact/'));
    assert.ok(listings.length > 0, 'Refresh Lead sent no GET /contact/');
    for (const r of listings) {
      assert.strictEqual(r.query.lead_id, lead.leadId, `a listing without lead_id=${lead.leadId}: ${JSON.stringify(r.query)}`);
    }
    const others = seen.filter((r) => !r.path.endsWith('/contact/') && !r.path.endsWith(`/lead/${lead.leadId}/`));
    assert.deepStrictEqual(
      others.map((r) => `${r.method} ${r.path}`),
      [],
      'Refresh Lead requested more than the lead\'s contacts and the lead',
    );

    const groups = await api.snapshotTree(2);
    const row = groups.find((g) => lead.names.includes(g.label));
    assert.ok(row, `no lead row labelled ${JSON.stringify(lead.names)} after the refresh`);
    const n = lead.contacts.length;
    const status = (await serverDataset()).leads.get(lead.leadId)?.status_label;
    const counted = n === 1 ? '1 contact' : `${n} contacts`;
    assert.strictEqual(row.description, status ? `${counted} · ${status}` : counted, 'the lead row: its contacts and its status');
    assert.deepStrictEqual(
      (row.children ?? []).map((c) => c.label).sort(),
      lead.contacts.map(expectedContactLabel).sort(),
      'the lead row\'s contacts after Refresh Lead',
    );
  });

  it('an unknown lead id: no crash, the tree keeps its groups, and the view says the lead was not found', async () => {
    const api = await getApi();
    const before = (await api.snapshotTree(1)).map((g) => `${g.label} ${g.description ?? ''}`);
    const unknown = 'lead_doesNotExist0000000000000000000000000000';
    await resetRequests();
    await vscode.commands.executeCommand('closeCrm.refreshLead', unknown);
    await api.whenIdle();

    const seen = await requestsSeen();
    assert.ok(seen.some((r) => r.query.lead_id === unknown), 'the unknown lead was not asked for');
    const after = (await api.snapshotTree(1)).map((g) => `${g.label} ${g.description ?? ''}`);
    assert.deepStrictEqual(after, before, 'refreshing an unknown lead changed the other groups');
    assert.ok(!after.some((g) => g.startsWith(unknown)), 'a group appeared for a lead that does not exist');

    // What the user reads above the tree must say so; the plain counts alone would not.
    const text = api.viewText();
    assert.match(
      text.message ?? '',
      /not found|no such lead|does not exist|deleted|lead_doesNotExist/i,
      `the view does not tell the user the lead was not found (message: ${JSON.stringify(text.message)}, status error: ${JSON.stringify(controllerOf(api)?.status.error?.message)})`,
    );

    // A full refresh still works afterwards.
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    await waitUntil(() => controllerOf(api)?.status.phase === 'complete', 'a full refresh after the unknown lead');
  });

  it('when Close fails the lead\'s listing, the view shows the error (not only the counts)', async () => {
    const api = await getApi();
    const lead = await busiestLead();
    const plain = api.viewText().message;
    try {
      await setFaults({ malformed: { kind: 'json', path: '/contact/', times: 1000 } });
      await vscode.commands.executeCommand('closeCrm.refreshLead', lead.leadId);
      await api.whenIdle();
      const error = controllerOf(api)?.status.error;
      assert.ok(error, 'the failed Refresh Lead left no error in the status');
      const message = api.viewText().message ?? '';
      assert.notStrictEqual(message, plain, `the view still shows only the counts after a failed Refresh Lead (status error: ${JSON.stringify(error.message)})`);
      assert.ok(message.includes(error.message), `the view message ${JSON.stringify(message)} does not carry the error ${JSON.stringify(error.message)}`);
    } finally {
      await setFaults({});
      await vscode.commands.executeCommand('closeCrm.refresh');
      await api.whenIdle();
    }
  });
});
