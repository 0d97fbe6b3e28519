import * as vscode from 'vscode';

// Run from the command palette while a webview editor (a contact panel) is active, VS Code gives
// the focus back to the webview as the palette closes, and that can land just after a quick input
// of ours shows: the webview took the focus, or the input closed at once (1 run in 12, traced in
// code-server). So a quick input a command opens waits for that focus to settle, and stays open
// through its first second whatever the focus does; after that, a click elsewhere closes it.

/** How long a new quick input ignores losing the focus. */
const FOCUS_SETTLE_MS = 1000;
/** How long the webview's focus may take to come back after the palette closes. */
const WEBVIEW_FOCUS_MS = 200;

function webviewActive(): boolean {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputWebview;
}

/** Shows `input` as described above; disposing the result stops the pending timers. */
export function showSettled(input: vscode.QuickInput): vscode.Disposable {
  input.ignoreFocusOut = true;
  const settle = setTimeout(() => {
    input.ignoreFocusOut = false;
  }, FOCUS_SETTLE_MS);
  let show: ReturnType<typeof setTimeout> | undefined;
  if (webviewActive()) {
    show = setTimeout(() => input.show(), WEBVIEW_FOCUS_MS);
  } else {
    input.show();
  }
  return new vscode.Disposable(() => {
    clearTimeout(settle);
    clearTimeout(show);
  });
}

/** What a one-choice quick pick shows besides its items. */
export interface PickOptions {
  title: string;
  placeHolder: string;
}

/**
 * A quick pick of one item, shown as `showSettled` shows an input (`window.showQuickPick` cannot
 * ignore focus loss for a while only): resolves with the item accepted, or undefined when dismissed.
 */
export function pickSettled<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = options.title;
  pick.placeholder = options.placeHolder;
  pick.items = items;
  return new Promise<T | undefined>((resolve) => {
    let answer: T | undefined;
    const subscriptions = [
      pick.onDidAccept(() => {
        answer = pick.selectedItems[0] ?? pick.activeItems[0];
        pick.hide();
      }),
      pick.onDidHide(() => {
        for (const subscription of subscriptions) {
          subscription.dispose();
        }
        pick.dispose();
        resolve(answer);
      }),
      showSettled(pick),
    ];
  });
}
