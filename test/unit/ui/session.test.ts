import { fake } from '../vscodeStub/register';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { accountFromMe } from '../../../src/model/account';
import type { ContactsController } from '../../../src/model/contactsController';
import { ApiKeyStore } from '../../../src/ui/auth/apiKeyStore';
import { ACCOUNT_SECRET_KEY, ContextKeys, SECRET_KEY, Settings } from '../../../src/ui/constants';
import { Log } from '../../../src/ui/log';
import { CloseSession } from '../../../src/ui/session';
import { watchSettings } from '../../../src/ui/settings';
import { startFakeClose, type FakeClose } from '../../fake/server';
import { waitFor } from '../model/helpers';
import { fakeContext, type FakeContext } from './fakeContext';

const SECOND_KEY = 'fake_close_key_second_org_7yH2mQ9w';

describe('ui/CloseSession.connect across key, setting and account changes (vscode stubbed)', () => {
  let server: FakeClose;
  let context: FakeContext;
  let keys: ApiKeyStore;
  let session: CloseSession;
  let settingsWatch: { dispose(): void };
  /** Every controller the session announced (undefined: none), and how often the key changed. */
  let announced: (ContactsController | undefined)[];
  let keyChanges: number;

  before(async () => {
    server = await startFakeClose({ contacts: 40, leads: 8, secondOrganization: { apiKey: SECOND_KEY, contacts: 12, name: 'Second Org' } });
  });
  after(() => server.close());

  beforeEach(async () => {
    fake.reset();
    fake.state.settings.set(`${Settings.section}.${Settings.apiBaseUrl}`, server.url);
    // Each new controller loads (a fresh cache would otherwise be shown without a load).
    fake.state.settings.set(`${Settings.section}.${Settings.refreshOnStartMinutes}`, 0);
    context = await fakeContext();
    keys = new ApiKeyStore(context.asContext);
    session = new CloseSession(context.asContext, keys, new Log());
    settingsWatch = watchSettings(session, { setMode: () => Promise.resolve() });
    announced = [];
    keyChanges = 0;
    session.onDidChangeController((c) => announced.push(c));
    session.onDidChangeKey(() => keyChanges++);
  });
  afterEach(async () => {
    await session.whenIdle();
    settingsWatch.dispose();
    session.dispose();
    keys.dispose();
    await session.lastController?.whenCacheWritten();
    await context.remove();
  });

  /** Signs in with the fake's key and its account facts, as Set API Key does. */
  async function signIn(): Promise<ContactsController> {
    await session.start();
    await session.signIn(server.apiKey, server.me);
    await session.whenIdle();
    const controller = session.controller;
    assert.ok(controller, 'signed in');
    return controller;
  }

  it('without a key: no controller, and the signed-in context key is false', async () => {
    await session.start();
    assert.equal(session.controller, undefined);
    assert.deepEqual(announced, [undefined]);
    assert.equal(fake.state.recorded.context.get(ContextKeys.signedIn), false);
  });

  it('a key with known account facts opens its organization and loads; the same key again changes nothing', async () => {
    const controller = await signIn();
    assert.equal(controller.organizationId, server.me.organization_id);
    assert.equal(controller.status.phase, 'complete');
    assert.equal(controller.status.contactsLoaded, 40);
    assert.equal(fake.state.recorded.context.get(ContextKeys.signedIn), true);
    const count = announced.length;
    await session.reconnect();
    assert.equal(session.controller, controller);
    assert.equal(announced.length, count, 'no new controller for the key in use');
    assert.equal(keyChanges, 0, 'a first key is no change of key');
  });

  it('a setting the client is built with rebuilds the controller under the same key; others do not', async () => {
    const first = await signIn();
    fake.setSetting(Settings.section, Settings.privacyMode, true);
    await session.reconnect(true);
    assert.equal(session.controller, first, 'a forced reconnect with the same client settings keeps the loaded contacts');

    fake.setSetting(Settings.section, Settings.pageSize, 20);
    await session.reconnect(); // the settings watcher's forced reconnect is queued before this one
    const second = session.controller;
    assert.ok(second && second !== first, 'a new controller for the new page size');
    assert.equal(keyChanges, 0, 'the key did not change');
    await session.whenIdle();
    assert.equal(second.status.contactsLoaded, 40);
    assert.ok(server.requests.some((r) => r.path.includes('/contact/') && r.query._limit === '20'), 'pages of 20 asked for');
  });

  it('turning the cache off deletes it and reconnects without one', async () => {
    const first = await signIn();
    await first.whenCacheWritten();
    assert.ok((await fs.readdir(session.cacheRoot)).length > 0, 'a cache was written');
    fake.setSetting(Settings.section, Settings.cacheContacts, false);
    await session.reconnect();
    await waitFor(() => session.controller !== first, 'the controller without a cache');
    await session.whenIdle();
    await session.controller?.whenCacheWritten();
    await assert.rejects(fs.readdir(session.cacheRoot), 'the cache folder is gone and stays gone');
  });

  it('an unusable base URL keeps the loaded contacts and reports it once; fixing it drops the problem', async () => {
    const controller = await signIn();
    fake.setSetting(Settings.section, Settings.apiBaseUrl, 'ftp://example.com');
    await session.reconnect();
    assert.ok(session.problem?.includes('closeCrm.apiBaseUrl'), session.problem);
    assert.equal(session.controller, controller, 'the loaded contacts stay');
    assert.equal(announced[announced.length - 1], controller);
    assert.equal(fake.state.recorded.messages.filter((m) => m.level === 'error').length, 1);

    fake.setSetting(Settings.section, Settings.apiBaseUrl, server.url);
    await session.reconnect();
    assert.equal(session.problem, undefined);
    assert.equal(session.controller, controller, 'the same URL as before: nothing rebuilt');
  });

  it('a key changed in another window: the key-change event, and the facts of the old key are not used', async () => {
    const first = await signIn();
    const requestsBefore = server.requests.length;
    const opened: (string | undefined)[] = [];
    session.onDidChangeController((c) => opened.push(c?.organizationId));
    // Another window stores only the new key; the account facts beside it still name the first key.
    await context.secrets.store(SECRET_KEY, SECOND_KEY);
    await waitFor(() => opened.length > 0, 'the new controller');
    assert.equal(keyChanges, 1);
    assert.deepEqual(opened, [undefined], 'no organization is opened on facts learned with another key');
    assert.notEqual(session.controller, first);
    await session.whenIdle();
    await waitFor(() => session.controller?.organizationId === server.second?.me.organization_id, 'the organization learned with GET /me/');
    assert.equal(session.controller?.status.contactsLoaded, 12);
    const facts = await keys.account(SECOND_KEY);
    assert.equal(facts?.organizationId, server.second?.me.organization_id, 'the new key’s facts are kept');
    assert.ok(server.requests.slice(requestsBefore).some((r) => r.path.endsWith('/me/')), 'the account was asked for');
  });

  it('a known key set in another window with its facts opens that organization at once', async () => {
    await signIn();
    const second = server.second;
    assert.ok(second);
    const opened: (string | undefined)[] = [];
    session.onDidChangeController((c) => opened.push(c?.organizationId));
    await keys.rememberAccount(SECOND_KEY, accountFromMe(second.me));
    await context.secrets.store(SECRET_KEY, SECOND_KEY);
    await waitFor(() => opened.length > 0, 'the new controller');
    assert.deepEqual(opened, [second.me.organization_id], 'its organization (and cache) from the first moment');
    assert.ok(context.secrets.values.get(ACCOUNT_SECRET_KEY));
  });

  it('the key deleted in another window: the old contacts are cleared and no controller is left', async () => {
    const controller = await signIn();
    await context.secrets.delete(SECRET_KEY);
    await waitFor(() => announced[announced.length - 1] === undefined, 'the sign-out');
    await session.reconnect();
    assert.equal(session.controller, undefined);
    assert.equal(keyChanges, 1);
    assert.deepEqual(controller.search('', 10), [], 'nothing of the old account stays on screen');
    assert.equal(fake.state.recorded.context.get(ContextKeys.signedIn), false);
    assert.equal(session.lastController, controller);
  });
});
