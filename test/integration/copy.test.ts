import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ContactSummary } from '../../src/model/contactSummary';
import { nameAndEmail } from '../../src/model/nameAndEmail';
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
    const formatted = c.phones?.[0]?.phone_formatted;
    assert.ok(formatted, 'the fake gives every phone its formatted form');
    const copied = await clipboardAfter('closeCrm.copyPhone', { contactId: c.id });
    assert.strictEqual(copied, formatted, 'Copy Phone copies the number as Close formats it');
  });

  it('Copy Phone takes the contact id as a plain string too', async () => {
    const { contacts } = await serverDataset();
    const c = contacts.filter((x) => x.phones?.length === 1)[1];
    assert.ok(c, 'data set has no second contact with exactly one phone');
    const formatted = c.phones?.[0]?.phone_formatted;
    assert.ok(formatted, 'the fake gives every phone its formatted form');
    const copied = await clipboardAfter('closeCrm.copyPhone', c.id);
    assert.strictEqual(copied, formatted, 'Copy Phone copies the number as Close formats it');
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

describe('copy formats and several selected rows', () => {
  before(async () => ensureSignedIn(await getApi()));

  /** Contacts with one subscribed email, from two different leads, in tree order. */
  async function twoContacts(): Promise<{ first: ContactSummary; second: ContactSummary }> {
    const store = (await getApi()).controller.model;
    const picked: ContactSummary[] = [];
    for (const g of store.groups()) {
      const c = store.contactsOf(g.leadId).find((x) => x.emails.length === 1 && !x.emails[0].is_unsubscribed);
      if (c && g.leadId !== null) picked.push(c);
      if (picked.length === 2) break;
    }
    assert.strictEqual(picked.length, 2);
    return { first: picked[0], second: picked[1] };
  }

  it('Copy as Name <email> copies the RFC 5322 form of the only email', async () => {
    const { first } = await twoContacts();
    const copied = await clipboardAfter('closeCrm.copyNameAndEmail', { contactId: first.id });
    assert.strictEqual(copied, nameAndEmail(first.displayName ?? first.name, first.emails[0].email));
    assert.ok(copied.endsWith(`<${first.emails[0].email}>`), copied);
  });

  it('Copy Email over two selected contacts copies both, in tree order, whatever the order of selection', async () => {
    const { first, second } = await twoContacts();
    await vscode.env.clipboard.writeText('(before)');
    await vscode.commands.executeCommand('closeCrm.copyEmail', { contactId: second.id }, [{ contactId: second.id }, { contactId: first.id }]);
    assert.strictEqual(await vscode.env.clipboard.readText(), `${first.emails[0].email}\n${second.emails[0].email}`);
  });

  it('a row clicked outside the selection copies only itself', async () => {
    const { first, second } = await twoContacts();
    await vscode.env.clipboard.writeText('(before)');
    await vscode.commands.executeCommand('closeCrm.copyEmail', { contactId: first.id }, [{ contactId: second.id }, { contactId: 'cont_elsewhere' }]);
    assert.strictEqual(await vscode.env.clipboard.readText(), first.emails[0].email);
  });

  it('Copy as Name <email> over two selected contacts copies one line each', async () => {
    const { first, second } = await twoContacts();
    await vscode.env.clipboard.writeText('(before)');
    await vscode.commands.executeCommand('closeCrm.copyNameAndEmail', { contactId: first.id }, [{ contactId: first.id }, { contactId: second.id }]);
    const want = [first, second].map((c) => nameAndEmail(c.displayName ?? c.name, c.emails[0].email)).join('\n');
    assert.strictEqual(await vscode.env.clipboard.readText(), want);
  });

  it('Copy All Phones over two selected leads copies their phones, each once, lead by lead', async () => {
    const store = (await getApi()).controller.model;
    const leads = store.groups().filter((g) => g.leadId !== null && store.contactsOf(g.leadId).some((c) => c.phones.length > 0)).slice(0, 2);
    assert.strictEqual(leads.length, 2);
    const want = [...new Set(leads.flatMap((g) => store.contactsOf(g.leadId).flatMap((c) => c.phones.map((p) => p.phone_formatted ?? p.phone))))];
    await vscode.env.clipboard.writeText('(before)');
    await vscode.commands.executeCommand('closeCrm.copyAllPhones', { leadId: leads[1].leadId }, [{ leadId: leads[1].leadId }, { leadId: leads[0].leadId }]);
    assert.strictEqual(await vscode.env.clipboard.readText(), want.join('\n'));
  });

  it('Copy All Emails works on the No lead group', async () => {
    const { contacts } = await serverDataset();
    const want = [...new Set(contacts.filter((c) => !c.lead_id).flatMap((c) => c.emails ?? []).filter((e) => !e.is_unsubscribed).map((e) => e.email))];
    assert.ok(want.length > 0, 'no subscribed email without a lead in the data set');
    const copied = await clipboardAfter('closeCrm.copyAllEmails', { leadId: null });
    assert.deepStrictEqual(copied.split('\n').sort(), want.sort());
  });
});
