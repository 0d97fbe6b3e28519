import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import { leadLabelOf } from '../../../src/model/controller/leadRefresh';
import { MAX_UNNAMED_LEADS } from '../../../src/model/controller/unnamedLeads';
import { ContactsController } from '../../../src/model/contactsController';
import { generateDataset, startFakeClose, type FakeClose, type FakeCloseOptions } from '../../fake/server';

describe('model: leads the lead pages did not name are asked for by id after the load', () => {
  let fake: FakeClose | undefined;
  const controllers: ContactsController[] = [];

  afterEach(async () => {
    for (const c of controllers.splice(0)) {
      c.dispose();
    }
    await fake?.close();
    fake = undefined;
  });

  async function start(options: FakeCloseOptions): Promise<{ server: FakeClose; controller: ContactsController; lines: string[] }> {
    const server = await startFakeClose(options);
    fake = server;
    const lines: string[] = [];
    const client = new CloseClient({ baseUrl: server.url, apiKey: server.apiKey, retryBaseDelayMs: 2, maxAttempts: 2, timeoutMs: 2000 });
    const controller = new ContactsController({ client, pageSize: 100, organizationId: server.me.organization_id, log: (line) => lines.push(line) });
    controllers.push(controller);
    return { server, controller, lines };
  }

  /** The single-lead requests (`GET /lead/{id}/`) the fake answered, by lead id. */
  function leadsAskedById(server: FakeClose): string[] {
    return server.requests.flatMap((r) => /\/lead\/(lead_[^/]+)\/$/.exec(r.path)?.[1] ?? []);
  }

  it('names the leads created while the load ran, after the lead pages had passed them', async () => {
    const { server, controller, lines } = await start({ contacts: 1500, leads: 100, seed: 5, latencyMs: 5 });
    // Every other contact listing, a contact is added at the end of the list with a new lead,
    // which the fake lists first among the leads (as a newest-first listing would).
    server.setFaults({ mutateBetweenPages: { insertEvery: 2, insertAt: 'end', newLead: true } });
    await controller.refresh();
    assert.equal(controller.status.phase, 'complete', controller.status.error?.message);
    const created = new Set(server.mutations.leadsCreated);
    const shownNew = controller.model.groups().filter((g) => g.leadId !== null && created.has(g.leadId));
    assert.ok(shownNew.length > 0, 'some contacts of the new leads were loaded');
    const asked = leadsAskedById(server);
    assert.ok(asked.length > 0, 'the lead pages missed some of the new leads (else this test shows nothing)');
    for (const id of asked) {
      assert.ok(created.has(id), `only leads the pages did not list are asked for (${id})`);
    }
    for (const g of controller.model.groups().filter((x) => x.leadId !== null)) {
      const lead = server.dataset.leads.find((l) => l.id === g.leadId);
      assert.ok(g.named, `lead ${g.leadId} is named`);
      assert.equal(controller.leadLabel(g.leadId), lead?.display_name);
      assert.equal(g.status, lead?.status_label);
    }
    assert.ok(
      lines.some((l) => l.includes(`did not name ${asked.length} leads of the loaded contacts: asked Close for ${asked.length} by id, ${asked.length} named.`)),
      lines.join('\n'),
    );
  });

  it('asks for nothing when the lead pages named every lead', async () => {
    const { server, controller, lines } = await start({ contacts: 400, leads: 80 });
    await controller.refresh();
    assert.equal(controller.status.phase, 'complete');
    assert.deepEqual(leadsAskedById(server), []);
    assert.ok(!lines.some((l) => l.includes('did not name')));
  });

  it('a lead Close no longer has (404) keeps its id, and the load completes without an error', async () => {
    const dataset = generateDataset(120, 20, 3);
    const orphan = dataset.contacts[7];
    assert.ok(orphan);
    orphan.lead_id = 'lead_deletedMeanwhile';
    const { server, controller, lines } = await start({ dataset });
    await controller.refresh();
    assert.equal(controller.status.phase, 'complete');
    assert.equal(controller.status.error, undefined);
    assert.deepEqual(leadsAskedById(server), ['lead_deletedMeanwhile']);
    assert.equal(controller.leadLabel('lead_deletedMeanwhile'), 'lead_deletedMeanwhile');
    assert.ok(lines.some((l) => l.includes('asked Close for 1 by id, 0 named, 1 no longer in Close.')), lines.join('\n'));
  });

  it(`asks for ${MAX_UNNAMED_LEADS} at most, and says how many keep their ids`, async () => {
    const dataset = generateDataset(MAX_UNNAMED_LEADS + 10, 5, 4);
    dataset.contacts.forEach((c, i) => {
      c.lead_id = `lead_missing${i}`;
    });
    const { server, controller, lines } = await start({ dataset });
    await controller.refresh();
    assert.equal(controller.status.phase, 'complete');
    assert.equal(leadsAskedById(server).length, MAX_UNNAMED_LEADS);
    assert.ok(lines.some((l) => l.includes(`the other 10 keep showing their ids until a Refresh.`)), lines.join('\n'));
  });

  it('asks for nothing when the key may not read leads (403 on /lead/)', async () => {
    const { server, controller } = await start({ contacts: 150, leads: 20 });
    server.setFaults({ forbid: { path: '/lead/' } });
    await controller.refresh();
    assert.equal(controller.status.phase, 'complete');
    assert.equal(controller.status.leadsForbidden?.kind, 'forbidden');
    assert.deepEqual(leadsAskedById(server), []);
  });

  it("a lead's label is its display_name, else its name; one of spaces only is no name", () => {
    assert.equal(leadLabelOf({ display_name: 'Acme', name: 'Acme Inc' }), 'Acme');
    assert.equal(leadLabelOf({ display_name: '', name: 'Acme Inc' }), 'Acme Inc');
    assert.equal(leadLabelOf({ display_name: '   ', name: null }), undefined);
    assert.equal(leadLabelOf({}), undefined);
  });
});
