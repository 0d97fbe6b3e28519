import { fake } from '../../vscodeStub/register';
import * as assert from 'node:assert/strict';
import { Commands } from '../../../../src/ui/constants';
import { startFakeClose, type FakeClose } from '../../../fake/server';
import { commandHarness, type CommandHarness } from './harness';

const SECOND_KEY = 'fake_close_key_second_org_Qe81Lz4T';

describe('ui/commands: the account commands’ arguments (vscode stubbed)', () => {
  let server: FakeClose;
  let harness: CommandHarness | undefined;
  let orgA: string;
  let orgB: string;

  before(async () => {
    server = await startFakeClose({ contacts: 20, seed: 3, secondOrganization: { apiKey: SECOND_KEY, contacts: 9, name: 'Second' } });
    orgA = server.me.organization_id ?? assert.fail();
    orgB = server.second?.me.organization_id ?? assert.fail();
  });
  after(() => server.close());
  afterEach(() => harness?.dispose());

  const active = (h: CommandHarness): string | undefined => h.session.controller?.organizationId;

  it('in the extension’s tests: a key for Set API Key and Add Organization, an organization id to switch to, a scope to sign out of', async () => {
    const h = (harness = await commandHarness(server, true));
    assert.equal(await h.run(Commands.addOrganization, SECOND_KEY), orgB);
    assert.equal(active(h), orgB);
    assert.equal(await h.run(Commands.switchOrganization, orgA), orgA);
    assert.equal(active(h), orgA);
    assert.equal(await h.run(Commands.switchOrganization, 'orga_not_added'), undefined);
    assert.equal(active(h), orgA);
    assert.deepEqual(
      fake.state.recorded.messages.filter((m) => m.level === 'warning').map((m) => m.text),
      ['That Close organization is not added in VS Code any more.'],
    );
    await h.run(Commands.signOut, 'active');
    assert.equal(active(h), orgB, 'the other organization takes over');
    assert.deepEqual((await h.session.organizations()).map((o) => o.id), [orgB]);
    assert.equal(await h.run(Commands.setApiKey, server.apiKey), true);
    assert.equal(active(h), orgA, 'Set API Key puts its key in the place of the active organization');
    assert.deepEqual((await h.session.organizations()).map((o) => o.id), [orgA]);
    await h.run(Commands.signOut, 'all');
    assert.equal(h.session.controller, undefined);
    assert.deepEqual(await h.session.organizations(), []);
    assert.deepEqual(fake.state.recorded.inputBoxes, [], 'nothing was asked');
  });

  it('anywhere else a key or scope given as an argument is not taken: it asks', async () => {
    const h = (harness = await commandHarness(server, false));
    assert.equal(await h.run(Commands.setApiKey, SECOND_KEY), false);
    assert.equal(await h.run(Commands.addOrganization, SECOND_KEY), undefined);
    assert.equal(fake.state.recorded.inputBoxes.length, 2, 'both asked for a key (and were dismissed)');
    assert.equal(active(h), orgA);
    assert.deepEqual((await h.session.organizations()).map((o) => o.id), [orgA]);
    const second = server.second ?? assert.fail();
    await h.session.signIn(SECOND_KEY, second.me, 'add');
    await h.run(Commands.signOut, 'all');
    assert.ok(
      fake.state.recorded.messages.some((m) => m.level === 'warning' && m.text.startsWith('Sign out of the organization')),
      'with two organizations it asks which to sign out of',
    );
    assert.deepEqual((await h.session.organizations()).map((o) => o.id).sort(), [orgA, orgB].sort(), 'dismissed: nobody is signed out');
  });
});
