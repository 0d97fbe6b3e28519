import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseClient } from '../close/client';
import { describeError, isAuthError } from '../close/errors';
import type { Me } from '../close/types';
import { accountFromMe } from '../model/account';
import { cacheFileName } from '../model/contactCache';
import type { ContactsController } from '../model/contactsController';
import { lockFileName } from '../model/loadLock';
import { accountOf, type StoredOrganization } from '../model/organizationRegistry';
import type { AccountInfo, ApiKeyStore } from './auth/apiKeyStore';
import { adoptDemoKey } from './auth/demoKey';
import { closeConnection, openConnection, type Connection } from './connection';
import { ContextKeys } from './constants';
import type { Log } from './log';
import { readSettings, sameClientSettings, showBaseUrlProblem } from './settings';

const CACHE_FOLDER = 'contacts-cache';

export { accountFromMe };

/**
 * Who we are signed in as and the controller that serves the view: rebuilt when the key
 * changes (here or in another window) or the settings change.
 */
export class CloseSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ContactsController | undefined>();
  /** Fires with the new controller (undefined when signed out or unusable). */
  readonly onDidChangeController = this.changed.event;
  private readonly keyChanged = new vscode.EventEmitter<void>();
  /** Fires when the key in use changes or goes (not when only the settings change). */
  readonly onDidChangeKey = this.keyChanged.event;
  private readonly signingOut = new vscode.EventEmitter<string | undefined>();
  /** Fires before an organization's key and cache go (undefined: every organization's). */
  readonly onWillSignOut = this.signingOut.event;

  private current: Connection | undefined;
  private last: ContactsController | undefined;
  private configProblem: string | undefined;
  private connecting: Promise<void> = Promise.resolve();
  /** The current connection's start: it decides (after reading the cache's age) whether to load. */
  private starting: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly keys: ApiKeyStore,
    private readonly log: Log,
  ) {
    this.subscriptions.push(keys.onDidChange(() => this.reconnect()));
  }

  get controller(): ContactsController | undefined {
    return this.current?.controller;
  }

  /** The controller in use, or the last one (cleared, its client without a key) after a sign-out. */
  get lastController(): ContactsController | undefined {
    return this.current?.controller ?? this.last;
  }

  get problem(): string | undefined {
    return this.configProblem;
  }

  get cacheRoot(): string {
    return path.join(this.context.globalStorageUri.fsPath, CACHE_FOLDER);
  }

  /** Called once at activation. */
  async start(): Promise<void> {
    await adoptDemoKey(this.keys, this.log, (key) => this.checkKey(key));
    // The cached contacts show first; listing an earlier version's key under its organization can wait.
    await this.reconnect();
    await this.adoptSingleKey();
  }

  /**
   * Re-reads the key and settings and rebuilds the controller; calls are serialised. Without
   * `force`, nothing happens when the key is the one already in use.
   */
  reconnect(force = false): Promise<void> {
    this.connecting = this.connecting.then(() => this.connect(force)).catch((err: unknown) => this.log.error(`Connecting failed: ${describeError(err)}`));
    return this.connecting;
  }

  /** Checks a key against `GET /me/` with the current settings, without saving it. */
  async checkKey(key: string): Promise<Me> {
    const settings = readSettings();
    if (!settings.baseUrl.ok) {
      throw new Error(settings.baseUrl.message);
    }
    const client = new CloseClient({ baseUrl: settings.baseUrl.url, apiKey: key, timeoutMs: settings.timeoutMs, maxAttempts: 2, log: (l) => this.log.info(l) });
    return client.getMe();
  }

  /**
   * Makes a checked key the one in use. `replace` (Set API Key) puts it in the place of the
   * active organization, which is forgotten when the key belongs to another one; `add` (Add
   * Organization) keeps every organization already added.
   */
  async signIn(key: string, me: Me, mode: 'replace' | 'add' = 'replace'): Promise<void> {
    const account = accountFromMe(me);
    if (mode === 'replace') {
      const previous = await this.activeOrganizationId();
      if (previous !== undefined && previous !== account.organizationId) {
        await this.keys.organizations.remove(previous);
      }
    }
    this.log.remember(key);
    await this.keys.store(key, account);
    await this.reconnect();
  }

  /** The organizations added, in the order they were added. */
  organizations(): Promise<StoredOrganization[]> {
    return this.keys.organizations.list();
  }

  /** The organization whose key is in use, when it is known. */
  async activeOrganizationId(): Promise<string | undefined> {
    const key = (await this.keys.get())?.trim();
    return key ? (await this.keys.account(key))?.organizationId : undefined;
  }

  /**
   * Makes an added organization the active one: its cache shows at once, then it loads as at
   * a start (closeCrm.refreshOnStartMinutes). False when it is not (or no longer) added.
   */
  async switchTo(organizationId: string): Promise<boolean> {
    const org = await this.keys.organizations.find(organizationId);
    const key = org && (await this.keys.organizations.keyOf(organizationId));
    if (!org || !key) {
      return false;
    }
    if ((await this.keys.get())?.trim() !== key) {
      this.log.remember(key);
      await this.keys.store(key, accountOf(org));
    }
    await this.reconnect();
    return true;
  }

  /**
   * Signs one organization out: its key and its cache go. When it was the active one, the
   * next added organization takes its place; with none left, this is a full sign-out.
   */
  async signOutOrganization(organizationId: string): Promise<void> {
    const active = await this.activeOrganizationId();
    const others = (await this.organizations()).filter((o) => o.id !== organizationId);
    this.signingOut.fire(organizationId);
    if (active === undefined || (active === organizationId && others.length === 0)) {
      await this.signOut();
      return;
    }
    if (active === organizationId) {
      await this.current?.controller.clear();
    }
    await this.keys.organizations.remove(organizationId);
    await this.deleteOrganizationCache(organizationId);
    const next = others[0];
    if (active === organizationId && next && !(await this.switchTo(next.id))) {
      await this.signOut();
    }
  }

  /** Deletes every key (of every organization) and every cached contact. */
  async signOut(): Promise<void> {
    this.signingOut.fire(undefined);
    const controller = this.current?.controller;
    await controller?.clear();
    await this.keys.organizations.removeAll();
    await this.keys.delete();
    await this.deleteCache();
    await this.reconnect(true);
  }

  /** Resolves when no load is in flight (for tests and commands that need the full list). */
  async whenIdle(): Promise<void> {
    for (;;) {
      const controller = this.current?.controller;
      if (!controller) {
        return;
      }
      const idle = new Promise<void>((resolve) => {
        const sub = controller.onDidChangeStatus((s) => {
          if (s.phase !== 'loading') {
            sub.dispose();
            resolve();
          }
        });
        if (controller.status.phase !== 'loading') {
          sub.dispose();
          resolve();
        }
      });
      await idle;
      await this.connecting;
      // The start reads the cache's age before it loads: until then the status is not 'loading' yet.
      await this.starting;
      if (this.current?.controller === controller && controller.status.phase !== 'loading') {
        return;
      }
    }
  }

  async deleteCache(): Promise<void> {
    await fs.rm(this.cacheRoot, { recursive: true, force: true });
  }

  private async deleteOrganizationCache(organizationId: string): Promise<void> {
    for (const name of [cacheFileName(organizationId), lockFileName(organizationId)]) {
      await fs.rm(path.join(this.cacheRoot, name), { force: true }).catch((err: unknown) => this.log.warn(`Could not delete ${name}: ${describeError(err)}`));
    }
  }

  /** An earlier version's single key joins the list of organizations once its organization is known. */
  private async adoptSingleKey(): Promise<void> {
    const key = (await this.keys.get())?.trim();
    if (!key) {
      return;
    }
    try {
      if (await this.keys.organizations.adopt(key, await this.keys.account(key))) {
        this.log.info('The stored key was listed under its organization.');
      }
    } catch (err) {
      this.log.warn(`Could not list the stored key under its organization: ${describeError(err)}`);
    }
  }

  dispose(): void {
    this.current?.controller.dispose();
    this.current?.client.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
    this.keyChanged.dispose();
    this.signingOut.dispose();
  }

  private async connect(force: boolean): Promise<void> {
    const { key, account } = await this.keys.keyAndAccount();
    if (!force && key !== undefined && this.current?.key === key) {
      return;
    }
    this.log.remember(key);
    const settings = readSettings();
    const previous = this.current;
    if (key !== undefined && previous?.key === key && sameClientSettings(previous.settings, settings)) {
      // Nothing the connection uses changed (e.g. a workspace file named settings VS Code ignores
      // there): keep the loaded contacts, and drop a problem a fixed setting no longer has.
      if (this.configProblem !== undefined) {
        this.configProblem = undefined;
        this.changed.fire(previous.controller);
      }
      return;
    }
    if (key && !settings.baseUrl.ok) {
      this.reportConfigProblem(settings.baseUrl.message);
      if (previous?.key === key) {
        // A bad setting changes nothing: the loaded contacts and the last good URL stay in use.
        this.changed.fire(previous.controller);
        return;
      }
    }
    if (previous && previous.key !== key) {
      this.keyChanged.fire();
    }
    if (previous) {
      closeConnection(previous);
      this.last = previous.controller;
      this.current = undefined;
    }
    // Not awaited: the context key's round trip to a starting workbench must not hold the cache back.
    void vscode.commands.executeCommand('setContext', ContextKeys.signedIn, key !== undefined);
    if (!key || settings.baseUrl.ok) {
      this.configProblem = undefined;
    }
    if (!key || !settings.baseUrl.ok) {
      if (!key && previous) {
        // Signed out here or in another window: nothing of the old account stays on screen.
        await previous.controller.clear();
      }
      this.changed.fire(undefined);
      return;
    }
    // Only facts learned with this very key (`account`, checked against its fingerprint) name
    // the cache to show: a key changed in another window must not open the previous key's organization.
    const connection = openConnection({
      key,
      settings,
      baseUrl: settings.baseUrl.url,
      organizationId: account?.organizationId,
      cacheRoot: this.cacheRoot,
      log: (line) => this.log.info(line),
    });
    const { client, controller } = connection;
    this.current = connection;
    this.last = controller;
    this.changed.fire(controller);
    if (account?.organizationId !== undefined) {
      // Not awaited: the cache streams in while the load starts (or another window's load is
      // followed, or a fresh cache is enough), and activation goes on.
      this.starting = controller.start(settings.refreshOnStartMs);
    } else {
      void this.learnAccount(key, client, controller);
      this.starting = controller.refresh();
    }
  }

  private reportConfigProblem(message: string): void {
    if (this.configProblem === message) {
      return;
    }
    this.configProblem = message;
    this.log.warn(message);
    showBaseUrlProblem(message);
  }

  /**
   * For a key whose account is not known yet (set in another window, or an older version's
   * facts): asks `GET /me/` for its organization, then shows that organization's cache if the
   * contacts have not come first. Without `organization_id` the contacts name it.
   */
  private async learnAccount(key: string, client: CloseClient, controller: ContactsController): Promise<void> {
    try {
      const me = await client.getMe();
      const account = accountFromMe(me);
      if (this.current?.controller !== controller) {
        return;
      }
      await this.keys.rememberAccount(key, account);
      if (account.organizationId === undefined) {
        this.rememberOrganizationOfContacts(key, account, controller);
      } else if (controller.bindOrganization(account.organizationId)) {
        void controller.restoreFromCache();
      }
    } catch (err) {
      if (!isAuthError(err)) {
        this.log.warn(`Could not read the account behind the key: ${describeError(err)}`);
      }
    }
  }

  /** Keeps the organization the key's contacts named, so the next start can show its cache. */
  private rememberOrganizationOfContacts(key: string, account: AccountInfo, controller: ContactsController): void {
    const save = (organizationId: string): void => {
      if (this.current?.controller === controller) {
        void this.keys.rememberAccount(key, { ...account, organizationId });
      }
    };
    if (controller.organizationId !== undefined) {
      save(controller.organizationId);
      return;
    }
    const sub = controller.onDidChangeStatus(() => {
      if (controller.organizationId !== undefined) {
        sub.dispose();
        save(controller.organizationId);
      }
    });
  }
}
