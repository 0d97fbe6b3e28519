import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { EventEmitter, ExtensionMode, Uri } from '../vscodeStub/fakeVscode';

/** SecretStorage in memory; `otherWindow` changes it as another VS Code window would (the event fires). */
export class FakeSecrets {
  readonly values = new Map<string, string>();
  private readonly changed = new EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }

  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    if (this.values.delete(key)) {
      this.changed.fire({ key });
    }
    return Promise.resolve();
  }

  keys(): Promise<string[]> {
    return Promise.resolve([...this.values.keys()]);
  }
}

export class FakeMemento {
  private readonly values = new Map<string, unknown>();

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }

  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, value);
    }
    return Promise.resolve();
  }
}

/** What CloseSession and ApiKeyStore read of the ExtensionContext, with storage in a fresh temp folder. */
export interface FakeContext {
  secrets: FakeSecrets;
  globalState: FakeMemento;
  workspaceState: FakeMemento;
  globalStorageUri: Uri;
  extensionMode: ExtensionMode;
  /** The context as src/ui types it (it reads only the members above). */
  readonly asContext: vscode.ExtensionContext;
  remove(): Promise<void>;
}

export async function fakeContext(): Promise<FakeContext> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-ui-'));
  const context = {
    secrets: new FakeSecrets(),
    globalState: new FakeMemento(),
    workspaceState: new FakeMemento(),
    globalStorageUri: Uri.file(dir),
    extensionMode: ExtensionMode.Test,
    get asContext(): vscode.ExtensionContext {
      return context as unknown as vscode.ExtensionContext;
    },
    remove: () => fs.rm(dir, { recursive: true, force: true }),
  };
  return context;
}
