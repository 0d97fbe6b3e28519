import * as assert from 'node:assert/strict';
import { VirtualClock } from './helpers';

describe('RateLimiter.waitState and onWaitChange', () => {
  it('says how many requests wait and until when, only for waits over a second, and when it ends', async () => {
    let events = 0;
    const clock = new VirtualClock(true);
    const limiter = clock.limiter({ onWaitChange: () => events++ });
    limiter.release(await limiter.acquire());
    assert.equal(limiter.waitState(), undefined);

    // A short pause is not worth telling.
    limiter.pauseFor(0.3);
    limiter.release(await limiter.acquire());
    assert.equal(events, 0);
    assert.equal(limiter.waitState(), undefined);

    const before = clock.now();
    limiter.pauseFor(1.5);
    const first = limiter.acquire();
    const second = limiter.acquire();
    const state = limiter.waitState();
    assert.equal(state?.waiting, 2);
    assert.equal(state?.untilMs, before + 1500, JSON.stringify(state));
    assert.equal(events, 1, 'the wait started: one event, not one per queued request');

    limiter.release(await first);
    limiter.release(await second);
    assert.equal(limiter.waitState(), undefined);
    assert.equal(events, 2, 'the wait ended');
  });

  it('a longer pause while waiting moves untilMs and tells', async () => {
    let events = 0;
    const clock = new VirtualClock(true);
    const limiter = clock.limiter({ onWaitChange: () => events++ });
    limiter.pauseFor(1.5);
    const waiting = limiter.acquire();
    const first = limiter.waitState()?.untilMs ?? 0;
    limiter.pauseFor(3);
    assert.equal(limiter.waitState()?.untilMs, first + 1500);
    assert.equal(events, 2);
    const abort = new AbortController();
    const cancelled = limiter.acquire(abort.signal).catch(() => 'cancelled');
    abort.abort();
    assert.equal(await cancelled, 'cancelled');
    assert.equal(limiter.waitState()?.waiting, 1);
    limiter.release(await waiting);
    assert.equal(limiter.waitState(), undefined);
  });
});
