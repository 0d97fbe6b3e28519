import * as vscode from 'vscode';
import type { ContactsController, LoadStatus } from '../../model/contactsController';
import { Commands, VIEW_ID } from '../constants';
import { ContactsTreeProvider, retryAction, setKeyAction, type TreeAction } from './contactsTreeProvider';
import type { TreeNode } from './nodes';
import { describeStatus } from './statusText';

/**
 * The Contacts view: the tree, the sentence above it (progress, errors), its description
 * (counts, cache age) and the progress bar while a load runs.
 */
export class ContactsView implements vscode.Disposable {
  readonly provider = new ContactsTreeProvider();
  readonly treeView: vscode.TreeView<TreeNode>;
  private controller: ContactsController | undefined;
  private statusSubscription: vscode.Disposable | undefined;
  private progressDone: (() => void) | undefined;
  private configProblem: string | undefined;
  private readonly ageTimer: NodeJS.Timeout;

  constructor() {
    this.treeView = vscode.window.createTreeView(VIEW_ID, {
      treeDataProvider: this.provider,
      showCollapseAll: true,
    });
    // The cache's age in the description ("cached 3 min ago") goes stale on its own.
    this.ageTimer = setInterval(() => this.render(), 60_000);
  }

  setController(controller: ContactsController | undefined): void {
    this.statusSubscription?.dispose();
    this.controller = controller;
    this.provider.setController(controller);
    this.statusSubscription = controller?.onDidChangeStatus(() => this.render());
    this.render();
  }

  /** A problem that stops any loading, e.g. an unusable base URL. */
  setConfigProblem(message: string | undefined): void {
    this.configProblem = message;
    this.render();
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    this.statusSubscription?.dispose();
    this.endProgress();
    this.provider.dispose();
    this.treeView.dispose();
  }

  private render(): void {
    if (this.configProblem) {
      this.endProgress();
      this.treeView.message = this.configProblem;
      this.treeView.description = undefined;
      this.provider.setActions([
        {
          text: 'Open Settings',
          icon: 'settings-gear',
          command: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['closeCrm.apiBaseUrl'] },
        },
      ]);
      return;
    }
    const status = this.controller?.status;
    if (!status) {
      this.endProgress();
      this.treeView.message = undefined;
      this.treeView.description = undefined;
      this.provider.setActions([]);
      return;
    }
    const text = describeStatus(status, Date.now());
    this.treeView.message = text.message;
    this.treeView.description = text.description;
    this.provider.setActions(actionsFor(status));
    if (status.phase === 'loading') {
      this.startProgress();
    } else {
      this.endProgress();
    }
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

function actionsFor(status: LoadStatus): TreeAction[] {
  if (status.phase === 'loading') {
    return [];
  }
  if (status.error?.kind === 'auth') {
    return [setKeyAction];
  }
  if (status.error && status.error.kind !== 'cancelled') {
    return [retryAction];
  }
  if (status.skipLimited) {
    return [
      {
        text: 'Listing limited by Close: use Refresh Lead on a lead for all of its contacts',
        icon: 'info',
        command: { command: Commands.showLog, title: 'Show Log' },
        tooltip: `Close answers at most ${status.skipLimited.maxSkip.toLocaleString('en-US')} contacts through paging. Right-click a lead and choose Refresh Lead to load every contact of that lead.`,
      },
    ];
  }
  return [];
}
