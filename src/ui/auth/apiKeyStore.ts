import * as vscode from 'vscode';
import { ACCOUNT_STATE_KEY, SECRET_KEY } from '../constants';

/** Facts about the signed-in account that are safe to keep outside SecretStorage. */
export interface AccountInfo {
  userName: string;
  email: string;
  organizationId: string;
  organizationName: string;
}

/** The API key lives in SecretStorage and nowhere else; other windows share it. */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.subscription = context.secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) {
        this.changed.fire();
      }
    });
  }

  get(): Thenable<string | undefined> {
    return this.context.secrets.get(SECRET_KEY);
  }

  async store(key: string, account: AccountInfo): Promise<void> {
    await this.context.globalState.update(ACCOUNT_STATE_KEY, account);
    await this.context.secrets.store(SECRET_KEY, key);
  }

  async delete(): Promise<void> {
    await this.context.secrets.delete(SECRET_KEY);
    await this.context.globalState.update(ACCOUNT_STATE_KEY, undefined);
  }

  account(): AccountInfo | undefined {
    return this.context.globalState.get<AccountInfo>(ACCOUNT_STATE_KEY);
  }

  async rememberAccount(account: AccountInfo): Promise<void> {
    await this.context.globalState.update(ACCOUNT_STATE_KEY, account);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
