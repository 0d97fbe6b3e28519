import * as assert from 'assert';
import { CloseError } from '../../../src/close/errors';
import type { LoadStatus } from '../../../src/model/contactsController';
import { canRetryNow, emptyViewState } from '../../../src/ui/tree/viewState';

function status(patch: Partial<LoadStatus>): LoadStatus {
  return { phase: 'complete', contactsLoaded: 0, leadsShown: 0, pages: 0, stale: false, skippedRecords: 0, ...patch };
}

const trouble = (kind: 'network' | 'timeout' | 'rateLimited' | 'server'): LoadStatus['trouble'] => ({
  kind,
  host: 'api.close.com',
  reason: 'connection refused',
  attempt: 2,
  maxAttempts: 5,
  retryAt: 0,
});

describe('the Contacts view: welcome state when it has no rows', () => {
  const none = { configProblem: false };

  it('rows on screen: no welcome state, whatever happened (the message says it)', () => {
    for (const s of [status({ leadsShown: 3, contactsLoaded: 9 }), status({ leadsShown: 1, phase: 'error', error: new CloseError('network', 'x') })]) {
      assert.strictEqual(emptyViewState({ ...none, status: s }), undefined);
    }
    assert.strictEqual(emptyViewState({ configProblem: true, status: status({ leadsShown: 2 }) }), undefined);
  });

  it('signed out: left to the closeCrm.signedIn welcome', () => {
    assert.strictEqual(emptyViewState({ ...none, status: undefined }), undefined);
  });

  it('an unusable base URL', () => {
    assert.strictEqual(emptyViewState({ configProblem: true, status: undefined }), 'badBaseUrl');
    assert.strictEqual(emptyViewState({ configProblem: true, status: status({ phase: 'loading' }) }), 'badBaseUrl');
  });

  it('the first page loading, and Close unreachable while it retries', () => {
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'loading' }) }), 'loading');
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'loading', otherWindow: { contactsLoaded: 300 } }) }), 'otherWindow');
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'idle' }) }), 'loading');
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'loading', trouble: trouble('network') }) }), 'unreachable');
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'loading', trouble: trouble('timeout') }) }), 'unreachable');
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'loading', trouble: trouble('rateLimited') }) }), 'loading');
  });

  it('the key rejected, Close unreachable, another failure', () => {
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'error', error: new CloseError('auth', 'x') }) }), 'keyRejected');
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'error', error: new CloseError('network', 'x') }) }), 'unreachable');
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'error', error: new CloseError('timeout', 'x') }) }), 'unreachable');
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'error', error: new CloseError('server', 'x') }) }), 'failed');
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'error', error: new CloseError('forbidden', 'x') }) }), 'failed');
  });

  it('an organization with no contacts', () => {
    assert.strictEqual(emptyViewState({ ...none, status: status({ phase: 'complete' }) }), 'empty');
  });

  it('Retry Now is offered while a retry is waited for, not during a pause Close asked for', () => {
    assert.strictEqual(canRetryNow(status({ phase: 'loading', trouble: trouble('network') })), true);
    assert.strictEqual(canRetryNow(status({ phase: 'loading', trouble: trouble('server') })), true);
    assert.strictEqual(canRetryNow(status({ phase: 'loading', trouble: trouble('rateLimited') })), false);
    assert.strictEqual(canRetryNow(status({ phase: 'loading' })), false);
    assert.strictEqual(canRetryNow(status({ phase: 'complete', trouble: trouble('network') })), false);
  });
});
