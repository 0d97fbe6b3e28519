import { fake } from '../../vscodeStub/register';
import * as assert from 'node:assert/strict';
import type { ContactSummary } from '../../../../src/model/contactSummary';
import { nameAndEmail } from '../../../../src/model/nameAndEmail';
import { CLOSE_APP_URL, Commands } from '../../../../src/ui/constants';
import type { ContactsView } from '../../../../src/ui/tree/contactsView';
import { ContactNode, EmailNode, LeadNode, PhoneNode, type TreeNode } from '../../../../src/ui/tree/nodes';
import { startFakeClose, type FakeClose } from '../../../fake/server';
import { commandHarness, type CommandHarness } from './harness';

/** Every command that takes a row, an id or a search result, with each kind of argument it is given. */
describe('ui/commands: what each command works on, from each kind of argument (vscode stubbed)', () => {
  let server: FakeClose;
  let harness: CommandHarness;
  let view: ContactsView;
  let opened: string[];

  before(async () => {
    server = await startFakeClose({ contacts: 80, leads: 10, seed: 7 });
  });
  after(() => server.close());

  beforeEach(async () => {
    harness = await commandHarness(server);
    ({ view, opened } = harness);
  });
  afterEach(() => harness.dispose());

  const run = (id: string, ...args: unknown[]): Promise<unknown> => harness.run(id, ...args);
  const clipboard = (): string | undefined => fake.state.recorded.clipboard[fake.state.recorded.clipboard.length - 1];
  const warnings = (): string[] => fake.state.recorded.messages.filter((m) => m.level === 'warning').map((m) => m.text);

  function leads(): LeadNode[] {
    return view.provider.getChildren().filter((n): n is LeadNode => n instanceof LeadNode);
  }
  function contactsOf(lead: LeadNode): ContactNode[] {
    return view.provider.getChildren(lead).filter((n): n is ContactNode => n instanceof ContactNode);
  }
  function allContacts(): ContactNode[] {
    return leads().flatMap(contactsOf);
  }
  function contactWhere(test: (c: ContactSummary) => boolean): ContactNode {
    const found = allContacts().find((n) => test(n.contact));
    assert.ok(found, 'the fake data has such a contact');
    return found;
  }
  const subscribed = (c: ContactSummary): string[] => c.emails.filter((e) => !e.is_unsubscribed && e.email).map((e) => e.email);
  const phoneOf = (p: ContactSummary['phones'][number]): string => p.phone_formatted || p.phone;
  /** A lead (not No lead) with two or more contacts that have subscribed emails. */
  function busyLead(): LeadNode {
    const lead = leads().find((l) => l.group.leadId !== null && contactsOf(l).filter((c) => subscribed(c.contact).length > 0).length >= 2);
    assert.ok(lead);
    return lead;
  }
  function select(...rows: TreeNode[]): void {
    const tree = fake.state.treeViews[0];
    assert.ok(tree);
    tree.selection = rows;
  }

  it('Open Contact: a contact, email or phone row, an id, a search result; without one the selection, else the search picker', async () => {
    const node = contactWhere((c) => c.emails.length > 0 && c.phones.length > 0);
    const [email, phone] = [new EmailNode(node.contact.id, node.contact.emails[0], 0), new PhoneNode(node.contact.id, node.contact.phones[0], 0)];
    const other = allContacts().find((c) => c.contact.id !== node.contact.id);
    assert.ok(other);
    await run(Commands.openContact, node);
    await run(Commands.openContact, email);
    await run(Commands.openContact, phone);
    await run(Commands.openContact, other.contact.id);
    await run(Commands.openContact, { contactId: other.contact.id });
    select(node);
    await run(Commands.openContact);
    assert.deepEqual(opened, [node.contact.id, node.contact.id, node.contact.id, other.contact.id, other.contact.id, node.contact.id]);
    select();
    await run(Commands.openContact);
    assert.equal(opened.length, 6, 'nothing opened without a pick');
    assert.deepEqual(fake.state.recorded.quickPicks.map((p) => p.title), ['Close CRM: Open Contact']);
  });

  it('the search picker over a webview editor: shows once the webview has taken the focus back, and keeps open through focus loss at first', async () => {
    select();
    fake.window.tabGroups.activeTabGroup.activeTab = { input: new fake.TabInputWebview('closeCrm.contact') };
    try {
      const running = run(Commands.openContact);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(fake.state.recorded.quickPicks.length, 0, 'not shown while the webview takes the focus back');
      await running;
      assert.deepEqual(
        fake.state.recorded.quickPicks.map(({ title, ignoreFocusOut }) => ({ title, ignoreFocusOut })),
        [{ title: 'Close CRM: Open Contact', ignoreFocusOut: true }],
      );
    } finally {
      fake.window.tabGroups.activeTabGroup.activeTab = undefined;
    }
  });

  it('Copy Email: an email row, a contact, an id, a hover’s { contactId, index }, the selection', async () => {
    const one = contactWhere((c) => c.emails.length === 1 && subscribed(c).length === 1);
    const two = contactWhere((c) => c.emails.length >= 2);
    await run(Commands.copyEmail, new EmailNode(two.contact.id, two.contact.emails[1], 1));
    assert.equal(clipboard(), two.contact.emails[1].email);
    await run(Commands.copyEmail, one);
    assert.equal(clipboard(), one.contact.emails[0].email);
    await run(Commands.copyEmail, two.contact.id);
    assert.equal(fake.state.recorded.quickPicks.length, 1, 'a contact with several emails asks which');
    await run(Commands.copyEmail, { contactId: two.contact.id, index: 1 });
    assert.equal(clipboard(), two.contact.emails[1].email, 'the hover names the email by its place');
    await run(Commands.copyEmail, { contactId: one.contact.id });
    assert.equal(clipboard(), one.contact.emails[0].email, 'a search result');
    fake.state.recorded.clipboard.length = 0;
    select(one);
    await run(Commands.copyEmail);
    assert.equal(clipboard(), one.contact.emails[0].email, 'the selected row');
    await run(Commands.copyEmail, 'no-such-contact');
    assert.equal(warnings().length, 1, 'an id that is not loaded is said so');
  });

  it('Copy Email and Copy Phone with several values: the picker ignores focus loss at first, and the one picked is copied', async () => {
    const two = contactWhere((c) => c.emails.length >= 2 && c.phones.length >= 2);
    try {
      fake.state.answerQuickPick = (items) => items[1];
      await run(Commands.copyEmail, two.contact.id);
      assert.equal(clipboard(), two.contact.emails[1].email);
      await run(Commands.copyPhone, two.contact.id);
      assert.equal(clipboard(), phoneOf(two.contact.phones[1]));
      assert.deepEqual(
        fake.state.recorded.quickPicks.map((p) => p.ignoreFocusOut),
        [true, true],
      );
    } finally {
      fake.state.answerQuickPick = () => undefined;
    }
  });

  it('Copy Email and Copy as Name <email> over several selected rows; a click outside the selection copies only itself', async () => {
    const [a, b, c] = allContacts().filter((n) => n.contact.emails.length === 1 && subscribed(n.contact).length === 1);
    assert.ok(a && b && c);
    await run(Commands.copyEmail, a, [a, b]);
    assert.deepEqual(clipboard()?.split('\n').sort(), [a, b].map((n) => n.contact.emails[0].email).sort());
    await run(Commands.copyEmail, c, [a, b]);
    assert.equal(clipboard(), c.contact.emails[0].email);
    await run(Commands.copyNameAndEmail, a, [a, b]);
    assert.deepEqual(clipboard()?.split('\n').sort(), [a, b].map((n) => nameAndEmail(n.contact.displayName ?? n.contact.name, n.contact.emails[0].email)).sort());
    await run(Commands.copyNameAndEmail, c);
    assert.equal(clipboard(), nameAndEmail(c.contact.displayName ?? c.contact.name, c.contact.emails[0].email));
    await run(Commands.copyNameAndEmail, { contactId: c.contact.id });
    assert.equal(clipboard(), nameAndEmail(c.contact.displayName ?? c.contact.name, c.contact.emails[0].email), 'a search result');
  });

  it('Copy Phone: a phone row, a contact, an id, several selected rows', async () => {
    const one = contactWhere((c) => c.phones.length === 1);
    const two = contactWhere((c) => c.phones.length >= 2);
    await run(Commands.copyPhone, new PhoneNode(two.contact.id, two.contact.phones[1], 1));
    assert.equal(clipboard(), phoneOf(two.contact.phones[1]));
    await run(Commands.copyPhone, one);
    assert.equal(clipboard(), phoneOf(one.contact.phones[0]));
    await run(Commands.copyPhone, { contactId: two.contact.id, index: 0 });
    assert.equal(clipboard(), phoneOf(two.contact.phones[0]));
    await run(Commands.copyPhone, one, [one, two]);
    assert.deepEqual(clipboard()?.split('\n').sort(), [...one.contact.phones, ...two.contact.phones].map(phoneOf).sort());
  });

  it('Copy All Emails and Copy All Phones: a lead row, a lead id, { leadId }, the selected lead, several leads', async () => {
    const lead = busyLead();
    const contacts = contactsOf(lead).map((n) => n.contact);
    const emails = [...new Set(contacts.flatMap(subscribed))].sort();
    const phones = contacts.flatMap((c) => c.phones.map(phoneOf)).sort();
    const lines = (): string[] | undefined => clipboard()?.split('\n').sort();
    await run(Commands.copyAllEmails, lead);
    assert.deepEqual(lines(), emails);
    fake.state.recorded.clipboard.length = 0;
    await run(Commands.copyAllEmails, lead.group.leadId);
    assert.deepEqual(lines(), emails, 'a lead id');
    fake.state.recorded.clipboard.length = 0;
    await run(Commands.copyAllEmails, { leadId: lead.group.leadId });
    assert.deepEqual(lines(), emails, '{ leadId }');
    fake.state.recorded.clipboard.length = 0;
    select(lead);
    await run(Commands.copyAllEmails);
    assert.deepEqual(lines(), emails, 'the selected lead');
    await run(Commands.copyAllPhones);
    assert.deepEqual(lines(), phones, 'the selected lead’s phones');
    await run(Commands.copyAllPhones, lead.group.leadId);
    assert.deepEqual(lines(), phones);

    const other = leads().find((l) => l !== lead && l.group.leadId !== null && contactsOf(l).some((c) => c.contact.phones.length > 0));
    assert.ok(other);
    await run(Commands.copyAllPhones, lead, [lead, other]);
    const both = [...contacts, ...contactsOf(other).map((n) => n.contact)].flatMap((c) => c.phones.map(phoneOf));
    assert.deepEqual(lines(), [...new Set(both)].sort(), 'both selected leads');
    select();
    await run(Commands.copyAllEmails);
    assert.deepEqual(warnings(), ['Choose a lead in the Contacts view, then Copy All Emails.'], 'no lead given or selected');
  });

  it('Refresh Lead and Open Lead in Close: a lead row, a contact row, a lead id; nothing for no lead', async () => {
    const lead = busyLead();
    const leadId = lead.group.leadId as string;
    const [contact] = contactsOf(lead);
    const refreshed = (): number => server.requests.filter((r) => r.path.endsWith('/contact/') && r.query.lead_id === leadId).length;
    for (const arg of [lead, contact, leadId]) {
      const before = refreshed();
      await run(Commands.refreshLead, arg);
      assert.equal(refreshed(), before + 1, `refreshed from ${typeof arg === 'string' ? 'an id' : arg.kind}`);
      await run(Commands.openLeadInClose, arg);
    }
    const url = `${CLOSE_APP_URL}/lead/${encodeURIComponent(leadId)}/`;
    assert.deepEqual(fake.state.recorded.opened, [url, url, url]);
    const requests = server.requests.length;
    await run(Commands.refreshLead);
    await run(Commands.refreshLead, { leadId: null });
    await run(Commands.openLeadInClose);
    assert.equal(server.requests.length, requests, 'nothing sent');
    assert.equal(warnings().length, 2, 'Refresh Lead says it needs a lead row');
    assert.equal(fake.state.recorded.opened.length, 3);
  });

  it('Export Contacts…: a lead row, a search, a contact or nothing (the organization)', async () => {
    const lead = busyLead();
    const ids = (text: string): string[] => allContacts().map((n) => n.contact.id).filter((id) => text.includes(id)).sort();
    const target = (name: string) => ({ uri: `file:///tmp/${name}.csv`, format: 'csv' });
    await run(Commands.exportContacts, lead, undefined, target('lead'));
    await run(Commands.exportContacts, { leadId: lead.group.leadId }, undefined, target('leadId'));
    await run(Commands.exportContacts, contactsOf(lead)[0], undefined, target('contact'));
    await run(Commands.exportContacts, undefined, undefined, target('all'));
    const written = fake.state.recorded.written;
    assert.deepEqual(written.map((w) => w.uri), ['lead', 'leadId', 'contact', 'all'].map((n) => `file:///tmp/${n}.csv`));
    const ofLead = contactsOf(lead).map((n) => n.contact.id).sort();
    assert.deepEqual(ids(written[0].text), ofLead);
    assert.deepEqual(ids(written[1].text), ofLead);
    assert.equal(ids(written[2].text).length, 80, 'a contact row exports the organization');
    assert.equal(ids(written[3].text).length, 80);

    const someone = contactsOf(lead)[0].contact;
    const query = (someone.displayName ?? someone.name ?? '').split(' ')[0];
    await run(Commands.exportContacts, { query }, undefined, target('search'));
    const found = ids(written[4].text);
    assert.ok(found.includes(someone.id) && found.length < 80, `a search exports its matches (${found.length})`);
  });

  it('Filter: a text sets it at once; without one it asks', async () => {
    await run(Commands.filter, 'acme');
    assert.equal(view.filter, 'acme');
    await run(Commands.clearFilter);
    assert.equal(view.filter, '');
    await run(Commands.filter);
    assert.deepEqual(fake.state.recorded.inputBoxes, ['Close CRM: Filter Contacts']);
    assert.equal(view.filter, '', 'Escape keeps the filter as it was');
  });

  it('Filter and Switch Organization over a webview editor: ask once the webview has taken the focus back', async () => {
    fake.window.tabGroups.activeTabGroup.activeTab = { input: new fake.TabInputWebview('closeCrm.contact') };
    try {
      const filtering = run(Commands.filter);
      const switching = run(Commands.switchOrganization);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(fake.state.recorded.inputBoxes.length, 0, 'the filter box waits');
      assert.equal(fake.state.recorded.quickPicks.length, 0, 'the organization picker waits');
      await Promise.all([filtering, switching]);
      assert.deepEqual(fake.state.recorded.inputBoxes, ['Close CRM: Filter Contacts']);
      assert.deepEqual(fake.state.recorded.quickPicks.map((p) => p.title), ['Close CRM: Switch Organization']);
    } finally {
      fake.window.tabGroups.activeTabGroup.activeTab = undefined;
    }
  });
});
