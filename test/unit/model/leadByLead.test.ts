import * as assert from 'node:assert/strict';
import { CloseError } from '../../../src/close/errors';
import { walkLeads, type LeadContacts } from '../../../src/model/leadByLead';

/** A lead's answer after `ms`, complete with no contacts. */
function answer(leadId: string, ms: number, signal: AbortSignal): Promise<LeadContacts> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CloseError('cancelled', 'cancelled'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve({ leadId, contacts: [], skipped: 0, result: { pages: 1, items: 0, complete: true, requests: 1, misses: 0, repeated: 0 } });
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

describe('model/walkLeads', () => {
  const leads = Array.from({ length: 30 }, (_, i) => `lead_${i}`);

  it('starts more leads at once when the concurrency it is given grows, each lead once', async () => {
    let live = 0;
    let max = 0;
    const applied: string[] = [];
    const result = await walkLeads({
      leadIds: leads,
      concurrency: () => (applied.length < 4 ? 2 : 5),
      signal: new AbortController().signal,
      fetch: async (leadId, signal) => {
        max = Math.max(max, ++live);
        try {
          return await answer(leadId, 5, signal);
        } finally {
          live--;
        }
      },
      apply: (lead) => applied.push(lead.leadId),
      onProgress: () => undefined,
    });
    assert.deepEqual(result, { done: 30, total: 30 });
    assert.equal(max, 5);
    assert.deepEqual([...applied].sort(), [...leads].sort());
  });

  it('a fixed concurrency keeps that many in flight, and the first failure stops the walk', async () => {
    let live = 0;
    let max = 0;
    let started = 0;
    const result = await walkLeads({
      leadIds: leads,
      concurrency: 3,
      signal: new AbortController().signal,
      fetch: async (leadId, signal) => {
        max = Math.max(max, ++live);
        started++;
        try {
          if (leadId === 'lead_7') {
            throw new CloseError('auth', 'Close did not accept the API key.');
          }
          return await answer(leadId, 5, signal);
        } finally {
          live--;
        }
      },
      apply: () => undefined,
      onProgress: () => undefined,
    });
    assert.equal(max, 3);
    assert.equal(result.error?.kind, 'auth');
    assert.ok(result.done < 8 && started <= 8 + 3, `${result.done} done, ${started} started`);
  });
});
