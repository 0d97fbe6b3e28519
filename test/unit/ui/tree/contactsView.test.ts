import { fake } from '../../vscodeStub/register';
import * as assert from 'node:assert/strict';
import { ContactsView, START_HOLD_MS, STREAM_ROWS_MS_PER_ROW, STREAM_UPDATE_MS } from '../../../../src/ui/tree/contactsView';
import type { TreeNode } from '../../../../src/ui/tree/nodes';
import type { FakeTreeView } from '../../vscodeStub/fakeVscode';
import { ContextKeys } from '../../../../src/ui/constants';
import { FakeClock } from '../fakeClock';
import { FakeController } from '../fakeController';

const LEADS = 2000;
/** The least gap between two row updates while a load streams, at LEADS lead rows. */
const ROWS_GAP = STREAM_UPDATE_MS + LEADS * STREAM_ROWS_MS_PER_ROW;

describe('ui/ContactsView update gaps (vscode stubbed, fake clock)', () => {
  let clock: FakeClock;
  let controller: FakeController;
  let view: ContactsView;
  /** Tree events VS Code got (after each it asks for the root rows again, as VS Code does). */
  let treeEvents: number;

  beforeEach(() => {
    fake.reset();
    clock = new FakeClock();
    controller = new FakeController();
    controller.fill(LEADS);
    view = new ContactsView(undefined, clock);
    treeEvents = 0;
    view.provider.onDidChangeTreeData(() => {
      treeEvents++;
      view.provider.getChildren();
    });
    // Every lead on one page: the pacing follows the lead rows VS Code redraws.
    view.setPageSize(LEADS);
  });
  afterEach(() => view.dispose());

  /** A load that brings one contact to an existing lead and a new page count every `stepMs`. */
  function stream(forMs: number, stepMs: number): void {
    for (let t = 0; t < forMs; t += stepMs) {
      const n = controller.status.contactsLoaded + 1;
      controller.store.upsert([{ id: `new${n}`, leadId: `lead${n % LEADS}`, displayName: null, name: `New ${n}`, title: null, emails: [], phones: [] }]);
      controller.setStatus({ contactsLoaded: n, pages: n });
      clock.advance(stepMs);
    }
  }

  it('sends the rows at most every 0.5 s plus 0.6 ms per lead row while a load streams, the words more often', () => {
    controller.setStatus({ phase: 'loading' });
    view.setController(controller.asController);
    clock.advance(1000);
    const first = view.updateLog.rows.length;
    assert.ok(first >= 1, 'the new controller’s rows go out');
    stream(20_000, 50);

    const rows = view.updateLog.rows.slice(first);
    assert.ok(rows.every((r) => !r.urgent && r.leadRows === LEADS), 'streamed rows are not urgent');
    const rowGaps = rows.slice(1).map((r, i) => r.at - rows[i].at);
    assert.ok(rowGaps.length >= 5, `rows keep going out while the load streams (${rows.length})`);
    assert.ok(Math.min(...rowGaps) >= ROWS_GAP, `row gaps ${rowGaps.join(', ')} are at least ${ROWS_GAP} ms`);
    assert.ok(Math.max(...rowGaps) < ROWS_GAP + 1000, `rows are not held back longer than needed: ${rowGaps.join(', ')}`);

    const words = view.updateLog.words.filter((at) => at > rows[0].at);
    const wordGaps = words.slice(1).map((at, i) => at - words[i]);
    assert.ok(words.length > 2 * rows.length, `the words change more often (${words.length}) than the rows (${rows.length})`);
    // Each words update comes on their own pace (0.5 s plus a little per row) or with the rows.
    assert.ok(words.length <= 20_000 / STREAM_UPDATE_MS + rows.length, `the words are batched too (${words.length} updates in 20 s)`);
    assert.ok(Math.max(...wordGaps) < ROWS_GAP, `the words do not wait for the rows: gaps up to ${Math.max(...wordGaps)} ms`);
    assert.equal(treeEvents, view.updateLog.rows.length, 'each row update is one event to VS Code');
  });

  it('paces the rows by the page shown, not by every lead', () => {
    view.setPageSize(LEADS / 4);
    controller.setStatus({ phase: 'loading' });
    view.setController(controller.asController);
    clock.advance(1000);
    const first = view.updateLog.rows.length;
    stream(10_000, 50);
    const rows = view.updateLog.rows.slice(first);
    assert.ok(rows.length >= 2 && rows.every((r) => r.leadRows === LEADS / 4), `a page of rows each time: ${rows.map((r) => r.leadRows).join(', ')}`);
    const gaps = rows.slice(1).map((r, i) => r.at - rows[i].at);
    const pageGap = STREAM_UPDATE_MS + (LEADS / 4) * STREAM_ROWS_MS_PER_ROW;
    assert.ok(Math.max(...gaps) < ROWS_GAP && Math.min(...gaps) >= pageGap, `gaps ${gaps.join(', ')} follow the page's ${pageGap} ms`);
  });

  it('sends a reset at once while a load streams, and the last rows when it ends', () => {
    controller.setStatus({ phase: 'loading' });
    view.setController(controller.asController);
    stream(3000, 50);
    const before = view.updateLog.rows.length;
    const lastAt = view.updateLog.rows[before - 1].at;

    controller.store.clear();
    clock.advance(300);
    const reset = view.updateLog.rows[before];
    assert.ok(reset, 'the reset went out');
    assert.ok(reset.urgent);
    assert.ok(reset.at - lastAt < ROWS_GAP, 'without waiting for the streaming gap');

    controller.fill(10);
    controller.setStatus({ phase: 'complete' });
    clock.advance(300);
    const done = view.updateLog.rows[view.updateLog.rows.length - 1];
    // The reset left the tree empty, so these first rows go at once (maybe at the reset's very moment).
    assert.ok(done !== reset && done.urgent && done.at >= reset.at, 'the rows of the finished load go out within the short gap');
  });

  it('after a load, sends a change at once and settles', async () => {
    controller.setStatus({ phase: 'complete' });
    view.setController(controller.asController);
    clock.advance(1000);
    const sent = view.updateLog.rows.length;
    controller.fill(1, LEADS);
    const settled = view.whenSettled();
    clock.advance(299);
    assert.equal(view.updateLog.rows.length, sent + 1, 'more than 0.3 s after the last update: at once');
    await settled;
    assert.equal(clock.pending, 1, 'only the cache-age timer is left');
    assert.equal(fake.state.recorded.context.get(ContextKeys.viewState), '');
  });

  it('sends the first rows of an empty tree at once, even right after an update of the words', () => {
    const empty = new FakeController();
    empty.setStatus({ phase: 'complete' });
    view.setController(empty.asController);
    clock.advance(1000);
    const before = view.updateLog.rows.length;
    empty.setStatus({ contactsLoaded: 0 });
    const wordsAt = clock.now();
    clock.advance(50);
    empty.store.seedGroups({ leadIds: ['lead_a', 'lead_b'], names: ['Alpha', 'Beta'], counts: [2, 1], statuses: [null, null] });
    const sent = view.updateLog.rows[before];
    assert.ok(sent, 'the seeded rows went out');
    assert.equal(sent.at, wordsAt + 50, 'without waiting for the gap after the words');
  });

  it('sends the end of a load at once, even right after an update', () => {
    controller.setStatus({ phase: 'loading' });
    view.setController(controller.asController);
    stream(3000, 50);
    const lastAt = Math.max(view.updateLog.rows.at(-1)?.at ?? 0, view.updateLog.words.at(-1) ?? 0);
    clock.advance(lastAt + 10 - clock.now());
    const rowsBefore = view.updateLog.rows.length;
    controller.fill(5, LEADS);
    controller.setStatus({ phase: 'complete', contactsLoaded: controller.store.size });
    assert.equal(view.updateLog.rows.length, rowsBefore + 1, 'the last rows went out');
    assert.equal(view.updateLog.rows.at(-1)?.at, lastAt + 10, '10 ms after the last update, not 300');
    assert.equal(view.updateLog.words.at(-1), lastAt + 10, 'the final words with them');
  });

  it('names the active organization in its words while the tree shows every organization', () => {
    controller.setStatus({ phase: 'complete', contactsLoaded: LEADS, leadsShown: LEADS });
    view.setController(controller.asController);
    clock.advance(1000);
    const alone = view.treeView.message ?? '';
    assert.ok(alone.length > 0 && !alone.startsWith('Beta Traders'), alone);

    const other = new FakeController();
    other.fill(3);
    view.setGroups([
      { organizationId: 'orga_a', name: 'Example Sales Org', active: false, controller: other.asController },
      { organizationId: 'orga_b', name: 'Beta Traders', active: true, controller: controller.asController },
    ]);
    clock.advance(1000);
    assert.equal(view.treeView.message, `Beta Traders: ${alone}`);

    view.setGroups([]);
    clock.advance(1000);
    assert.equal(view.treeView.message, alone);
  });
});

describe('ui/ContactsView at a window start (vscode stubbed, fake clock)', () => {
  let clock: FakeClock;
  let view: ContactsView;

  beforeEach(() => {
    fake.reset();
    clock = new FakeClock();
    view = new ContactsView(undefined, clock);
  });
  afterEach(() => view.dispose());

  /** VS Code's ask for the root rows, through the provider the view handed to createTreeView. */
  function askRoot(): { settled: () => boolean; rows: Promise<unknown[]> } {
    const provider = (fake.state.treeViews.at(-1) as FakeTreeView<TreeNode>).options.treeDataProvider;
    let settled = false;
    const rows = Promise.resolve(provider.getChildren(undefined) as TreeNode[] | Thenable<TreeNode[]>).then((r) => {
      settled = true;
      return r ?? [];
    });
    return { settled: () => settled, rows };
  }
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('answers the first ask for the root with the cached rows once they are in, not with an empty tree before them', async () => {
    view.holdRootWhileStarting();
    const ask = askRoot();
    await tick();
    assert.equal(ask.settled(), false, 'the ask waits while the start is under way');
    const controller = new FakeController();
    view.setController(controller.asController); // the key is read: still idle, no rows
    await tick();
    assert.equal(ask.settled(), false, 'an idle organization without rows yet keeps it waiting');
    controller.fill(30); // the cache's lead groups
    controller.setStatus({ phase: 'complete' });
    clock.advance(1);
    assert.equal((await ask.rows).length, 30, 'the answer carries the 30 cached lead rows');
  });

  it('answers at once, empty, when the start finds no organization (signed out), or when it ends without one', async () => {
    view.holdRootWhileStarting();
    const ask = askRoot();
    await tick();
    assert.equal(ask.settled(), false);
    view.setController(undefined); // the session read no key
    assert.deepEqual(await ask.rows, []);

    view.holdRootWhileStarting();
    const again = askRoot();
    await tick();
    assert.equal(again.settled(), false);
    view.startSettled();
    assert.deepEqual(await again.rows, []);
  });

  it('answers once the organization loads without a cache, and never later than START_HOLD_MS', async () => {
    view.holdRootWhileStarting();
    const loading = askRoot();
    const controller = new FakeController();
    view.setController(controller.asController);
    controller.setStatus({ phase: 'loading' });
    clock.advance(1);
    assert.deepEqual(await loading.rows, [], 'loading from Close with no cache: nothing to wait for');

    view.holdRootWhileStarting();
    const idle = new FakeController();
    view.setController(idle.asController);
    const stuck = askRoot();
    clock.advance(START_HOLD_MS - 1);
    await tick();
    assert.equal(stuck.settled(), false);
    clock.advance(1);
    assert.deepEqual(await stuck.rows, [], `answered after ${START_HOLD_MS} ms at most`);
  });

  it('answers at once when nothing holds it (a view made after the start)', async () => {
    const ask = askRoot();
    await tick();
    assert.equal(ask.settled(), true);
  });
});
