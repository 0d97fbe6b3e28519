// Refresh Lead during a full load (issue 8, point 8): neither undoes the other's result, and
// the full load's cleanup never removes what a later Refresh Lead brought. The order of the
// answers is steered by holding responses that the fake Close has already given.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloseClient } from '../../../src/close/client';
import type { Contact, ListContactsParams, ListResponse } from '../../../src/close/types';
import { ContactsController } from '../../../src/model/contactsController';
import { LeadFreshness } from '../../../src/model/leadFreshness';
import { startFakeClose, type FakeClose } from '../../fake/server';
import { waitFor } from './helpers';

type Which = 'full' | 'lead';

/** Answers arrive from the fake at once; those of the held kind reach the caller only on release. */
class HoldingClient extends CloseClient {
  private holding: Which | undefined;
  private release: () => void = () => undefined;
  private gate: Promise<void> = Promise.resolve();
  /** `_skip`s of held full-load pages, and lead ids of held lead listings, already answered. */
  readonly answered = new Set<string>();

  hold(which: Which): void {
    this.holding = which;
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  /** Requests sent from now on are not held; those held stay held until `letGo`. */
  passNew(): void {
    this.holding = undefined;
  }

  letGo(): void {
    this.holding = undefined;
    this.release();
  }

  override async listContacts(params: ListContactsParams, signal?: AbortSignal): Promise<ListResponse<Contact>> {
    const which: Which = params.leadId === undefined ? 'full' : 'lead';
    const held = this.holding === which;
    const gate = this.gate;
    const page = await super.listContacts(params, signal);
    if (held) {
      this.answered.add(which === 'full' ? String(params.skip) : `lead:${params.leadId}`);
      await gate;
    }
    return page;
  }
}

describe('model/LeadFreshness: Refresh Lead and a full load at once', () => {
  let fake: FakeClose | undefined;
  const controllers: ContactsController[] = [];

  afterEach(async () => {
    for (const c of controllers.splice(0)) {
      c.dispose();
    }
    await fake?.close();
    fake = undefined;
  });

  async function setUp(): Promise<{ server: FakeClose; client: HoldingClient; c: ContactsController; leadId: string }> {
    fake = await startFakeClose({ contacts: 300, leads: 30 });
    const server = fake;
    const client = new HoldingClient({ baseUrl: server.url, apiKey: server.apiKey, retryBaseDelayMs: 2, maxAttempts: 2, timeoutMs: 5000 });
    const c = new ContactsController({ client, pageSize: 100, organizationId: 'orga_test' });
    controllers.push(c);
    await c.refresh();
    assert.equal(c.model.size, 300);
    const leadId = server.dataset.contacts.find((x) => x.lead_id && server.dataset.contacts.filter((y) => y.lead_id === x.lead_id).length >= 3)?.lead_id;
    assert.ok(leadId, 'a lead with three contacts');
    return { server, client, c, leadId };
  }

  function addContact(server: FakeClose, leadId: string, id: string, name: string): void {
    const template = server.dataset.contacts[0] as Contact;
    server.dataset.contacts.push({ ...template, id, lead_id: leadId, display_name: name, name, emails: [], phones: [] });
  }

  /** Starts a full load whose three (overlapping) pages are fetched now and delivered on `letGo`. */
  async function fullLoadHeld(client: HoldingClient, c: ContactsController): Promise<{ load: Promise<void> }> {
    client.hold('full');
    const load = c.refresh();
    await waitFor(() => ['0', '99', '198'].every((skip) => client.answered.has(skip)), 'the three pages answered by Close');
    return { load }; // wrapped: an async function returning the promise itself would wait for it
  }

  it('the full load cleanup keeps a contact a later Refresh Lead brought', async () => {
    const { server, client, c, leadId } = await setUp();
    const { load } = await fullLoadHeld(client, c);
    // Created after the full load's pages were read: only the Refresh Lead can know it.
    addContact(server, leadId, 'cont_created_meanwhile', 'Created Meanwhile');
    await c.refreshLead(leadId);
    assert.equal(c.model.get('cont_created_meanwhile')?.leadId, leadId);
    client.letGo();
    await load;
    assert.equal(c.status.phase, 'complete');
    assert.equal(c.model.get('cont_created_meanwhile')?.displayName, 'Created Meanwhile', 'the cleanup removed it');
    assert.equal(c.search('created meanwhile', 5)[0]?.contact.id, 'cont_created_meanwhile');
  });

  it('an old full-load page does not bring back what a later Refresh Lead removed, nor revert its edits', async () => {
    const { server, client, c, leadId } = await setUp();
    const [gone, edited] = server.dataset.contacts.filter((x) => x.lead_id === leadId);
    const { load } = await fullLoadHeld(client, c);
    server.dataset.contacts.splice(server.dataset.contacts.indexOf(gone), 1);
    edited.display_name = 'Edited Later';
    await c.refreshLead(leadId);
    assert.equal(c.model.get(gone.id), undefined);
    client.letGo();
    await load;
    assert.equal(c.status.phase, 'complete');
    assert.equal(c.model.get(gone.id), undefined, 'the deleted contact came back');
    assert.equal(c.model.get(edited.id)?.displayName, 'Edited Later', 'the edit was reverted');
    assert.deepEqual(
      c.model.contactsOf(leadId).map((x) => x.id).sort(),
      server.dataset.contacts.filter((x) => x.lead_id === leadId).map((x) => x.id).sort(),
    );
  });

  it('a Refresh Lead answering after a newer full load does not undo it', async () => {
    const { server, client, c, leadId } = await setUp();
    const [edited] = server.dataset.contacts.filter((x) => x.lead_id === leadId);
    client.hold('lead');
    const leadRefresh = c.refreshLead(leadId);
    await waitFor(() => client.answered.has(`lead:${leadId}`), 'the lead listing answered by Close');
    addContact(server, leadId, 'cont_newer', 'Newer Person');
    edited.display_name = 'Edited After The Lead Listing';
    await c.refresh();
    assert.equal(c.model.get('cont_newer')?.leadId, leadId);
    client.letGo();
    await leadRefresh;
    assert.equal(c.model.get('cont_newer')?.displayName, 'Newer Person', 'the older lead listing removed a newer contact');
    assert.equal(c.model.get(edited.id)?.displayName, 'Edited After The Lead Listing', 'the older lead listing reverted an edit');
  });

  it('the warm-start cache does not bring back what a Refresh Lead left out', async () => {
    fake = await startFakeClose({ contacts: 300, leads: 30 });
    const server = fake;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-fresh-'));
    try {
      const client = new HoldingClient({ baseUrl: server.url, apiKey: server.apiKey, retryBaseDelayMs: 2, maxAttempts: 2, timeoutMs: 5000 });
      const first = new ContactsController({ client, pageSize: 100, organizationId: server.dataset.contacts[0]?.organization_id, cacheDir: dir });
      controllers.push(first);
      await first.refresh();
      await first.whenCacheWritten();
      // The cache holds the groups in display order, 250 contacts a slice: pick one in the second slice.
      const order = first.model.groups().flatMap((g) => first.model.contactsOf(g.leadId));
      const gone = order.slice(260).find((x) => x.leadId !== null);
      assert.ok(gone?.leadId, 'a contact with a lead in the second slice');
      const leadId = gone.leadId;
      server.dataset.contacts.splice(server.dataset.contacts.findIndex((x) => x.id === gone.id), 1);

      const c = new ContactsController({ client, pageSize: 100, organizationId: server.dataset.contacts[0]?.organization_id, cacheDir: dir });
      controllers.push(c);
      client.hold('lead');
      const leadRefresh = c.refreshLead(leadId);
      await waitFor(() => client.answered.has(`lead:${leadId}`), 'the lead listing answered by Close');
      // The lead refresh lands once the cache's first slice is shown, before its second.
      let slices = 0;
      c.model.onDidChange((change) => {
        if (change.kind !== 'reset' && ++slices === 1) {
          client.letGo();
        }
      });
      assert.equal(await c.restoreFromCache(), true);
      await leadRefresh;
      assert.ok(slices >= 2);
      assert.equal(c.model.get(gone.id), undefined, 'the cache brought back a contact the Refresh Lead left out');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a contact moved to another lead stays where the later Refresh Lead put it', async () => {
    const { server, client, c, leadId } = await setUp();
    const [moved] = server.dataset.contacts.filter((x) => x.lead_id === leadId);
    const otherLead = server.dataset.contacts.find((x) => x.lead_id && x.lead_id !== leadId)?.lead_id as string;
    client.hold('lead');
    const older = c.refreshLead(leadId);
    await waitFor(() => client.answered.has(`lead:${leadId}`), 'the first lead listing answered by Close');
    moved.lead_id = otherLead;
    client.passNew();
    await c.refreshLead(otherLead);
    assert.equal(c.model.get(moved.id)?.leadId, otherLead);
    client.letGo(); // the older listing, which still has the contact under its first lead
    await older;
    assert.equal(c.model.get(moved.id)?.leadId, otherLead, 'the older listing moved it back');
  });

  it('of two Refresh Leads of one lead, the one sent later wins whatever the order of answers', async () => {
    const { server, client, c, leadId } = await setUp();
    const [edited] = server.dataset.contacts.filter((x) => x.lead_id === leadId);
    client.hold('lead');
    const first = c.refreshLead(leadId);
    await waitFor(() => client.answered.has(`lead:${leadId}`), 'the first lead listing answered by Close');
    edited.display_name = 'Second Listing';
    client.passNew();
    await c.refreshLead(leadId);
    assert.equal(c.model.get(edited.id)?.displayName, 'Second Listing');
    client.letGo(); // the first, older answer arrives last
    await first;
    assert.equal(c.model.get(edited.id)?.displayName, 'Second Listing', 'the older listing won');
  });
});

describe('model/LeadFreshness rule', () => {
  it('refuses full-load data fetched before a Refresh Lead of its lead that was applied', () => {
    const f = new LeadFreshness();
    const pageTicket = f.tick();
    const run = f.beginLead('lead_a');
    f.applied(run);
    f.endLead(run);
    assert.equal(f.admitListed(pageTicket, 'cont_1', 'lead_a', 'lead_a'), false);
    assert.equal(f.admitListed(pageTicket, 'cont_1', 'lead_b', 'lead_a'), false, 'moved away according to older data');
    assert.equal(f.admitListed(pageTicket, 'cont_2', 'lead_b', undefined), true, 'other leads are not concerned');
    assert.equal(f.admitListed(f.tick(), 'cont_1', 'lead_a', 'lead_a'), true, 'data fetched after the refresh is newer');
  });

  it('tells a Refresh Lead in flight which contacts newer full-load pages brought', () => {
    const f = new LeadFreshness();
    const older = f.tick();
    const run = f.beginLead('lead_a');
    assert.equal(f.admitListed(older, 'cont_old', 'lead_a', undefined), true);
    assert.equal(f.admitListed(f.tick(), 'cont_new', 'lead_a', undefined), true);
    assert.deepEqual([...run.newer], ['cont_new']);
    assert.equal(f.mayApply(run), true);
  });

  it('stamps what a listing returns (the page, and its ends for a pager that slices); unstamped counts as now', async () => {
    const f = new LeadFreshness();
    const records = [{ id: 'cont_1' }, { id: 'cont_2' }, { id: 'cont_3' }];
    const page = await f.stamped(() => Promise.resolve({ data: records }));
    const stampedAt = f.ticketOfPage(page.data);
    f.tick();
    assert.ok(stampedAt < f.ticketOfPage([{ id: 'unknown' }]), 'an unstamped page is newest');
    assert.equal(f.ticketOfPage(page.data.slice(1)), stampedAt, 'a slice keeps its last record');
    assert.equal(f.ticketOfPage(page.data.slice(0, 2)), stampedAt, 'a slice keeps its first record');
    const later = await f.stamped(() => Promise.resolve({ data: [{ id: 'cont_4' }] }));
    assert.equal(f.ticketOfPage([...page.data, ...later.data]), stampedAt, 'two reads merged: the older decides');
    assert.equal(f.ticketOfPage([]), f.ticketOfPage([{ id: 'x' }]));
  });
});
