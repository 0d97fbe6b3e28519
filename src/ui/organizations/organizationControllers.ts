// The all-organizations tree (closeCrm.organizationsView "all"): besides the session's controller
// (the active organization), one controller per other added organization, each built with that
// organization's own key from SecretStorage, its own client and its own cache file.
import * as vscode from 'vscode';
import { describeError } from '../../close/errors';
import type { ContactsController } from '../../model/contactsController';
import { organizationGroups, otherOrganizationsWanted, planOtherOrganizations, sameOrganizationGroups, type OrganizationGroup, type OrganizationsView } from '../../model/organizationsView';
import { closeConnection, openConnection, type Connection } from '../connection';
import type { Log } from '../log';
import type { CloseSession } from '../session';
import { readOrganizationsView, readSettings, sameClientSettings } from '../settings';

export type ControllerGroup = OrganizationGroup<ContactsController>;

export class OrganizationControllers implements vscode.Disposable {
  private readonly others = new Map<string, Connection>();
  private mode: OrganizationsView = readOrganizationsView();
  private current: ControllerGroup[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<readonly ControllerGroup[]>();
  /** Fires with the groups of the tree (none: the tree shows the active organization alone). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly session: CloseSession,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      session.onDidChangeController(() => void this.sync()),
      session.keys.onDidChangeOrganizations(() => void this.sync()),
      // Before the key and the cache go: nothing of that organization is loaded or written after.
      session.onWillSignOut((organizationId) => this.stop((id) => organizationId === undefined || id === organizationId)),
    );
  }

  /** The groups the tree shows now (none in the one-organization tree). */
  get groups(): readonly ControllerGroup[] {
    return this.current;
  }

  /** The organization's controller: the session's for the active one (or when none is named). */
  controllerOf(organizationId: string | undefined): ContactsController | undefined {
    const active = this.session.controller;
    if (organizationId === undefined || active?.organizationId === organizationId) {
      return active;
    }
    return this.others.get(organizationId)?.controller;
  }

  /** closeCrm.organizationsView changed. */
  setMode(mode: OrganizationsView): Promise<void> {
    this.mode = mode;
    return this.sync();
  }

  /** Brings the controllers in line with the mode, the organizations added and the active one; calls are serialised. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow()).catch((err: unknown) => this.log.error(`Organizations view: ${describeError(err)}`));
    return this.syncing;
  }

  dispose(): void {
    this.disposed = true;
    this.stop(() => true);
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }

  private async syncNow(): Promise<void> {
    // One organization shown and nothing left of "all": no secret or list to read (a window's start runs this).
    if (this.disposed || (this.mode === 'one' && this.others.size === 0 && this.current.length === 0)) {
      return;
    }
    const active = this.session.controller;
    const activeId = active && !this.session.problem ? (active.organizationId ?? (await this.session.activeOrganizationId())) : undefined;
    const listed = this.mode === 'all' && activeId !== undefined ? await this.session.organizations() : [];
    const wanted = otherOrganizationsWanted(this.mode, listed, activeId);
    const settings = readSettings();
    const keys = new Map<string, string | undefined>();
    for (const id of wanted) {
      keys.set(id, await this.session.keys.organizations.keyOf(id));
    }
    if (this.disposed) {
      return;
    }
    const running = new Map([...this.others].map(([id, c]) => [id, { usable: c.key === keys.get(id) && sameClientSettings(c.settings, settings) }]));
    const plan = planOtherOrganizations(wanted, running);
    this.stop((id) => plan.stop.includes(id));
    for (const id of plan.start) {
      const key = keys.get(id);
      if (key === undefined || !settings.baseUrl.ok) {
        continue;
      }
      this.log.remember(key);
      const connection = openConnection({ key, settings, baseUrl: settings.baseUrl.url, organizationId: id, cacheRoot: this.session.cacheRoot, log: (line) => this.log.info(line) });
      this.others.set(id, connection);
      // As at a start: the cache first, a load when it is stale (closeCrm.refreshOnStartMinutes).
      void connection.controller.start(settings.refreshOnStartMs);
    }
    const groups = organizationGroups(listed, activeId, (id) => this.controllerOf(id));
    if (!sameOrganizationGroups(groups, this.current)) {
      this.current = groups;
      this.changed.fire(groups);
    }
  }

  private stop(which: (organizationId: string) => boolean): void {
    for (const [id, connection] of [...this.others]) {
      if (which(id)) {
        closeConnection(connection);
        this.others.delete(id);
      }
    }
    if (!this.disposed && this.current.some((g) => !g.active && !this.others.has(g.organizationId))) {
      this.current = [];
      this.changed.fire(this.current);
    }
  }
}
