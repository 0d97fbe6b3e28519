import { fake } from '../vscodeStub/register';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { pickSettled, showSettled } from '../../../src/ui/quickInputFocus';

/** A quick input that notes when it was shown and what its focus rule was then. */
function recordingInput(): { input: vscode.QuickInput; shown: { at: number; ignoreFocusOut: boolean }[] } {
  const shown: { at: number; ignoreFocusOut: boolean }[] = [];
  const input = {
    ignoreFocusOut: false,
    show(): void {
      shown.push({ at: Date.now(), ignoreFocusOut: input.ignoreFocusOut });
    },
  };
  return { input: input as unknown as vscode.QuickInput, shown };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ui/quickInputFocus: a quick input opened from the palette over a contact panel (vscode stubbed)', () => {
  beforeEach(() => {
    fake.state.recorded.quickPicks.length = 0;
  });
  afterEach(() => {
    fake.window.tabGroups.activeTabGroup.activeTab = undefined;
    fake.state.answerQuickPick = () => undefined;
  });
  const webviewActive = (): void => {
    fake.window.tabGroups.activeTabGroup.activeTab = { input: new fake.TabInputWebview('closeCrm.contact') };
  };

  it('shows at once when no webview is active, ignoring focus loss for its first second only', async () => {
    const { input, shown } = recordingInput();
    const started = Date.now();
    const timers = showSettled(input);
    assert.equal(shown.length, 1, 'shown at once');
    assert.equal(shown[0]?.ignoreFocusOut, true);
    await sleep(1100);
    assert.equal(input.ignoreFocusOut, false, `a click elsewhere closes it after ${Date.now() - started} ms`);
    timers.dispose();
  });

  it('over a webview: waits for the webview to take the focus back, then shows ignoring focus loss', async () => {
    webviewActive();
    const { input, shown } = recordingInput();
    const started = Date.now();
    const timers = showSettled(input);
    await sleep(50);
    assert.equal(shown.length, 0, 'not shown while the webview takes the focus back');
    await sleep(400);
    assert.equal(shown.length, 1);
    assert.ok((shown[0]?.at ?? 0) - started >= 190, 'shown after the focus settled');
    assert.equal(shown[0]?.ignoreFocusOut, true);
    timers.dispose();
  });

  it('disposed before it showed (the command ended): never shows', async () => {
    webviewActive();
    const { input, shown } = recordingInput();
    showSettled(input).dispose();
    await sleep(300);
    assert.equal(shown.length, 0);
  });

  it('a pick of one item: shows ignoring focus loss, resolves with the item accepted', async () => {
    const items = [{ label: 'Acme' }, { label: 'Globex' }];
    fake.state.answerQuickPick = (shown) => shown[1];
    const picked = await pickSettled(items, { title: 'Close CRM: Switch Organization', placeHolder: 'Choose' });
    assert.equal(picked, items[1]);
    assert.deepEqual(fake.state.recorded.quickPicks, [{ title: 'Close CRM: Switch Organization', labels: ['Acme', 'Globex'], ignoreFocusOut: true }]);
  });

  it('a pick of one item over a webview: waits for the focus, then resolves undefined when dismissed', async () => {
    webviewActive();
    const started = Date.now();
    const picking = pickSettled([{ label: 'CSV' }], { title: 'Export', placeHolder: 'Which format?' });
    await sleep(50);
    assert.equal(fake.state.recorded.quickPicks.length, 0, 'not shown while the webview takes the focus back');
    assert.equal(await picking, undefined);
    assert.ok(Date.now() - started >= 190, `shown after ${Date.now() - started} ms`);
    assert.equal(fake.state.recorded.quickPicks.length, 1);
  });
});
