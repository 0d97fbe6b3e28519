import * as assert from 'node:assert/strict';
import { CloseClient, type CloseClientOptions } from '../../../src/close/client';
import { CloseError } from '../../../src/close/errors';
import { RateLimiter } from '../../../src/close/rateLimit';
import { ContactsController, type LoadStatus, type LoadTrouble } from '../../../src/model/contactsController';
import { startFakeClose, type FakeClose } from '../../fake/server';
import { waitFor } from './helpers';

/** A backoff that never ends on its own: only "Retry now" or a cancel ends it. */
function endlessSleep(_ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new CloseError('cancelled', 'The wait was cancelled.')), { once: true });
  });
}

describe('model/ContactsController: retries, rate-limit waits and missing permissions in the status', () => {
  let fake: FakeClose | undefined;
  const controllers: ContactsController[] = [];

  afterEach(async () => {
    controllers.splice(0).forEach((c) => c.dispose());
    await fake?.close();
    fake = undefined;
  });

  /** Wired like the session does: the client's notices and the limiter's waits reach the controller. */
  function controllerFor(server: FakeClose, extra: Partial<CloseClientOptions> = {}): ContactsController {
    const client = new CloseClient({
      baseUrl: server.url,
      apiKey: server.apiKey,
      retryBaseDelayMs: 2,
      timeoutMs: 2000,
      rateLimiter: new RateLimiter({ onWaitChange: () => controller.noteRateLimitWait() }),
      onRetry: (notice) => controller.noteClientNotice(notice),
      ...extra,
    });
    const controller = new ContactsController({ client, pageSize: 50, organizationId: 'orga_test' });
    controllers.push(controller);
    return controller;
  }

  it('offline: says so while the rows stay, Retry now tries again at once, and the trouble clears', async () => {
    // Without kept-alive sockets, going offline is a refused connection, never a reset socket.
    fake = await startFakeClose({ contacts: 120, keepAlive: false });
    // Waits begun while offline last until "Retry now"; later ones (a request refused just as
    // the server came back) pass at once.
    let online = true;
    const c = controllerFor(fake, { sleep: (ms, signal) => (online ? Promise.resolve() : endlessSleep(ms, signal)) });
    await c.refresh();
    assert.equal(c.status.phase, 'complete');

    await fake.goOffline();
    online = false;
    const wentOffline = Date.now();
    const run = c.refresh();
    await waitFor(() => c.status.trouble !== undefined, 'the trouble to show');
    const trouble = c.status.trouble;
    assert.equal(c.status.phase, 'loading');
    assert.equal(trouble?.kind, 'network');
    assert.equal(trouble?.host, `127.0.0.1:${fake.port}`);
    assert.equal(trouble?.reason, 'connection refused');
    assert.equal(trouble?.attempt, 2);
    assert.equal(trouble?.maxAttempts, 5);
    assert.ok((trouble?.retryAt ?? 0) > wentOffline, 'the retry is due after the failure, not before');
    assert.equal(c.model.size, 120, 'the rows stay while retrying');

    await fake.goOnline();
    online = true;
    await c.retryNow();
    await run;
    assert.equal(c.status.phase, 'complete', c.status.error?.message);
    assert.equal(c.status.trouble, undefined);
    assert.equal(c.model.size, 120);
  });

  it('a success clears the trouble while the load goes on; notices outside a load are ignored', async () => {
    fake = await startFakeClose({ contacts: 30, latencyMs: 300 });
    const c = controllerFor(fake);
    const notice = { type: 'retry', kind: 'server', host: 'h', reason: '503 Service Unavailable', attempt: 2, maxAttempts: 5, waitMs: 1000, at: Date.now() } as const;
    // Read afresh each time (assert.equal narrows a property it has seen undefined).
    const trouble = (): LoadTrouble | undefined => c.status.trouble;
    c.noteClientNotice(notice);
    assert.equal(trouble(), undefined, 'no load in flight');
    const run = c.refresh();
    c.noteClientNotice(notice);
    assert.equal(trouble()?.retryAt, notice.at + 1000);
    // A page further along is not hidden by one on its first retry.
    c.noteClientNotice({ ...notice, attempt: 3 });
    c.noteClientNotice(notice);
    assert.equal(trouble()?.attempt, 3);
    c.noteClientNotice({ type: 'recovered', host: 'h', at: Date.now() });
    assert.equal(trouble(), undefined);
    assert.equal(c.status.phase, 'loading');
    await run;
  });

  it('retries exhausted: the load ends with the network error and no trouble left behind', async () => {
    fake = await startFakeClose({ contacts: 30 });
    const c = controllerFor(fake, { maxAttempts: 3 });
    await fake.goOffline();
    const troubles: number[] = [];
    c.onDidChangeStatus((s) => s.trouble && troubles.push(s.trouble.attempt));
    await c.refresh();
    assert.equal(c.status.phase, 'error');
    assert.equal(c.status.error?.kind, 'network');
    assert.match(c.status.error?.message ?? '', /after 3 tries/);
    assert.equal(c.status.trouble, undefined);
    assert.ok(troubles.includes(3), `attempts shown: ${troubles.join(', ')}`);
  });

  it('Retry now with no load in flight starts one', async () => {
    fake = await startFakeClose({ contacts: 30 });
    const c = controllerFor(fake);
    await c.retryNow();
    assert.equal(c.status.phase, 'complete');
    assert.equal(c.model.size, 30);
  });

  it('a 429 pause shows as trouble and as a rate-limit wait, both gone when the load completes', async () => {
    fake = await startFakeClose({ contacts: 60 });
    fake.setFaults({ every429: { every: 2, retryAfterSeconds: 2 } });
    const c = controllerFor(fake);
    const seen: LoadStatus[] = [];
    c.onDidChangeStatus((s) => seen.push(s));
    await c.refresh();
    assert.equal(c.status.phase, 'complete', c.status.error?.message);
    const paused = seen.find((s) => s.trouble?.kind === 'rateLimited');
    assert.ok(paused, 'the 429 pause was not shown');
    assert.ok(seen.some((s) => s.rateLimitWait !== undefined && s.rateLimitWait.waiting > 0), 'the limiter wait was not shown');
    assert.equal(c.status.trouble, undefined);
    assert.equal(c.status.rateLimitWait, undefined);
  });

  it('403 on /lead/: the contacts load, groups are labelled by lead id, and the status says why', async () => {
    fake = await startFakeClose({ contacts: 150, leads: 20 });
    fake.setFaults({ forbid: { path: '/lead/' } });
    const c = controllerFor(fake);
    await c.refresh();
    assert.equal(c.status.phase, 'complete', c.status.error?.message);
    assert.equal(c.status.error, undefined);
    assert.equal(c.model.size, 150);
    assert.equal(c.status.leadsForbidden?.kind, 'forbidden');
    const groups = c.model.groups().filter((g) => g.leadId !== null);
    assert.ok(groups.length > 0);
    for (const g of groups) {
      assert.equal(c.leadLabel(g.leadId), g.leadId);
    }
    // A later load with the permission back forgets it.
    fake.setFaults({});
    await c.refresh();
    assert.equal(c.status.leadsForbidden, undefined);
  });

  it('403 on /contact/: the load fails naming the missing permission', async () => {
    fake = await startFakeClose({ contacts: 30 });
    fake.setFaults({ forbid: { path: '/contact/' } });
    const c = controllerFor(fake);
    await c.refresh();
    assert.equal(c.status.phase, 'error');
    assert.equal(c.status.error?.kind, 'forbidden');
    assert.match(c.status.error?.message ?? '', /may not read contacts \(Close answered 403 on \/contact\/\)/);
  });
});
