import * as vscode from 'vscode';
import type { ContactsController } from '../../model/contactsController';
import type { StoreChange } from '../../model/contactStore';
import { Commands } from '../constants';
import { ContactNode, EmailNode, LeadNode, MessageNode, PhoneNode, type TreeNode } from './nodes';

/** How often, at most, the root is re-rendered while pages stream in... */
const ROOT_REFRESH_MS = 250;
/** ...plus this per lead row, since VS Code re-renders every root row on each refresh. */
const ROOT_REFRESH_MS_PER_ROW = 0.1;
/** A refresh VS Code has not fetched yet holds back the next one, but not for longer than this. */
const FETCH_WAIT_MAX_MS = 3000;

/** Something the user can do about the current state, shown as the first row. */
export interface TreeAction {
  text: string;
  icon: string;
  command: vscode.Command;
  tooltip?: string;
}

export class ContactsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private controller: ContactsController | undefined;
  private storeSubscription: vscode.Disposable | undefined;
  private readonly leadNodes = new Map<string | null, LeadNode>();
  private actions: TreeAction[] = [];
  private rootTimer: NodeJS.Timeout | undefined;
  private lastRootRefresh = 0;
  /** Set when the root was refreshed and VS Code has not asked for it again yet. */
  private rootFetchPending = false;
  private rootRows = 0;
  /** Leads whose contacts VS Code has asked for: only their changes are worth an event. */
  private readonly fetchedLeads = new Set<string | null>();

  setController(controller: ContactsController | undefined): void {
    this.storeSubscription?.dispose();
    this.controller = controller;
    this.storeSubscription = controller?.store.onDidChange((change) => this.onStoreChange(change));
    this.leadNodes.clear();
    this.fetchedLeads.clear();
    this.refreshRoot(true);
  }

  setActions(actions: TreeAction[]): void {
    const same =
      actions.length === this.actions.length && actions.every((a, i) => a.text === this.actions[i].text && a.command.command === this.actions[i].command.command);
    if (!same) {
      this.actions = actions;
      this.refreshRoot(true);
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    const controller = this.controller;
    if (!node) {
      this.rootFetchPending = false;
      const actions = this.actions.map((a) => new MessageNode(a.text, a.icon, a.command, a.tooltip));
      if (!controller) {
        return actions;
      }
      this.leadNodes.clear();
      const leads = controller.store.groups().map((group) => {
        const lead = new LeadNode(group);
        this.leadNodes.set(group.leadId, lead);
        return lead;
      });
      this.rootRows = leads.length;
      return [...actions, ...leads];
    }
    if (!controller) {
      return [];
    }
    switch (node.kind) {
      case 'lead':
        this.fetchedLeads.add(node.group.leadId);
        return controller.store.contactsOf(node.group.leadId).map((c) => new ContactNode(c, node.group.leadId));
      case 'contact':
        return [
          ...node.contact.emails.map((e, i) => new EmailNode(node.contact.id, e, i)),
          ...node.contact.phones.map((p, i) => new PhoneNode(node.contact.id, p, i)),
        ];
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    const controller = this.controller;
    if (!controller) {
      return undefined;
    }
    switch (node.kind) {
      case 'contact':
        return this.leadNode(node.leadId);
      case 'email':
      case 'phone': {
        const contact = controller.store.get(node.contactId);
        return contact ? new ContactNode(contact, contact.leadId) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The node for a contact, for `TreeView.reveal`. */
  contactNode(contactId: string): ContactNode | undefined {
    const contact = this.controller?.store.get(contactId);
    return contact ? new ContactNode(contact, contact.leadId) : undefined;
  }

  leadNode(leadId: string | null): LeadNode | undefined {
    const known = this.leadNodes.get(leadId);
    if (known) {
      return known;
    }
    const group = this.controller?.store.groups().find((g) => g.leadId === leadId);
    return group ? new LeadNode(group) : undefined;
  }

  dispose(): void {
    clearTimeout(this.rootTimer);
    this.storeSubscription?.dispose();
    this.changed.dispose();
  }

  private onStoreChange(change: StoreChange): void {
    if (change.kind === 'lead') {
      const node = this.leadNodes.get(change.leadId);
      if (node && this.fetchedLeads.has(change.leadId)) {
        this.changed.fire(node);
      }
      // A lead's count is part of its row: the root follows, throttled.
    }
    this.refreshRoot(change.kind === 'reset');
  }

  /**
   * Re-renders the root, throttled while pages stream in: a new refresh waits until VS Code
   * has fetched the previous one and an interval that grows with the number of rows has
   * passed. Firing faster makes VS Code drop each render for the next, and the tree stays
   * empty until the load ends.
   */
  private refreshRoot(now: boolean): void {
    if (now) {
      clearTimeout(this.rootTimer);
      this.rootTimer = undefined;
      this.fireRoot();
      return;
    }
    this.rootTimer ??= setTimeout(() => this.tryDeferredRefresh(), this.interval());
  }

  private tryDeferredRefresh(): void {
    this.rootTimer = undefined;
    const waitingForFetch = this.rootFetchPending && Date.now() - this.lastRootRefresh < FETCH_WAIT_MAX_MS;
    const early = Date.now() - this.lastRootRefresh < this.interval();
    if (waitingForFetch || early) {
      this.rootTimer = setTimeout(() => this.tryDeferredRefresh(), waitingForFetch ? 50 : this.interval());
      return;
    }
    this.fireRoot();
  }

  private interval(): number {
    return ROOT_REFRESH_MS + this.rootRows * ROOT_REFRESH_MS_PER_ROW;
  }

  private fireRoot(): void {
    this.lastRootRefresh = Date.now();
    this.rootFetchPending = true;
    this.changed.fire(undefined);
  }
}

export const retryAction: TreeAction = {
  text: 'Retry loading contacts',
  icon: 'refresh',
  command: { command: Commands.refresh, title: 'Retry' },
};

export const setKeyAction: TreeAction = {
  text: 'Set API Key…',
  icon: 'key',
  command: { command: Commands.setApiKey, title: 'Set API Key' },
};
