import * as assert from 'node:assert/strict';
import { CloseError } from '../../../src/close/errors';
import type { LoadStatus, LoadTrouble } from '../../../src/model/contactsController';
import { describeStatus, leadsForbiddenText } from '../../../src/ui/tree/statusText';

const now = Date.UTC(2026, 11, 2, 1, 0, 0);
const loading: LoadStatus = { phase: 'loading', contactsLoaded: 240, leadsShown: 48, pages: 0, stale: false, skippedRecords: 0 };
const trouble = (patch: Partial<LoadTrouble>): LoadTrouble => ({
  kind: 'network',
  host: 'api.close.com',
  reason: 'connection refused',
  attempt: 2,
  maxAttempts: 5,
  retryAt: now + 3_200,
  ...patch,
});

describe('view status text: retries, rate-limit waits and missing permissions', () => {
  it('offline: says what happens, when the next try goes and which try it is, with the rows kept', () => {
    const text = describeStatus({ ...loading, trouble: trouble({}) }, now);
    assert.equal(text.message, "Can't reach Close at api.close.com: connection refused. Retrying in 4 s (2 of 5). 240 contacts loaded so far.");
    assert.equal(text.description, '240 contacts · 48 leads');
  });

  it('counts down, then says it is retrying now', () => {
    assert.match(describeStatus({ ...loading, trouble: trouble({}) }, now + 2_300).message ?? '', /Retrying in 1 s \(2 of 5\)/);
    assert.match(describeStatus({ ...loading, trouble: trouble({}) }, now + 3_300).message ?? '', /Retrying now \(2 of 5\)/);
  });

  it('a reason ending in a question is not followed by a stray full stop', () => {
    const text = describeStatus({ ...loading, trouble: trouble({ reason: 'the host name could not be resolved; are you offline?' }) }, now);
    assert.match(text.message ?? '', /are you offline\? Retrying in 4 s/);
  });

  it('timeouts, server errors and 429 pauses have their own words', () => {
    const slow = describeStatus({ ...loading, trouble: trouble({ kind: 'timeout', reason: 'no answer within 30 s', maxAttempts: 3 }) }, now);
    assert.match(slow.message ?? '', /^Close is slow to answer \(api\.close\.com: no answer within 30 s\)\. Retrying in 4 s \(2 of 3\)\./);
    const server = describeStatus({ ...loading, trouble: trouble({ kind: 'server', reason: '503 Service Unavailable' }) }, now);
    assert.match(server.message ?? '', /server error \(503 Service Unavailable\)\. Retrying in 4 s/);
    const paused = describeStatus({ ...loading, trouble: trouble({ kind: 'rateLimited', retryAt: now + 6_000 }) }, now);
    assert.match(paused.message ?? '', /^Close asked to pause \(rate limit\)\. Resuming in 6 s\./);
  });

  it("the limiter's wait shows as a rate-limit wait; a retry wins over it", () => {
    const waiting = describeStatus({ ...loading, rateLimitWait: { waiting: 3, untilMs: now + 2_500 } }, now);
    assert.match(waiting.message ?? '', /^Waiting for Close's rate limit \(3 s\)…/);
    const both = describeStatus({ ...loading, rateLimitWait: { waiting: 3, untilMs: now + 2_500 }, trouble: trouble({}) }, now);
    assert.match(both.message ?? '', /^Can't reach Close/);
  });

  it('with the cache on screen, says the contacts shown are the cached ones', () => {
    const text = describeStatus({ ...loading, cachedAt: now - 5 * 60_000, trouble: trouble({}) }, now);
    assert.match(text.message ?? '', /Retrying in 4 s \(2 of 5\)\. Showing contacts cached 5 min ago\.$/);
  });

  it('403 on leads: the counts, then why groups show lead ids and what to do', () => {
    const forbidden = new CloseError('forbidden', 'This API key may not read leads (Close answered 403 on /lead/).', { status: 403 });
    const text = describeStatus({ ...loading, phase: 'complete', leadsForbidden: forbidden }, now);
    assert.equal(text.message, `240 contacts in 48 leads. ${leadsForbiddenText()}`);
    assert.match(leadsForbiddenText(), /not available to this API key \(Close answered 403 on \/lead\/\): groups show lead ids\. Ask your Close admin/);
  });
});
