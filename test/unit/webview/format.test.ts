import * as assert from 'assert';
import { callStatusLabel, clip, formatDateTime, formatDuration, formatLocalTime, humanize } from '../../../src/webview/main/format';

describe('webview formatting', () => {
  it('formats call durations as m:ss', () => {
    assert.strictEqual(formatDuration(0), '0:00');
    assert.strictEqual(formatDuration(5), '0:05');
    assert.strictEqual(formatDuration(75), '1:15');
    assert.strictEqual(formatDuration(3725), '62:05');
    assert.strictEqual(formatDuration(59.6), '1:00');
  });

  it('gives no duration for values that are not one', () => {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY, '75', null, undefined]) {
      assert.strictEqual(formatDuration(value), null, String(value));
    }
  });

  it('formats ISO timestamps in the given locale and zone, and shows other text as it is', () => {
    // ICU versions differ in spaces and commas, so the parts are matched, not the exact string.
    assert.match(formatDateTime('2024-03-05T14:07:00Z', { locale: 'en-US', timeZone: 'UTC' }) ?? '', /^Mar 5, 2024,?\s2:07\sPM$/);
    assert.match(formatDateTime('2024-03-05T14:07:00Z', { locale: 'en-US', timeZone: 'America/New_York' }) ?? '', /^Mar 5, 2024,?\s9:07\sAM$/);
    assert.strictEqual(formatDateTime('yesterday-ish', { locale: 'en-US' }), 'yesterday-ish');
    assert.strictEqual(formatDateTime('', {}), null);
    assert.strictEqual(formatDateTime(null, {}), null);
    assert.strictEqual(formatDateTime(12, {}), null);
  });

  it('shows the local time in a valid zone and null for an invalid one', () => {
    const now = Date.parse('2024-03-05T14:07:00Z');
    assert.match(formatLocalTime('America/Los_Angeles', now, 'en-US') ?? '', /^Tue,?\s6:07\sAM\sPST$/);
    assert.match(formatLocalTime('Asia/Tokyo', now, 'en-US') ?? '', /^Tue,?\s11:07\sPM\sGMT\+9$/);
    assert.strictEqual(formatLocalTime('Mars/Olympus_Mons', now, 'en-US'), null);
    assert.strictEqual(formatLocalTime('<img src=x onerror=alert(1)>', now, 'en-US'), null);
    assert.strictEqual(formatLocalTime('', now, 'en-US'), null);
  });

  it('names call statuses and humanizes codes', () => {
    assert.strictEqual(callStatusLabel('no-answer'), 'No answer');
    assert.strictEqual(callStatusLabel('cancel'), 'Cancelled');
    assert.strictEqual(callStatusLabel('something-new'), 'something-new');
    assert.strictEqual(humanize('pending-call-timed-out'), 'pending call timed out');
  });

  it('clips very long text and says how much was left out', () => {
    assert.strictEqual(clip('short'), 'short');
    const clipped = clip('x'.repeat(2500), 2000);
    assert.strictEqual(clipped, `${'x'.repeat(2000)}… (500 more characters)`);
  });
});
