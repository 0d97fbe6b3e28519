import * as vscode from 'vscode';
import type { ContactsController } from '../../model/contactsController';
import type { StoreChange } from '../../model/contactStore';
import { Commands } from '../constants';
import { ContactNode, EmailNode, LeadNode, MessageNode, PhoneNode, type TreeNode } from './nodes';

/** How often, at most, the root is re-rendered while pages stream in. */
const ROOT_REFRESH_MS = 200;

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

  setController(controller: ContactsController | undefined): void {
    this.storeSubscription?.dispose();
    this.controller = controller;
    this.storeSubscription = controller?.store.onDidChange((change) => this.onStoreChange(change));
    this.leadNodes.clear();
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
      return [...actions, ...leads];
    }
    if (!controller) {
      return [];
    }
    switch (node.kind) {
      case 'lead':
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
      if (node) {
        this.changed.fire(node);
      }
      // A lead's count is part of its row: the root follows, throttled.
    }
    this.refreshRoot(change.kind === 'reset');
  }

  /** Re-renders the root at most every ROOT_REFRESH_MS, so 500 pages don't mean 500 renders. */
  private refreshRoot(now: boolean): void {
    const wait = now ? 0 : Math.max(0, this.lastRootRefresh + ROOT_REFRESH_MS - Date.now());
    if (wait === 0) {
      clearTimeout(this.rootTimer);
      this.rootTimer = undefined;
      this.lastRootRefresh = Date.now();
      this.changed.fire(undefined);
      return;
    }
    this.rootTimer ??= setTimeout(() => {
      this.rootTimer = undefined;
      this.lastRootRefresh = Date.now();
      this.changed.fire(undefined);
    }, wait);
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
