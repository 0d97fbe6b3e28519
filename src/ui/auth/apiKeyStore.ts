import * as vscode from 'vscode';
import { keyFingerprint, type AccountInfo } from '../../model/account';
import { isRegistrySecret, OrganizationRegistry } from '../../model/organizationRegistry';
import { ACCOUNT_SECRET_KEY, ACCOUNT_STATE_KEY, SECRET_KEY } from '../constants';

export type { AccountInfo };

interface StoredAccount extends AccountInfo {
  /** keyFingerprint() of the key these facts belong to. */
  key: string;
}

/**
 * The API key lives in SecretStorage and nowhere else; other windows share it. `SECRET_KEY`
 * holds the key in use (the active organization's); `organizations` holds every added
 * organization's key under that organization.
 */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly organizationsChanged = new vscode.EventEmitter<void>();
  /** Fires when an organization is added, replaced or removed (here or in another window). */
  readonly onDidChangeOrganizations = this.organizationsChanged.event;
  readonly organizations: OrganizationRegistry;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.organizations = new OrganizationRegistry(context.secrets);
    this.subscription = context.secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) {
        this.changed.fire();
      } else if (isRegistrySecret(e.key)) {
        this.organizationsChanged.fire();
      }
    });
  }

  get(): Thenable<string | undefined> {
    return this.context.secrets.get(SECRET_KEY);
  }

  async store(key: string, account: AccountInfo): Promise<void> {
    await this.rememberAccount(key, account);
    await this.context.secrets.store(SECRET_KEY, key);
  }

  async delete(): Promise<void> {
    await this.context.secrets.delete(SECRET_KEY);
    await this.context.secrets.delete(ACCOUNT_SECRET_KEY);
    await this.context.globalState.update(ACCOUNT_STATE_KEY, undefined);
  }

  /**
   * The account facts learned with this very key; undefined when none were, or when they
   * belong to another key (e.g. the key was changed in another window).
   */
  async account(key: string): Promise<AccountInfo | undefined> {
    return accountIn(await this.context.secrets.get(ACCOUNT_SECRET_KEY), key);
  }

  /**
   * The key in use and the account facts learned with it, read together: each read is a trip
   * to the workbench, which is busy while a window starts.
   */
  async keyAndAccount(): Promise<{ key: string | undefined; account: AccountInfo | undefined }> {
    const [stored, facts] = await Promise.all([this.get(), this.context.secrets.get(ACCOUNT_SECRET_KEY)]);
    const key = stored?.trim() || undefined;
    if (key === undefined) {
      return { key, account: undefined };
    }
    // Another window may have stored a new key with its facts between the two reads: the facts
    // are written before the key, so once the key is seen, a second read finds them.
    return { key, account: accountIn(facts, key) ?? (await this.account(key)) };
  }

  async rememberAccount(key: string, account: AccountInfo): Promise<void> {
    const stored: StoredAccount = { ...account, key: keyFingerprint(key) };
    await this.context.secrets.store(ACCOUNT_SECRET_KEY, JSON.stringify(stored));
    // Earlier versions kept these facts in globalState, not tied to any key.
    await this.context.globalState.update(ACCOUNT_STATE_KEY, undefined);
    // Once the key's organization is known, the key is listed under it (this also moves an
    // earlier version's single key into the list).
    await this.organizations.adopt(key, account);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.organizationsChanged.dispose();
  }
}

/** The account facts in the stored text when they belong to `key` (by its fingerprint). */
function accountIn(text: string | undefined, key: string): AccountInfo | undefined {
  if (!text) {
    return undefined;
  }
  try {
    const stored = JSON.parse(text) as Partial<StoredAccount> | null;
    if (!stored || stored.key !== keyFingerprint(key) || typeof stored.userName !== 'string' || typeof stored.email !== 'string') {
      return undefined;
    }
    const { userName, email, organizationId, organizationName } = stored;
    return {
      userName,
      email,
      ...(typeof organizationId === 'string' ? { organizationId } : {}),
      ...(typeof organizationName === 'string' ? { organizationName } : {}),
    };
  } catch {
    return undefined;
  }
}
