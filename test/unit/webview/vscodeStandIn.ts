// A small stand-in for the `vscode` module, just enough to run the detail panel's host
// (src/ui/panel/contactPanels.ts) in plain Node and record what it asks of VS Code.
// `installVscodeStandIn()` makes `require('vscode')` return it until the returned undo runs.
import Module from 'node:module';

type Listener<T> = (value: T) => unknown;

export class FakeUri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}

  static file(path: string): FakeUri {
    return new FakeUri('file', path);
  }

  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri(base.scheme, [base.path, ...parts].join('/'));
  }

  /** Keeps the text as given, so a test sees exactly what the host handed to openExternal. */
  static parse(value: string): FakeUri {
    return new FakeUri('parsed', value);
  }

  toString(): string {
    return this.scheme === 'parsed' ? this.path : `${this.scheme}://${this.path}`;
  }
}

export interface FakeWebviewOptions {
  enableScripts?: boolean;
  enableCommandUris?: boolean;
  enableFindWidget?: boolean;
  retainContextWhenHidden?: boolean;
  localResourceRoots?: readonly FakeUri[];
}

export class FakePanel {
  title: string;
  iconPath: unknown;
  readonly posted: unknown[] = [];
  private readonly received: Listener<unknown>[] = [];
  private readonly disposed: Listener<void>[] = [];
  readonly webview = {
    options: {} as FakeWebviewOptions,
    html: '',
    cspSource: 'https://webview.test',
    asWebviewUri: (uri: FakeUri): FakeUri => uri,
    postMessage: (message: unknown): Promise<boolean> => {
      this.posted.push(message);
      return Promise.resolve(true);
    },
    onDidReceiveMessage: (listener: Listener<unknown>): { dispose(): void } => {
      this.received.push(listener);
      return { dispose: () => this.received.splice(this.received.indexOf(listener), 1) };
    },
  };

  constructor(
    readonly viewType: string,
    title: string,
    /** The options the panel was created with (undefined for a restored panel). */
    readonly createdWith: FakeWebviewOptions | undefined,
  ) {
    this.title = title;
    if (createdWith !== undefined) {
      this.webview.options = createdWith;
    }
  }

  /** What the webview's script would post. */
  receive(message: unknown): void {
    for (const listener of [...this.received]) {
      listener(message);
    }
  }

  reveal(): void {}

  onDidDispose(listener: Listener<void>): { dispose(): void } {
    this.disposed.push(listener);
    return { dispose: () => undefined };
  }

  dispose(): void {
    for (const listener of this.disposed.splice(0)) {
      listener();
    }
  }
}

interface Serializer {
  deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void>;
}

/** What the host asked of VS Code; `reset()` between tests. */
export const recorded = {
  panels: [] as FakePanel[],
  serializers: [] as Serializer[],
  opened: [] as string[],
  reset(): void {
    this.panels.length = 0;
    this.serializers.length = 0;
    this.opened.length = 0;
  },
};

function format(message: string | { message: string; args?: unknown[] }, ...rest: unknown[]): string {
  const text = typeof message === 'string' ? message : message.message;
  const args = typeof message === 'string' ? rest : (message.args ?? []);
  return text.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
}

const standIn = {
  Uri: FakeUri,
  ViewColumn: { Active: -1 },
  l10n: { t: format, bundle: undefined },
  env: {
    language: 'en',
    clipboard: { writeText: (): Promise<void> => Promise.resolve() },
    openExternal: (uri: FakeUri): Promise<boolean> => {
      recorded.opened.push(uri.toString());
      return Promise.resolve(true);
    },
  },
  workspace: {
    getConfiguration: () => ({ get: <T>(_key: string, fallback: T): T => fallback }),
    onDidChangeConfiguration: () => ({ dispose: () => undefined }),
  },
  window: {
    setStatusBarMessage: () => ({ dispose: () => undefined }),
    createWebviewPanel: (viewType: string, title: string, _column: number, options: FakeWebviewOptions): FakePanel => {
      const panel = new FakePanel(viewType, title, options);
      recorded.panels.push(panel);
      return panel;
    },
    registerWebviewPanelSerializer: (_viewType: string, serializer: Serializer) => {
      recorded.serializers.push(serializer);
      return { dispose: () => undefined };
    },
  },
};

const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };

/**
 * Serves the stand-in for `vscode` until the returned function is called, which also forgets
 * the modules loaded meanwhile, so no other test gets them bound to the stand-in.
 */
export function installVscodeStandIn(): () => void {
  const load = loader._load;
  const cachedBefore = new Set(Object.keys(require.cache));
  loader._load = (request, parent, isMain) => (request === 'vscode' ? standIn : load.call(loader, request, parent, isMain));
  return () => {
    loader._load = load;
    for (const key of Object.keys(require.cache)) {
      if (!cachedBefore.has(key)) {
        delete require.cache[key];
      }
    }
  };
}
