// A small fake of the parts of the `vscode` API that src/ui uses, for the unit tier (plain
// mocha, no extension host). register.ts hands it out for `require('vscode')`. Classes implement
// the real types where they can, so a change in how src/ui calls them shows as a type error.
import type * as vscode from 'vscode';

type Listener<T> = (e: T) => unknown;

export class Disposable implements vscode.Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }

  private done = false;

  constructor(private readonly onDispose: () => unknown) {}

  dispose(): void {
    if (!this.done) {
      this.done = true;
      this.onDispose();
    }
  }
}

export class EventEmitter<T> implements vscode.EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const bound: Listener<T> = (e) => listener.call(thisArgs, e);
    this.listeners.add(bound);
    const d = new Disposable(() => this.listeners.delete(bound));
    disposables?.push(d);
    return d;
  };

  /** Listeners now attached (for tests that check a subscription went away). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  fire(data: T): void {
    for (const listener of [...this.listeners]) {
      listener(data);
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export enum UIKind {
  Desktop = 1,
  Web = 2,
}

export enum ExtensionMode {
  Production = 1,
  Development = 2,
  Test = 3,
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class TreeItem {
  id?: string;
  description?: string | boolean;
  tooltip?: string | vscode.MarkdownString;
  contextValue?: string;
  iconPath?: ThemeIcon;
  command?: vscode.Command;
  accessibilityInformation?: vscode.AccessibilityInformation;

  constructor(
    public label: string | vscode.TreeItemLabel,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export class MarkdownString {
  isTrusted?: boolean;

  constructor(public value = '') {}

  appendText(text: string): this {
    this.value += text;
    return this;
  }

  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    private readonly text: string,
  ) {}

  static parse(text: string): Uri {
    const match = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(text);
    return new Uri(match?.[1] ?? 'file', match?.[2] ?? text, text);
  }

  static file(fsPath: string): Uri {
    return new Uri('file', fsPath, `file://${fsPath}`);
  }

  static joinPath(base: Uri, ...parts: string[]): Uri {
    return Uri.file([base.path, ...parts].join('/'));
  }

  get fsPath(): string {
    return this.path;
  }

  toString(): string {
    return this.text;
  }
}

/** `{0}`-style placeholders, as vscode.l10n.t fills them without a bundle. */
function format(message: string, args: readonly unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (whole: string, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

export const l10n = {
  bundle: undefined,
  t(message: string | { message: string; args?: unknown[] }, ...args: unknown[]): string {
    return typeof message === 'string' ? format(message, args) : format(message.message, message.args ?? []);
  },
};

/** What src/ui showed, ran and wrote, in order; `reset()` empties it. */
export interface Recorded {
  messages: { level: 'info' | 'warning' | 'error'; text: string }[];
  statusBar: string[];
  clipboard: string[];
  opened: string[];
  /** `setContext` calls: the latest value per key. */
  context: Map<string, unknown>;
  executed: { id: string; args: unknown[] }[];
  /** `ignoreFocusOut`: what the pick said when it showed (createQuickPick only). */
  quickPicks: { title?: string; labels: string[]; ignoreFocusOut?: boolean }[];
  inputBoxes: string[];
  written: { uri: string; text: string }[];
  logLines: string[];
}

function emptyRecord(): Recorded {
  return { messages: [], statusBar: [], clipboard: [], opened: [], context: new Map(), executed: [], quickPicks: [], inputBoxes: [], written: [], logLines: [] };
}

type QuickPickAnswer = (items: readonly vscode.QuickPickItem[], title: string | undefined) => vscode.QuickPickItem | undefined;

interface FakeState {
  recorded: Recorded;
  settings: Map<string, unknown>;
  commands: Map<string, (...args: unknown[]) => unknown>;
  /** Answers a quick pick when shown (the default picks nothing, as Escape does). */
  answerQuickPick: QuickPickAnswer;
  treeViews: FakeTreeView<unknown>[];
}

export const state: FakeState = {
  recorded: emptyRecord(),
  settings: new Map(),
  commands: new Map(),
  answerQuickPick: () => undefined,
  treeViews: [],
};

const configurationChanged = new EventEmitter<vscode.ConfigurationChangeEvent>();

/** Forgets everything recorded, every setting and registered command. */
export function reset(): void {
  state.recorded = emptyRecord();
  state.settings.clear();
  state.commands.clear();
  state.answerQuickPick = () => undefined;
  state.treeViews = [];
}

/** Sets `closeCrm.<key>` (undefined: back to the default) and fires onDidChangeConfiguration. */
export function setSetting(section: string, key: string, value: unknown): void {
  const name = `${section}.${key}`;
  if (value === undefined) {
    state.settings.delete(name);
  } else {
    state.settings.set(name, value);
  }
  configurationChanged.fire({ affectsConfiguration: (s: string) => name === s || name.startsWith(`${s}.`) });
}

export class FakeTreeView<T> {
  message: string | undefined;
  description: string | undefined;
  title: string | undefined;
  selection: readonly T[] = [];
  readonly revealed: T[] = [];

  constructor(
    readonly viewId: string,
    readonly options: vscode.TreeViewOptions<T>,
  ) {}

  reveal(element: T): Promise<void> {
    this.revealed.push(element);
    return Promise.resolve();
  }

  dispose(): void {}
}

function record(level: 'info' | 'warning' | 'error') {
  return (text: string): Promise<undefined> => {
    state.recorded.messages.push({ level, text });
    return Promise.resolve(undefined);
  };
}

const cancelled: vscode.CancellationToken = { isCancellationRequested: false, onCancellationRequested: new EventEmitter<unknown>().event };

/** A webview editor's tab input (the stub's editors never hold one). */
export class TabInputWebview {
  constructor(readonly viewType: string) {}
}

export const window = {
  /** No editor is open in the stub. */
  tabGroups: { activeTabGroup: { activeTab: undefined as { input: unknown } | undefined } },
  createTreeView<T>(viewId: string, options: vscode.TreeViewOptions<T>): FakeTreeView<T> {
    const view = new FakeTreeView(viewId, options);
    state.treeViews.push(view as FakeTreeView<unknown>);
    return view;
  },
  createOutputChannel(name: string) {
    const line = (level: string) => (text: string) => state.recorded.logLines.push(`${level} ${text}`);
    return { name, info: line('info'), warn: line('warn'), error: line('error'), show: () => undefined, dispose: () => undefined };
  },
  showInformationMessage: record('info'),
  showWarningMessage: record('warning'),
  showErrorMessage: record('error'),
  setStatusBarMessage(text: string): Disposable {
    state.recorded.statusBar.push(text);
    return new Disposable(() => undefined);
  },
  /**
   * A quick pick that records its title, items and focus rule when shown, then accepts the item
   * `answerQuickPick` picks or, by default, is dismissed (Escape).
   */
  createQuickPick() {
    const hidden = new EventEmitter<void>();
    const accepted = new EventEmitter<void>();
    const none = new EventEmitter<unknown>();
    const pick = {
      title: undefined as string | undefined,
      items: [] as readonly vscode.QuickPickItem[],
      value: '',
      placeholder: undefined as string | undefined,
      busy: false,
      matchOnDescription: false,
      matchOnDetail: false,
      buttons: [] as readonly vscode.QuickInputButton[],
      sortByLabel: true,
      keepScrollPosition: false,
      selectedItems: [] as readonly vscode.QuickPickItem[],
      activeItems: [] as readonly vscode.QuickPickItem[],
      onDidHide: hidden.event,
      onDidAccept: accepted.event,
      onDidChangeValue: none.event,
      onDidTriggerButton: none.event,
      onDidTriggerItemButton: none.event,
      onDidChangeActive: none.event,
      onDidChangeSelection: none.event,
      ignoreFocusOut: false,
      show(): void {
        state.recorded.quickPicks.push({ title: pick.title, labels: pick.items.map((i) => i.label), ignoreFocusOut: pick.ignoreFocusOut });
        const answer = state.answerQuickPick(pick.items, pick.title);
        queueMicrotask(() => {
          if (answer === undefined) {
            hidden.fire();
          } else {
            pick.selectedItems = [answer];
            accepted.fire();
          }
        });
      },
      hide: () => hidden.fire(),
      dispose: () => undefined,
    };
    return pick;
  },
  /** Records the prompt and answers as Escape does. */
  showInputBox(options?: vscode.InputBoxOptions): Promise<string | undefined> {
    state.recorded.inputBoxes.push(options?.title ?? options?.prompt ?? '');
    return Promise.resolve(undefined);
  },
  /** An input box that records its title when shown and is dismissed at once (Escape). */
  createInputBox() {
    const hidden = new EventEmitter<void>();
    const none = new EventEmitter<string>();
    const box = {
      title: undefined as string | undefined,
      prompt: undefined as string | undefined,
      placeholder: undefined as string | undefined,
      value: '',
      valueSelection: undefined as readonly [number, number] | undefined,
      onDidChangeValue: none.event,
      onDidAccept: none.event,
      onDidHide: hidden.event,
      show(): void {
        state.recorded.inputBoxes.push(box.title ?? '');
        queueMicrotask(() => hidden.fire());
      },
      hide: () => hidden.fire(),
      dispose: () => undefined,
    };
    return box;
  },
  withProgress<R>(_options: vscode.ProgressOptions, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>): Promise<R> {
    return Promise.resolve(task({ report: () => undefined }, cancelled));
  },
};

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown): Disposable {
    if (state.commands.has(id)) {
      throw new Error(`command '${id}' already exists`);
    }
    state.commands.set(id, fn);
    return new Disposable(() => state.commands.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    state.recorded.executed.push({ id, args });
    if (id === 'setContext') {
      state.recorded.context.set(String(args[0]), args[1]);
      return undefined;
    }
    return state.commands.get(id)?.(...args);
  },
};

export const workspace = {
  workspaceFolders: undefined,
  getConfiguration(section: string) {
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        const name = `${section}.${key}`;
        return state.settings.has(name) ? (state.settings.get(name) as T) : defaultValue;
      },
    };
  },
  onDidChangeConfiguration: configurationChanged.event,
  fs: {
    writeFile(uri: Uri, bytes: Uint8Array): Promise<void> {
      state.recorded.written.push({ uri: uri.toString(), text: Buffer.from(bytes).toString('utf8') });
      return Promise.resolve();
    },
  },
};

export const env = {
  language: 'en',
  uiKind: UIKind.Desktop,
  remoteName: undefined,
  clipboard: {
    writeText(text: string): Promise<void> {
      state.recorded.clipboard.push(text);
      return Promise.resolve();
    },
  },
  openExternal(uri: Uri): Promise<boolean> {
    state.recorded.opened.push(uri.toString());
    return Promise.resolve(true);
  },
};
