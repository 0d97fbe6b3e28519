import * as assert from 'node:assert/strict';
import { clampDelay, MAX_TIMER_MS, setSafeTimeout } from '../../../src/close/timers';
import { defaultSleep } from '../../../src/close/transport';
import { longestTimer } from './helpers';

describe('setSafeTimeout', () => {
  it('clamps delays to what setTimeout honours', () => {
    assert.equal(MAX_TIMER_MS, 2_147_483_647);
    assert.equal(clampDelay(1e15), MAX_TIMER_MS);
    assert.equal(clampDelay(Number.POSITIVE_INFINITY), MAX_TIMER_MS);
    assert.equal(clampDelay(Number.NaN), 0);
    assert.equal(clampDelay(-5), 0);
    assert.equal(clampDelay(250), 250);
  });

  it('never hands setTimeout more than 2^31-1 ms (nor does the client sleep)', async () => {
    const { longestMs } = await longestTimer(async () => {
      clearTimeout(setSafeTimeout(() => undefined, 1e15));
      const controller = new AbortController();
      const sleeping = defaultSleep(1e15, controller.signal).catch(() => 'cancelled');
      controller.abort();
      assert.equal(await sleeping, 'cancelled');
    });
    assert.equal(longestMs, MAX_TIMER_MS);
  });
});
