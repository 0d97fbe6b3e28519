import * as assert from 'assert';
import * as vscode from 'vscode';
import { ensureSignedIn, getApi, serverDataset, waitUntil } from './helpers';

async function clipboardAfter(command: string, arg: unknown): Promise<string> {
  await vscode.env.clipboard.writeText('(before)');
  await vscode.commands.executeCommand(command, arg);
  return vscode.env.clipboard.readText();
}

describe('copy commands', () => {
  before(async () => ensureSignedIn(await getApi()));

  it('Copy Email copies the only email of a contact given by id', async () => {
    const { contacts } = await serverDataset();
    const c = contacts.find((x) => x.emails?.length === 1);
    assert.ok(c, 'data set has no contact with exactly one email');
    assert.strictEqual(await clipboardAfter('closeCrm.copyEmail', { contactId: c.id }), c.emails?.[0]?.email);
  });

  it('Copy Email on a contact with several emails asks which, and copies the one picked', async () => {
    const { contacts } = await serverDataset();
    const c = contacts.find((x) => (x.emails?.length ?? 0) >= 2);
    assert.ok(c, 'data set has no contact with two emails');
    await vscode.env.clipboard.writeText('(before)');
    let settled = false;
    const copying = Promise.resolve(vscode.commands.executeCommand('closeCrm.copyEmail', c.id)).finally(() => (settled = true));
    // The quick pick opens asynchronously: accept its first item until the command returns.
    await waitUntil(async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 'the Copy Email quick pick to be answered');
    await copying;
    assert.strictEqual(await vscode.env.clipboard.readText(), c.emails?.[0]?.email);
  });

  it('Copy Phone copies the only phone of a contact given by id', async () => {
    const { contacts } = await serverDataset();
    const c = contacts.find((x) => x.phones?.length === 1);
    assert.ok(c, 'data set has no contact with exactly one phone');
    const phone = c.phones?.[0];
    const copied = await clipboardAfter('closeCrm.copyPhone', { contactId: c.id });
    assert.ok(copied === phone?.phone || copied === phone?.phone_formatted, `copied "${copied}"`);
  });

  it('Copy Phone takes the contact id as a plain string too', async () => {
    const { contacts } = await serverDataset();
    const c = contacts.filter((x) => x.phones?.length === 1)[1];
    assert.ok(c, 'data set has no second contact with exactly one phone');
    const phone = c.phones?.[0];
    const copied = await clipboardAfter('closeCrm.copyPhone', c.id);
    assert.ok(copied === phone?.phone || copied === phone?.phone_formatted, `copied "${copied}"`);
  });

  it('Copy All Emails on a lead copies its subscribed emails, one per line', async () => {
    const { contacts } = await serverDataset();
    const leadIds = [...new Set(contacts.map((c) => c.lead_id).filter((l): l is string => !!l))];
    // Prefer a lead whose contacts include an unsubscribed email, to see it left out.
    const leadId =
      leadIds.find((l) => contacts.some((c) => c.lead_id === l && c.emails?.some((e) => e.is_unsubscribed))) ?? leadIds[0];
    assert.ok(leadId);
    const want = contacts
      .filter((c) => c.lead_id === leadId)
      .flatMap((c) => c.emails ?? [])
      .filter((e) => !e.is_unsubscribed)
      .map((e) => e.email);
    const copied = await clipboardAfter('closeCrm.copyAllEmails', { leadId });
    assert.deepStrictEqual(copied.split(/\r?\n/).filter(Boolean).sort(), [...new Set(want)].sort());
  });
});
