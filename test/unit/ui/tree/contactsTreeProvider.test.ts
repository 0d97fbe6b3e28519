import { fake } from '../../vscodeStub/register';
import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../../src/close/client';
import { ContactsController } from '../../../../src/model/contactsController';
import { ContactsTreeProvider } from '../../../../src/ui/tree/contactsTreeProvider';
import { LeadNode, MoreLeadsNode, type TreeNode } from '../../../../src/ui/tree/nodes';
import { startFakeClose, type FakeClose } from '../../../fake/server';

describe('ui/ContactsTreeProvider batching of changed leads (vscode stubbed)', () => {
  let server: FakeClose;
  let controller: ContactsController;
  let provider: ContactsTreeProvider;
  /** What the provider asked its view for (true: urgent), and the events VS Code got. */
  let wants: boolean[];
  let events: (TreeNode | undefined)[];

  before(async () => {
    server = await startFakeClose({ contacts: 60, leads: 12 });
  });
  after(() => server.close());

  beforeEach(async () => {
    fake.reset();
    const client = new CloseClient({ baseUrl: server.url, apiKey: server.apiKey, maxAttempts: 1, timeoutMs: 5000 });
    controller = new ContactsController({ client, pageSize: 100, organizationId: server.me.organization_id });
    await controller.refresh();
    provider = new ContactsTreeProvider();
    wants = [];
    events = [];
    provider.onWantsUpdate = (urgent) => wants.push(urgent);
    provider.onDidChangeTreeData((node) => events.push(node));
    provider.setController(controller);
    provider.flush();
    wants = [];
    events = [];
  });
  afterEach(() => {
    provider.dispose();
    controller.dispose();
  });

  /** Leads with at least one contact, as the tree shows them. */
  function leadRows(): LeadNode[] {
    return provider.getChildren().filter((n): n is LeadNode => n instanceof LeadNode && n.group.leadId !== null);
  }

  /** Renames every contact of a lead in Close, then refreshes the lead (its count stays). */
  async function renameContactsOf(leadId: string, suffix: string): Promise<void> {
    for (const c of server.dataset.contacts.filter((x) => x.lead_id === leadId)) {
      c.name = `${c.name ?? ''} ${suffix}`;
      c.display_name = c.name;
    }
    await controller.refreshLead(leadId);
  }

  it('sends one event per changed lead whose rows VS Code fetched, only on flush', async () => {
    const [a, b] = leadRows();
    provider.getChildren(a); // VS Code expanded lead a, not lead b
    await renameContactsOf(a.group.leadId as string, 'x');
    await renameContactsOf(a.group.leadId as string, 'y');
    await renameContactsOf(b.group.leadId as string, 'x');

    assert.ok(wants.length >= 1, 'the view was asked to send an update');
    assert.ok(wants.every((urgent) => !urgent), 'a changed lead is not urgent');
    assert.deepEqual(events, [], 'nothing goes out before the view flushes');
    provider.flush();
    assert.deepEqual(events, [a], 'lead a once (twice changed), lead b not at all (never fetched)');
    provider.flush();
    assert.equal(events.length, 1, 'a second flush sends nothing new');
  });

  it('sends the whole tree instead of the changed leads when the root changed too', async () => {
    const [a] = leadRows();
    provider.getChildren(a);
    await renameContactsOf(a.group.leadId as string, 'z');
    provider.setPrivacy(true);
    assert.deepEqual(wants, [false, true], 'the privacy change is urgent');
    provider.flush();
    assert.deepEqual(events, [undefined], 'one event for the whole tree, none for the lead');
  });

  it('asks urgently for a reset and without hurry for a change of the groups', async () => {
    const [a] = leadRows();
    const moved = server.dataset.contacts.find((c) => c.lead_id !== a.group.leadId);
    assert.ok(moved);
    moved.lead_id = a.group.leadId;
    await controller.refreshLead(a.group.leadId as string);
    assert.ok(wants.length > 0 && wants.every((urgent) => !urgent), `a lead count changed: ${JSON.stringify(wants)}`);
    provider.flush();
    assert.deepEqual(events, [undefined]);
    wants = [];
    await controller.clear();
    assert.ok(wants.includes(true), 'clearing the store is urgent');
  });

  describe('pages of lead rows (closeCrm.treeLeadRows)', () => {
    it('shows a page of leads and a Show More Leads row; each click shows one page more, until none is left', () => {
      const all = controller.model.groups();
      assert.ok(all.length > 10, `the fixture has ${all.length} groups`);
      provider.setPageSize(5);
      assert.deepEqual(wants, [true], 'a new page size redraws at once');
      let rows = provider.getChildren();
      assert.deepEqual(rows.slice(0, 5).map((n) => (n as LeadNode).group.leadId), all.slice(0, 5).map((g) => g.leadId), 'the first page, in order');
      const more = rows[5];
      assert.ok(more instanceof MoreLeadsNode, 'the last row shows more');
      assert.equal(rows.length, 6);
      assert.equal(more.description, `5 of ${controller.model.leadCount} leads shown`, 'leads: No lead is not one');
      assert.equal(more.command?.command, 'closeCrm.showMoreLeads');
      assert.deepEqual(more.command?.arguments, [], 'the one-organization tree names no organization');
      assert.equal(provider.rowCount, 5, 'lead rows sent: the page');
      assert.equal(provider.getParent(more), undefined, 'at the root');
      provider.showMore();
      rows = provider.getChildren();
      assert.equal(rows.filter((n) => n instanceof LeadNode).length, 10);
      assert.notEqual(rows[10]?.id, more.id, 'a new id per page');
      while (rows.some((n) => n instanceof MoreLeadsNode)) {
        provider.showMore();
        rows = provider.getChildren();
      }
      assert.deepEqual(rows.map((n) => (n as LeadNode).group.leadId), all.map((g) => g.leadId), 'every lead once the pages cover them');
    });

    it('a filter starts again from one page; the leads it keeps are paged too', () => {
      provider.setPageSize(5);
      provider.showMore();
      provider.setFilter('@');
      const filtered = provider.filtered();
      assert.ok(filtered && filtered.groups().length > 5, 'the filter keeps more than a page');
      const rows = provider.getChildren();
      assert.equal(rows.filter((n) => n instanceof LeadNode).length, 5);
      assert.ok(rows[5] instanceof MoreLeadsNode);
      assert.equal(rows[5].description, `5 of ${filtered.groups().filter((g) => g.leadId !== null).length} leads shown`);
    });

    it('grows the pages to a contact beyond them, for reveal', () => {
      provider.setPageSize(5);
      provider.getChildren();
      const last = controller.model.groups().at(-1);
      const contact = last && controller.model.contactsOf(last.leadId)[0];
      assert.ok(contact);
      wants = [];
      assert.equal(provider.showLeadOf(contact.id), true, 'pages were added');
      assert.deepEqual(wants, [true], 'urgently');
      const node = provider.contactNode(contact.id);
      assert.ok(node);
      const lead = provider.getParent(node);
      assert.ok(lead instanceof LeadNode);
      assert.ok(provider.getChildren().some((n) => n.id === lead.id), 'its lead row is on a shown page');
      assert.equal(provider.showLeadOf(contact.id), false, 'nothing more to add');
      const first = controller.model.contactsOf(controller.model.groups()[0]?.leadId ?? null)[0];
      assert.equal(provider.showLeadOf(first?.id ?? ''), false, 'a contact of the first page needs nothing');
    });

    it('a new page size shows one page of the new size', () => {
      provider.setPageSize(5);
      provider.showMore();
      provider.setPageSize(3);
      assert.equal(provider.getChildren().filter((n) => n instanceof LeadNode).length, 3);
    });
  });
});
