// The language model tool in the real extension host: invoked the way chat and agents invoke
// it (`vscode.lm.invokeTool`), it finds the loaded contacts, masks in privacy mode, and never
// sends a request to Close.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Contact } from '../../src/close/types';
import { maskEmail } from '../../src/model/privacyMask';
import { configuration, ensureSignedIn, expectedContactLabel, getApi, leadNames, requestsSeen, resetRequests, serverDataset, waitUntil } from './helpers';

const TOOL = 'closeCrm_findContacts';

async function invoke(input: object): Promise<string[]> {
  const result = await vscode.lm.invokeTool(TOOL, { input, toolInvocationToken: undefined });
  return result.content.map((part) => {
    assert.ok(part instanceof vscode.LanguageModelTextPart, `a part that is not text: ${JSON.stringify(part)}`);
    return part.value;
  });
}

/** The cards of an answer (the parts between contact-data markers). */
function cards(parts: string[]): string[] {
  return parts.filter((p) => p.startsWith('<contact-data '));
}

function cardOf(parts: string[], contactId: string): string | undefined {
  return cards(parts).find((c) => c.includes(`\nContact id: ${contactId}\n`));
}

function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

async function setPrivacy(on: boolean): Promise<void> {
  await configuration().update('privacyMode', on, vscode.ConfigurationTarget.Global);
  await waitUntil(() => configuration().get<boolean>('privacyMode') === on, `privacy mode ${on ? 'on' : 'off'}`);
}

/** A plain word of a lead's name (letters only, 4 or more), for a company search. */
function companyWord(name: string): string | undefined {
  return name.split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w));
}

describe('language model tool', () => {
  before(async () => ensureSignedIn(await getApi()));
  after(async () => {
    await setPrivacy(false);
    await ensureSignedIn(await getApi());
  });

  it('is listed in vscode.lm.tools with its input schema and tags', () => {
    const tool = vscode.lm.tools.find((t) => t.name === TOOL);
    assert.ok(tool, `${TOOL} is not in vscode.lm.tools: ${vscode.lm.tools.map((t) => t.name).join(', ')}`);
    assert.ok(tool.description.includes('Close'), tool.description);
    const schema = tool.inputSchema as { properties?: Record<string, unknown>; required?: string[] };
    assert.deepStrictEqual(Object.keys(schema.properties ?? {}).sort(), ['limit', 'query']);
    assert.deepStrictEqual(schema.required, ['query']);
    assert.ok(tool.tags.includes('crm'), tool.tags.join(', '));
  });

  it('finds a contact by name, company, email and phone digits without a request to Close', async () => {
    const api = await getApi();
    await api.whenIdle();
    const { contacts, leads } = await serverDataset();
    const named = contacts.find((c) => /^[A-Za-z]+ [A-Za-z]+$/.test(c.display_name ?? '') && c.lead_id);
    const mailed = contacts.find((c) => /^[a-z0-9._-]+@[a-z0-9.-]+$/.test(c.emails?.[0]?.email ?? ''));
    const phoned = contacts.find((c) => digitsOf(c.phones?.[0]?.phone ?? '').length >= 10);
    const company = contacts
      .map((c) => ({ c, word: companyWord(leadNames(leads.get(c.lead_id ?? ''))[0] ?? '') }))
      .find((x): x is { c: Contact; word: string } => x.word !== undefined);
    assert.ok(named && mailed && phoned && company, 'the fixture lacks a contact to look for');

    await resetRequests();
    const byName = await invoke({ query: named.display_name ?? '' });
    assert.ok(cardOf(byName, named.id), `"${named.display_name}" did not find ${named.id}:\n${byName.join('\n')}`);
    assert.ok(cardOf(byName, named.id)?.includes(`\nLead id: ${named.lead_id}\n`));

    const byCompany = await invoke({ query: company.word, limit: 20 });
    const companyMatches = contacts.filter((c) => leadNames(leads.get(c.lead_id ?? '')).some((n) => n.toLowerCase().includes(company.word.toLowerCase())));
    assert.ok(cards(byCompany).length > 0, byCompany.join('\n'));
    if (companyMatches.length <= 20) {
      assert.ok(cardOf(byCompany, company.c.id), `"${company.word}" did not find ${company.c.id}`);
    }

    const address = mailed.emails?.[0]?.email ?? '';
    const byEmail = await invoke({ query: address });
    assert.ok(cardOf(byEmail, mailed.id)?.includes(address), `"${address}" did not find ${mailed.id}:\n${byEmail.join('\n')}`);

    const digits = digitsOf(phoned.phones?.[0]?.phone ?? '').slice(-7);
    const byPhone = await invoke({ query: `${digits.slice(0, 3)}-${digits.slice(3)}` });
    assert.ok(cardOf(byPhone, phoned.id), `phone digits ${digits} did not find ${expectedContactLabel(phoned)}:\n${byPhone.join('\n')}`);

    assert.deepStrictEqual((await requestsSeen()).map((r) => `${r.method} ${r.path}`), [], 'the tool sent requests to Close');
  });

  it('answers "who is the CTO at <company>?" with that CTO first', async () => {
    const { contacts, leads } = await serverDataset();
    const ctoAt = (c: Contact): string | undefined => (c.title === 'CTO' ? companyWord(leadNames(leads.get(c.lead_id ?? ''))[0] ?? '') : undefined);
    const cto = contacts.find((c) => ctoAt(c) !== undefined);
    assert.ok(cto, 'the fixture has no CTO with a lead');
    const word = ctoAt(cto) ?? '';
    await resetRequests();
    const parts = await invoke({ query: `Who is the CTO at ${word}?`, limit: 20 });
    assert.match(parts[0], new RegExp(`matching "CTO ${word}"`), parts[0]);
    assert.ok(cardOf(parts, cto.id), `the CTO at ${word} (${cto.id}) is missing:\n${parts.join('\n')}`);
    assert.match(cards(parts)[0], /\nTitle: CTO\n/, 'a contact that is not a CTO came first');
    assert.deepStrictEqual(await requestsSeen(), []);
  });

  it('masks emails and phone numbers while privacy mode is on', async () => {
    const { contacts } = await serverDataset();
    const c = contacts.find((x) => /^[a-z0-9._-]+@[a-z0-9.-]+$/.test(x.emails?.[0]?.email ?? '') && digitsOf(x.phones?.[0]?.phone ?? '').length >= 10);
    assert.ok(c, 'the fixture has no contact with an email and a phone');
    const address = c.emails?.[0]?.email ?? '';
    await setPrivacy(true);
    try {
      const parts = await invoke({ query: address });
      const card = cardOf(parts, c.id);
      assert.ok(card, parts.join('\n'));
      assert.ok(card.includes(maskEmail(address)), card);
      const all = parts.join('\n');
      assert.ok(!all.includes(address), `the address shows with privacy on:\n${all}`);
      const phoneLine = card.split('\n').find((l) => l.startsWith('Phones: ')) ?? '';
      assert.ok(phoneLine.includes('•'), card);
      for (const p of c.phones ?? []) {
        assert.ok(!digitsOf(phoneLine).includes(digitsOf(p.phone).slice(-7)), `phone ${p.phone} shows:\n${card}`);
      }
      assert.match(parts[0], /Privacy mode is on/);
    } finally {
      await setPrivacy(false);
    }
    const plain = await invoke({ query: address });
    assert.ok(cardOf(plain, c.id)?.includes(address), 'the address is not back with privacy off');
  });

  it('keeps the limit from 1 to 20 and says how many more match', async () => {
    const api = await getApi();
    const total = api.controller.model.size;
    assert.ok(total > 20, 'the fixture needs more than 20 contacts');
    // "a" is in most names, emails or lead names.
    const many = await invoke({ query: 'a', limit: 500 });
    assert.strictEqual(cards(many).length, 20);
    assert.match(many[many.length - 1], /more contacts? match/);
    assert.strictEqual(cards(await invoke({ query: 'a', limit: 0 })).length, 1);
    assert.strictEqual(cards(await invoke({ query: 'a' })).length, 10);
  });

  it('asks for words when the query is empty', async () => {
    const parts = await invoke({ query: '   ' });
    assert.strictEqual(parts.length, 1);
    assert.match(parts[0], /no words to search for/);
  });

  it('says nothing is loaded when signed out, without a request to Close', async () => {
    await vscode.commands.executeCommand('closeCrm.signOut');
    await resetRequests();
    let parts: string[] = [];
    await waitUntil(async () => {
      parts = await invoke({ query: 'a' });
      return /signed out/.test(parts[0] ?? '');
    }, 'the tool to say it is signed out');
    assert.strictEqual(cards(parts).length, 0);
    assert.match(parts[0], /Set API Key/);
    assert.deepStrictEqual(await requestsSeen(), []);
  });
});
