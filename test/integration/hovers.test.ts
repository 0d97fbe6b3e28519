// Issue 11, point 5: contact cards on hover over emails and phone numbers, through VS Code's
// own hover command on an untitled document, answered from memory.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Contact } from '../../src/close/types';
import { leaksIn, secretsOf } from '../shared/privacyLeaks';
import { configuration, ensureSignedIn, expectedContactLabel, getApi, requestsSeen, resetRequests, serverDataset, waitUntil } from './helpers';

/** The text of our hovers at `needle` in `doc` (other extensions' hovers left out). */
async function hoverText(doc: vscode.TextDocument, needle: string, offsetInNeedle = 2): Promise<string> {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, needle);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + offsetInNeedle));
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .filter((text) => text.includes('command:closeCrm.openContact'))
    .join('\n');
}

function unescape(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

async function setting(key: string, value: boolean | undefined): Promise<void> {
  await configuration().update(key, value, vscode.ConfigurationTarget.Global);
  await waitUntil(() => configuration().inspect(key)?.globalValue === value, `${key} = ${value}`);
}

/** "+1 (650) 555-4444" written differently from Close's "+1 650-555-4444". */
function rewritten(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return `(${d.slice(-10, -7)}) ${d.slice(-7, -4)}.${d.slice(-4)}`;
}

describe('contact hovers', function () {
  this.timeout(120_000);
  let contact: Contact;
  let doc: vscode.TextDocument;

  before(async () => {
    await ensureSignedIn(await getApi());
    const { contacts } = await serverDataset();
    const shared = (c: Contact): boolean => contacts.some((o) => o !== c && o.emails?.some((e) => e.email.toLowerCase() === c.emails?.[0]?.email.toLowerCase()));
    const found = contacts.find((c) => c.lead_id && c.title && c.emails?.length && c.phones?.[0]?.phone_formatted?.startsWith('+1 ') && !shared(c));
    assert.ok(found, 'a contact with lead, title, email and a +1 phone');
    contact = found;
    const email = found.emails?.[0]?.email ?? '';
    doc = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: `Meeting notes\nWrite to ${email.toUpperCase()} today.\nCall ${rewritten(found.phones?.[0]?.phone ?? '')} after lunch.\nNobody at nobody-here@example.invalid or 415-000-0000.\n`,
    });
  });

  afterEach(async () => {
    await setting('hovers', undefined);
    await setting('privacyMode', undefined);
  });

  it('shows the card of a loaded contact for its email (any case) and its phone (any format), with no request to Close', async () => {
    const { leads } = await serverDataset();
    await resetRequests();
    const byEmail = await hoverText(doc, contact.emails?.[0]?.email.toUpperCase() ?? '');
    const byPhone = await hoverText(doc, rewritten(contact.phones?.[0]?.phone ?? ''), 4);
    for (const card of [byEmail, byPhone]) {
      const text = unescape(card);
      assert.ok(text.includes(expectedContactLabel(contact)), text);
      assert.ok(text.includes(contact.title ?? ''), 'title');
      const lead = leads.get(contact.lead_id ?? '');
      assert.ok(text.includes(lead?.display_name ?? ''), 'lead name');
      if (lead?.status_label) {
        assert.ok(text.includes(lead.status_label), 'lead status');
      }
      assert.match(card, /\(command:closeCrm\.openContact\?/);
      assert.match(card, /\(command:closeCrm\.copy(Email|Phone)\?/);
    }
    assert.ok(unescape(byEmail).includes(contact.emails?.[0]?.email ?? ''), 'the address as Close has it');
    assert.ok(unescape(byPhone).includes(contact.phones?.[0]?.phone_formatted ?? ''), 'the number as Close has it');
    assert.deepStrictEqual(await requestsSeen(), [], 'hovers send nothing to Close');
  });

  it('shows nothing for an address or number no loaded contact has', async () => {
    assert.strictEqual(await hoverText(doc, 'nobody-here@example.invalid'), '');
    assert.strictEqual(await hoverText(doc, '415-000-0000'), '');
    assert.strictEqual(await hoverText(doc, 'Meeting notes'), '');
  });

  it('shows nothing with closeCrm.hovers off', async () => {
    await setting('hovers', false);
    assert.strictEqual(await hoverText(doc, contact.emails?.[0]?.email.toUpperCase() ?? ''), '');
    await setting('hovers', undefined);
    assert.notStrictEqual(await hoverText(doc, contact.emails?.[0]?.email.toUpperCase() ?? ''), '');
  });

  it('masks the emails and phones on the card in privacy mode', async () => {
    await setting('privacyMode', true);
    const { contacts } = await serverDataset();
    const secrets = secretsOf(contacts);
    for (const needle of [contact.emails?.[0]?.email.toUpperCase() ?? '', rewritten(contact.phones?.[0]?.phone ?? '')]) {
      const card = await hoverText(doc, needle, 4);
      assert.ok(unescape(card).includes(expectedContactLabel(contact).includes('@') ? '•••@' : expectedContactLabel(contact)), card);
      assert.deepStrictEqual(leaksIn(decodeURIComponent(unescape(card)), secrets), [], card);
      assert.ok(unescape(card).includes('•'), 'the mask shows');
    }
  });

  it('Copy on the card copies the real value', async () => {
    await setting('privacyMode', true);
    const card = await hoverText(doc, rewritten(contact.phones?.[0]?.phone ?? ''), 4);
    const link = /\(command:closeCrm\.copyPhone\?([^)]*)\)/.exec(card);
    assert.ok(link, card);
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    await vscode.env.clipboard.writeText('(before)');
    await vscode.commands.executeCommand('closeCrm.copyPhone', ...args);
    assert.strictEqual(await vscode.env.clipboard.readText(), contact.phones?.[0]?.phone_formatted);
  });
});
