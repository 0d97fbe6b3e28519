import * as vscode from 'vscode';
import type { ContactsController } from '../../model/contactsController';
import type { OrganizationGroup } from '../../model/organizationsView';
import { ContextKeys, FILTER_STATE_KEY, VIEW_ID } from '../constants';
import { ContactsTreeProvider } from './contactsTreeProvider';
import type { TreeNode } from './nodes';
import { RootHold } from './rootHold';
import { systemClock, type Timer, type ViewClock } from './viewClock';
import { describeView } from './statusText';
import { canRetryNow, emptyViewState, type EmptyViewState } from './viewState';

/** Least time between two updates of the view. */
const UPDATE_GAP_MS = 300;
/** While pages stream in: this, plus a little per lead row, between two updates of the words. */
export const STREAM_UPDATE_MS = 500;
const STREAM_UPDATE_MS_PER_ROW = 0.05;
/**
 * While pages stream in, between two updates of the rows: VS Code's renderer redraws every lead
 * row on each (about 25 µs a row here: 250 ms at 10,000 leads, during which the window does not
 * respond), so the rows are sent at most every 0.6 ms per row, keeping that under a twentieth
 * of the time. The words (counts, progress) still change every STREAM_UPDATE_MS or so.
 */
export const STREAM_ROWS_MS_PER_ROW = 0.6;
/** The longest a starting window keeps VS Code's first ask for the root rows waiting (see RootHold). */
export const START_HOLD_MS = 1500;
/** How often a countdown ("Retrying in 4 s") is redrawn. */
const COUNTDOWN_MS = 1000;

/**
 * The Contacts view: the tree, the sentence above it (progress, errors), its description
 * (counts, cache age) and the progress bar while a load runs.
 *
 * VS Code debounces a tree view's data and message changes together, restarting its 200 ms
 * wait on each one: a load that changed the view every 50 ms would show nothing until it
 * ended. So every change of the view goes out in one batch, with gaps well over 200 ms.
 */
export class ContactsView implements vscode.Disposable {
  readonly provider = new ContactsTreeProvider();
  private readonly rootHold: RootHold;
  readonly treeView: vscode.TreeView<TreeNode>;
  private controller: ContactsController | undefined;
  private statusSubscription: vscode.Disposable | undefined;
  private progressDone: (() => void) | undefined;
  private configProblem: string | undefined;
  /** The active organization's name while the tree shows every organization: the words are its. */
  private activeGroupName: string | undefined;
  private readonly ageTimer: Timer;
  private countdownTimer: Timer | undefined;
  private updateTimer: Timer | undefined;
  /** The next time the rows may go out while a load streams. */
  private rowsTimer: Timer | undefined;
  private lastUpdate = 0;
  private lastRowsUpdate = 0;
  /** The tree's rows changed since they were last sent (urgently: a reset, a filter). */
  private rowsPending = false;
  private rowsUrgent = false;
  /** When the rows (and how many lead rows there were), and the words, were sent to VS Code (for tests; the last 1,000). */
  readonly updateLog: { rows: { at: number; leadRows: number; urgent: boolean }[]; words: number[] } = { rows: [], words: [] };
  private textDirty = false;
  private updating = false;
  private settledWaiters: (() => void)[] = [];
  private readonly contextValues = new Map<string, string | boolean>();

  /**
   * @param state where the filter is kept (the workspace's state: it holds through a reload).
   * @param clock the time and timers updates are paced with.
   */
  constructor(
    private readonly state?: vscode.Memento,
    private readonly clock: ViewClock = systemClock,
  ) {
    this.rootHold = new RootHold(clock);
    const provider = this.provider;
    const hold = this.rootHold;
    this.treeView = vscode.window.createTreeView(VIEW_ID, {
      treeDataProvider: {
        onDidChangeTreeData: provider.onDidChangeTreeData,
        getTreeItem: (node) => provider.getTreeItem(node),
        getChildren: (node) => (node === undefined ? hold.answer(() => provider.getChildren()) : provider.getChildren(node)),
        getParent: (node) => provider.getParent(node),
      },
      showCollapseAll: true,
      canSelectMany: true,
    });
    const saved = state?.get<string>(FILTER_STATE_KEY);
    if (typeof saved === 'string' && saved.trim().length > 0) {
      this.provider.setFilter(saved);
    }
    this.setContext(ContextKeys.filterOn, this.provider.filter.length > 0);
    this.provider.onWantsUpdate = (urgent) => {
      this.rowsPending = true;
      this.rowsUrgent ||= urgent;
      this.scheduleUpdate(urgent);
    };
    // The cache's age in the description ("cached 3 min ago") goes stale on its own.
    this.ageTimer = clock.every(60_000, () => this.render());
  }

  /**
   * A window's start: VS Code's asks for the root rows wait (START_HOLD_MS at most) until the
   * active organization's rows are in, its state shows none are coming from the cache, or
   * `startSettled` finds no organization to show.
   */
  holdRootWhileStarting(): void {
    this.rootHold.hold(START_HOLD_MS);
  }

  /** The start is over: with no organization to show, the root's answer (empty) waits no longer. */
  startSettled(): void {
    if (!this.controller) {
      this.rootHold.release();
    }
  }

  setController(controller: ContactsController | undefined): void {
    this.statusSubscription?.dispose();
    this.controller = controller;
    if (!controller) {
      // The session found no organization to show (signed out): nothing is coming from a cache.
      this.rootHold.release();
    }
    this.provider.setController(controller);
    this.statusSubscription = controller?.onDidChangeStatus(() => this.render());
    this.render();
  }

  /** The all-organizations tree's groups (none: the active organization alone). */
  setGroups(groups: readonly OrganizationGroup<ContactsController>[]): void {
    this.provider.setGroups(groups);
    this.activeGroupName = groups.find((g) => g.active)?.name;
    this.render();
  }

  /** The tree's filter ('' for none). */
  get filter(): string {
    return this.provider.filter;
  }

  /** Filters the tree; `persist` keeps it for the next window (false while it is being typed). */
  setFilter(query: string, persist = true): void {
    this.provider.setFilter(query);
    this.setContext(ContextKeys.filterOn, this.provider.filter.length > 0);
    if (persist) {
      void this.state?.update(FILTER_STATE_KEY, this.provider.filter || undefined);
    }
    this.render();
  }

  /** Lead rows per page (closeCrm.treeLeadRows). */
  setPageSize(rows: number): void {
    this.provider.setPageSize(rows);
  }

  /** The Show More Leads row's command: the next page of an organization's leads. */
  showMore(organizationId?: string): void {
    this.provider.showMore(organizationId);
  }

  /**
   * Selects a contact of the active organization in the tree: the filter goes if it hides the
   * contact, and the pages grow to its lead. Those rows go out at once, since VS Code's reveal
   * waits for the refresh it has been told of.
   */
  async reveal(contactId: string): Promise<void> {
    if (this.filter && !this.provider.shows(contactId)) {
      this.setFilter('');
    }
    if (this.provider.showLeadOf(contactId) || this.rowsUrgent) {
      this.scheduleUpdate(true, true);
    }
    const node = this.provider.contactNode(contactId);
    if (node) {
      await this.treeView.reveal(node, { select: true, focus: true, expand: false });
    }
  }

  /** Privacy mode: the rows show emails and phones masked (or not) from now on. */
  setPrivacy(on: boolean): void {
    this.provider.setPrivacy(on);
  }

  /** A problem that stops any loading, e.g. an unusable base URL. */
  setConfigProblem(message: string | undefined): void {
    this.configProblem = message;
    this.render();
  }

  dispose(): void {
    this.rootHold.release();
    this.ageTimer.cancel();
    this.countdownTimer?.cancel();
    this.updateTimer?.cancel();
    this.rowsTimer?.cancel();
    this.settledWaiters.forEach((resolve) => resolve());
    this.statusSubscription?.dispose();
    this.endProgress();
    this.provider.dispose();
    this.treeView.dispose();
  }

  /** Rows to show, or a state past idle (loading with no cache, a problem): a held ask for the root is answered. */
  private answerRootIfReady(): void {
    if (this.rootHold.holding && this.controller && (this.leadRows() > 0 || this.controller.status.phase !== 'idle' || this.configProblem)) {
      this.rootHold.release();
    }
  }

  /** A change of status: the progress bar follows at once, the words with the next update. */
  private render(): void {
    this.answerRootIfReady();
    const status = this.controller?.status;
    // The end of a load (its final counts and rows) is what the user waits for: it goes at once.
    const loadEnded = status?.phase !== 'loading' && this.progressDone !== undefined;
    if (!this.configProblem && status?.phase === 'loading') {
      this.startProgress();
    } else {
      this.endProgress();
    }
    // Retry and rate-limit waits count down in the message, once a second.
    const counting = !this.configProblem && status?.phase === 'loading' && (status.trouble !== undefined || status.rateLimitWait !== undefined);
    if (counting && !this.countdownTimer) {
      this.countdownTimer = this.clock.every(COUNTDOWN_MS, () => this.render());
    } else if (!counting && this.countdownTimer) {
      this.countdownTimer.cancel();
      this.countdownTimer = undefined;
    }
    this.textDirty = true;
    this.scheduleUpdate(this.controller?.status.phase !== 'loading', loadEnded);
  }

  /** Resolves once the view shows the latest status and tree (no update is waiting). */
  whenSettled(): Promise<void> {
    if (!this.updateTimer && !this.rowsTimer && !this.textDirty) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** `now`: without the least gap since the last update (the end of a load). */
  private scheduleUpdate(urgent: boolean, now = false): void {
    if (this.updating) {
      return; // the update under way sends it
    }
    const gap = urgent ? UPDATE_GAP_MS : STREAM_UPDATE_MS + this.provider.rowCount * STREAM_UPDATE_MS_PER_ROW;
    // The first rows of an empty tree (a warm start's cache) are what the user waits for: they
    // go at once, even right after an update of the words.
    const firstRows = urgent && this.rowsPending && this.provider.rowCount === 0;
    const wait = firstRows || now ? 0 : this.lastUpdate + gap - this.clock.now();
    if (wait <= 0) {
      this.updateTimer?.cancel();
      this.updateTimer = undefined;
      this.update();
      return;
    }
    if (urgent && this.updateTimer) {
      this.updateTimer.cancel();
      this.updateTimer = undefined;
    }
    this.updateTimer ??= this.clock.after(wait, () => {
      this.updateTimer = undefined;
      this.update();
    });
  }

  private update(): void {
    this.lastUpdate = this.clock.now();
    this.answerRootIfReady();
    this.updating = true;
    try {
      // Under a filter the counts follow the rows, which change without a status change.
      if (this.textDirty || this.provider.filter) {
        this.textDirty = false;
        this.applyText();
      }
      this.sendRows();
    } finally {
      this.updating = false;
    }
    if (!this.updateTimer && !this.rowsTimer) {
      const waiters = this.settledWaiters;
      this.settledWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  }

  /** Sends the rows if they changed, unless a load is streaming and they went out too recently. */
  private sendRows(): void {
    if (!this.rowsPending) {
      return;
    }
    const streaming = this.controller?.status.phase === 'loading';
    const due = this.lastRowsUpdate + STREAM_UPDATE_MS + this.leadRows() * STREAM_ROWS_MS_PER_ROW;
    const now = this.clock.now();
    if (streaming && !this.rowsUrgent && now < due) {
      this.rowsTimer ??= this.clock.after(due - now, () => {
        this.rowsTimer = undefined;
        this.update();
      });
      return;
    }
    this.rowsTimer?.cancel();
    this.rowsTimer = undefined;
    keepLast(this.updateLog.rows, { at: now, leadRows: this.leadRows(), urgent: this.rowsUrgent || !streaming });
    this.rowsPending = false;
    this.rowsUrgent = false;
    this.lastRowsUpdate = now;
    this.provider.flush();
  }

  /** Lead rows the next update redraws: the store's leads (VS Code may not have asked yet), or what the filter showed. */
  private leadRows(): number {
    return Math.max(this.provider.rowCount, this.provider.filter ? 0 : Math.min(this.controller?.model.leadCount ?? 0, this.provider.leadRowsLimit));
  }

  private applyText(): void {
    const status = this.controller?.status;
    let text: { message?: string; description?: string };
    if (this.configProblem) {
      text = { message: this.configProblem, description: undefined };
    } else if (status) {
      const filtered = this.provider.filtered();
      text = describeView(status, this.clock.now(), filtered && { query: filtered.query, matched: filtered.matched, total: filtered.total });
      if (this.activeGroupName !== undefined && text.message !== undefined) {
        text = {
          ...text,
          message: vscode.l10n.t({ message: '{0}: {1}', args: [this.activeGroupName, text.message], comment: ['Above a tree of several organizations: "Beta Traders: 40 contacts in 8 leads."'] }),
        };
      }
    } else {
      text = {};
    }
    const emptyState = emptyViewState({ configProblem: this.configProblem !== undefined, status });
    if (emptyState !== undefined) {
      // VS Code shows a view's welcome content only while it has no message.
      text = { ...text, message: undefined };
    }
    // Each assignment is an event in VS Code, even with the same value.
    if (this.treeView.message !== text.message) {
      this.treeView.message = text.message;
      keepLast(this.updateLog.words, this.clock.now());
    }
    if (this.treeView.description !== text.description) {
      this.treeView.description = text.description;
    }
    this.setContext(ContextKeys.viewState, emptyState ?? '');
    this.setContext(ContextKeys.canRetryNow, !this.configProblem && canRetryNow(status));
  }

  /** The welcome state (see viewState.ts), '' while rows are shown. */
  get emptyState(): EmptyViewState | '' {
    return (this.contextValues.get(ContextKeys.viewState) as EmptyViewState | '' | undefined) ?? '';
  }

  /** Whether the view title offers Retry Now. */
  get offersRetryNow(): boolean {
    return this.contextValues.get(ContextKeys.canRetryNow) === true;
  }

  private setContext(key: string, value: string | boolean): void {
    if (this.contextValues.get(key) === value) {
      return;
    }
    this.contextValues.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  private startProgress(): void {
    if (this.progressDone) {
      return;
    }
    void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => new Promise<void>((resolve) => (this.progressDone = resolve)));
  }

  private endProgress(): void {
    this.progressDone?.();
    this.progressDone = undefined;
  }
}

function keepLast<T>(log: T[], entry: T): void {
  log.push(entry);
  if (log.length > 1000) {
    log.shift();
  }
}
