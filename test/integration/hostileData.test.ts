// Issue 5, item 11 in the real VS Code: names, titles and lead names that hold HTML, script and
// markdown/command-link payloads show in the tree as the text they are: no markup, no links.
// The suite runs its own fake Close server with such data, and puts the fixture back after.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { generateDataset, startFakeClose } from '../fake/server';
import { flatten, getApi, ownFakeClose } from './helpers';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '[quit](command:workbench.action.quit)',
  '**bold** $(zap) _x_',
];

describe('hostile data in the real VS Code tree', function () {
  this.timeout(120_000);
  const key = `api_hostile_${randomBytes(10).toString('hex')}`;
  const own = ownFakeClose(
    () => {
      const dataset = generateDataset(40, 8, 4242);
      dataset.contacts.forEach((c, i) => {
        const payload = PAYLOADS[i % PAYLOADS.length];
        c.display_name = `${payload} #${i}`;
        c.title = payload;
      });
      dataset.leads.forEach((l, i) => {
        l.display_name = `${PAYLOADS[i % PAYLOADS.length]} lead ${i}`;
      });
      return startFakeClose({ dataset, apiKey: key });
    },
    { setKey: true },
  );

  it('shows every payload as plain text in labels, descriptions and tooltips', async () => {
    const api = await getApi();
    const nodes = flatten(await api.snapshotTree(2));
    const contacts = nodes.filter((n) => n.contextValue === 'closeCrm.contact');
    const leads = nodes.filter((n) => n.contextValue === 'closeCrm.lead');
    assert.strictEqual(contacts.length, 40);
    assert.ok(leads.length > 0);
    for (const node of nodes) {
      assert.strictEqual(node.markdown, false, `${node.label} is rendered as markdown`);
    }
    for (const [i, c] of own.fake.dataset.contacts.entries()) {
      const row = contacts.find((n) => n.label === c.display_name);
      assert.ok(row, `no row labelled exactly ${JSON.stringify(c.display_name)} (#${i})`);
      assert.strictEqual(row.description, c.title);
      assert.ok(row.tooltip?.includes(c.display_name), 'the tooltip does not show the name as text');
    }
    for (const lead of own.fake.dataset.leads) {
      if (own.fake.dataset.contacts.some((c) => c.lead_id === lead.id)) {
        assert.ok(leads.some((n) => n.label === lead.display_name), `no lead row labelled exactly ${JSON.stringify(lead.display_name)}`);
      }
    }
  });
});
