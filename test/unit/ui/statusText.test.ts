import * as assert from 'node:assert/strict';
import { CloseError } from '../../../src/close/errors';
import type { LoadStatus } from '../../../src/model/contactsController';
import { describeStatus, describeView, formatAge } from '../../../src/ui/tree/statusText';

const base: LoadStatus = { phase: 'idle', contactsLoaded: 0, leadsShown: 0, pages: 0, stale: false, skippedRecords: 0 };
const now = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('view status text', () => {
  it('counts contacts and leads in the description', () => {
    const text = describeStatus({ ...base, phase: 'complete', contactsLoaded: 12345, leadsShown: 2469 }, now);
    assert.equal(text.description, '12,345 contacts · 2,469 leads');
    assert.equal(text.message, '12,345 contacts in 2,469 leads.');
  });

  it('says the filter and its counts in the description and the message', () => {
    const status: LoadStatus = { ...base, phase: 'complete', contactsLoaded: 50000, leadsShown: 10000 };
    const text = describeView(status, now, { query: 'acme', matched: 12, total: 50000 });
    assert.equal(text.description, 'Filter: acme · 12 of 50,000');
    assert.equal(text.message, '50,000 contacts in 10,000 leads. Filter: acme · 12 of 50,000.');
    const none = describeView(status, now, { query: 'zzz', matched: 0, total: 50000 });
    assert.match(none.message ?? '', /No contact matches the filter zzz\. Clear Filter shows every contact\.$/);
    assert.deepEqual(describeView(status, now), describeStatus(status, now), 'no filter: the status alone');
  });

  it('shows progress with counts while loading', () => {
    const text = describeStatus({ ...base, phase: 'loading', contactsLoaded: 300, leadsShown: 60 }, now);
    assert.equal(text.message, 'Loading contacts… 300 so far.');
  });

  it('says when another window loads, with its progress', () => {
    const text = describeStatus({ ...base, phase: 'loading', otherWindow: { contactsLoaded: 12500 } }, now);
    assert.equal(text.message, 'Loading in another window… 12,500 contacts so far.');
    const cached = describeStatus({ ...base, phase: 'loading', contactsLoaded: 10, leadsShown: 2, cachedAt: now - 20 * 60_000, otherWindow: { contactsLoaded: 300 } }, now);
    assert.equal(cached.message, 'Loading in another window… 300 contacts so far. Showing contacts cached 20 min ago.');
  });

  it('marks cached data with its age, and stale data after a failed refresh', () => {
    const cached = describeStatus({ ...base, phase: 'loading', contactsLoaded: 10, leadsShown: 2, cachedAt: now - 5 * 60_000 }, now);
    assert.match(cached.description ?? '', /cached 5 min ago/);
    const stale = describeStatus(
      { ...base, phase: 'error', contactsLoaded: 10, leadsShown: 2, cachedAt: now - 5 * 60_000, stale: true, error: new CloseError('network', 'Could not reach Close.') },
      now,
    );
    assert.match(stale.description ?? '', /stale, cached 5 min ago/);
    assert.match(stale.message ?? '', /cached 5 min ago; refreshing failed\. Could not reach Close\./);
  });

  it('says plainly when Close limits the listing', () => {
    const text = describeStatus({ ...base, phase: 'partial', contactsLoaded: 1000, leadsShown: 200, skipLimited: { maxSkip: 1000 } }, now);
    assert.match(text.message ?? '', /Close limits listing to the first 1,000 contacts: 1,000 loaded\. Use Refresh Lead/);
  });

  it('shows the lead-by-lead progress past max_skip, then says how the rest came', () => {
    const walking = describeStatus(
      { ...base, phase: 'loading', contactsLoaded: 1200, leadsShown: 200, skipLimited: { maxSkip: 1000 }, byLead: { done: 37, total: 400 } },
      now,
    );
    assert.match(walking.message ?? '', /Close limits listing to the first 1,000 contacts: loading the rest lead by lead \(37 of 400 leads\)\. 1,200 contacts loaded so far\./);
    const done = describeStatus(
      { ...base, phase: 'complete', contactsLoaded: 1500, leadsShown: 400, skipLimited: { maxSkip: 1000, completedByLead: true } },
      now,
    );
    assert.match(done.message ?? '', /the rest were loaded lead by lead/);
  });

  it('names the error of an incomplete load and keeps the count', () => {
    const text = describeStatus(
      { ...base, phase: 'partial', contactsLoaded: 400, leadsShown: 80, error: new CloseError('server', 'Close answered 500 (server error).', { status: 500 }) },
      now,
    );
    assert.match(text.message ?? '', /^Incomplete: 400 contacts loaded.*500/);
    assert.match(text.description ?? '', /incomplete/);
  });

  it('names an error that came after a complete load (a failed Refresh Lead)', () => {
    const text = describeStatus(
      { ...base, phase: 'complete', contactsLoaded: 5, leadsShown: 1, error: new CloseError('notFound', 'Close has no lead lead_x (404).') },
      now,
    );
    assert.equal(text.message, '5 contacts in 1 lead. Close has no lead lead_x (404).');
  });

  it('reports skipped records', () => {
    const text = describeStatus({ ...base, phase: 'complete', contactsLoaded: 5, leadsShown: 1, skippedRecords: 2 }, now);
    assert.equal(text.message, '5 contacts in 1 lead. 2 records without an id were skipped.');
  });

  it('formats ages', () => {
    assert.equal(formatAge(10_000), 'just now');
    assert.equal(formatAge(3 * 3_600_000), '3 h ago');
    assert.equal(formatAge(72 * 3_600_000), '3 days ago');
  });
});
