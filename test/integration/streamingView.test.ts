// While a large load streams in, VS Code's renderer redraws every lead row each time the rows
// are sent, and the window does not respond meanwhile: the view sends its rows far less often
// than its words (counts, progress), and ever less often as the rows grow.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { DEFAULT_TREE_LEAD_ROWS } from '../../src/ui/tree/contactsTreeProvider';
import { STREAM_ROWS_MS_PER_ROW, STREAM_UPDATE_MS } from '../../src/ui/tree/contactsView';
import { startFakeClose } from '../fake/server';
import { controllerOf, getApi, ownFakeClose, waitUntil } from './helpers';

describe('the view while a large load streams in', function () {
  this.timeout(180_000);
  const key = `api_streaming_${randomBytes(10).toString('hex')}`;
  // 12,000 contacts in 3,000 leads at 20 requests/s: some 7 s of pages.
  ownFakeClose(() => startFakeClose({ contacts: 12_000, leads: 3_000, seed: 4242, apiKey: key, latencyMs: 60, rateLimitPerSecond: 20 }), { setKey: false });

  it('sends the rows at most every 0.5 s plus 0.6 ms per lead row, and the words in between', async () => {
    const api = await getApi();
    const started = Date.now();
    let completedAt: number | undefined;
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('closeCrm.setApiKey', key), true, "the suite's key was refused");
    const controller = api.controller;
    const watch = controller.onDidChangeStatus((s) => {
      if (s.phase !== 'loading' && controller.model.size === 12_000) {
        completedAt ??= Date.now();
      }
    });
    try {
      await waitUntil(() => controllerOf(api)?.status.phase === 'complete' && api.controller.model.size === 12_000, 'the 12,000 contacts to load', 120_000);
      await api.whenIdle();
    } finally {
      watch.dispose();
    }
    const end = completedAt ?? Date.now();
    const { rows, words } = api.viewUpdates();
    const during = rows.filter((r) => r.at >= started && r.at < end);
    const wordsDuring = words.filter((at) => at >= started && at < end);
    const paced = during.filter((r) => !r.urgent);
    assert.ok(paced.length >= 2, `rows were sent ${paced.length} times at the streaming pace`);
    for (let i = 1; i < during.length; i++) {
      const before = during[i - 1] as { at: number; leadRows: number };
      const next = during[i] as { at: number; urgent: boolean };
      if (next.urgent) {
        continue; // a reset (a new controller, the first groups) goes out at once
      }
      const gap = next.at - before.at;
      const least = STREAM_UPDATE_MS + before.leadRows * STREAM_ROWS_MS_PER_ROW;
      // A timer may fire a millisecond early by the clock it is compared with.
      assert.ok(gap >= least - 2, `rows sent ${gap} ms after the last time (${before.leadRows} lead rows then): at least ${least} ms expected`);
    }
    assert.ok(wordsDuring.length > paced.length, `the words (${wordsDuring.length} updates) change more often than the rows (${JSON.stringify(during.map((r) => ({ ...r, at: r.at - started })))})`);
    // 3,000 leads: the first page of them, then the Show More Leads row.
    const tree = await api.snapshotTree(1);
    const groups = api.controller.model.groups();
    assert.ok(groups.length > DEFAULT_TREE_LEAD_ROWS, `${groups.length} lead groups`);
    assert.deepStrictEqual(tree.slice(0, -1).map((r) => r.label), groups.slice(0, DEFAULT_TREE_LEAD_ROWS).map((g) => g.label), 'the first page of lead rows shows once the load is done');
    assert.strictEqual(tree.at(-1)?.contextValue, 'closeCrm.moreLeads');
  });
});
