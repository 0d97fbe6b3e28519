import * as vscode from 'vscode';
import { FILTER_EXPAND_MAX_LEADS, type FilteredContacts } from '../../model/contactFilter';
import type { ContactsController } from '../../model/contactsController';
import type { StoreChange } from '../../model/contactsModel';
import { REAL_VALUES, shownValues, type ShownValues } from '../../model/shownValues';
import { ContactNode, EmailNode, LeadNode, PhoneNode, type TreeNode } from './nodes';

export class ContactsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private controller: ContactsController | undefined;
  private storeSubscription: vscode.Disposable | undefined;
  private readonly leadNodes = new Map<string | null, LeadNode>();
  private rootRows = 0;
  /** Leads whose contacts VS Code has asked for: only their changes are worth an event. */
  private readonly fetchedLeads = new Set<string | null>();
  private rootDirty = false;
  private readonly dirtyLeads = new Set<LeadNode>();
  private filterQuery = '';
  private shown: ShownValues = REAL_VALUES;

  /**
   * Asked to send the pending changes; ContactsView batches them with its own (see there).
   * Left alone, changes go out at once.
   */
  onWantsUpdate: (urgent: boolean) => void = () => this.flush();

  /** Lead rows at the root when VS Code last asked for them. */
  get rowCount(): number {
    return this.rootRows;
  }

  /** The tree's filter ('' for none): only matching leads and contacts are shown. */
  get filter(): string {
    return this.filterQuery;
  }

  setFilter(query: string): void {
    const trimmed = query.trim();
    if (trimmed === this.filterQuery) {
      return;
    }
    this.filterQuery = trimmed;
    this.leadNodes.clear();
    this.fetchedLeads.clear();
    this.markRoot(true);
  }

  /** What the filter keeps right now; undefined without a filter (or a controller). */
  filtered(): FilteredContacts | undefined {
    return this.filterQuery && this.controller ? this.controller.filtered(this.filterQuery) : undefined;
  }

  /** Whether the tree shows this contact (under the filter, if any). */
  shows(contactId: string): boolean {
    const contact = this.controller?.model.get(contactId);
    if (!contact) {
      return false;
    }
    const filtered = this.filtered();
    return filtered === undefined || filtered.has(contact);
  }

  /** Privacy mode: every row is made again with emails and phones masked (or shown). */
  setPrivacy(on: boolean): void {
    if (on === this.shown.masked) {
      return;
    }
    this.shown = shownValues(on);
    this.leadNodes.clear();
    this.markRoot(true);
  }

  setController(controller: ContactsController | undefined): void {
    this.storeSubscription?.dispose();
    this.controller = controller;
    this.storeSubscription = controller?.model.onDidChange((change) => this.onStoreChange(change));
    this.leadNodes.clear();
    this.fetchedLeads.clear();
    this.markRoot(true);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    const controller = this.controller;
    if (!node) {
      if (!controller) {
        return [];
      }
      this.leadNodes.clear();
      const filtered = this.filtered();
      let leads: LeadNode[];
      if (filtered) {
        const groups = filtered.groups();
        const expand = groups.length <= FILTER_EXPAND_MAX_LEADS;
        leads = groups.map((group) => new LeadNode(group, { query: filtered.query, matched: group.matched, expand }));
      } else {
        leads = controller.model.groups().map((group) => new LeadNode(group));
      }
      for (const lead of leads) {
        this.leadNodes.set(lead.group.leadId, lead);
      }
      this.rootRows = leads.length;
      return leads;
    }
    if (!controller) {
      return [];
    }
    switch (node.kind) {
      case 'lead':
        this.fetchedLeads.add(node.group.leadId);
        return (this.filtered() ?? controller.model).contactsOf(node.group.leadId).map((c) => new ContactNode(c, node.group.leadId, this.shown));
      case 'contact':
        return [
          ...node.contact.emails.map((e, i) => new EmailNode(node.contact.id, e, i, this.shown)),
          ...node.contact.phones.map((p, i) => new PhoneNode(node.contact.id, p, i, this.shown)),
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
        const contact = controller.model.get(node.contactId);
        return contact ? new ContactNode(contact, contact.leadId, this.shown) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The node for a contact, for `TreeView.reveal`. */
  contactNode(contactId: string): ContactNode | undefined {
    const contact = this.controller?.model.get(contactId);
    return contact ? new ContactNode(contact, contact.leadId, this.shown) : undefined;
  }

  leadNode(leadId: string | null): LeadNode | undefined {
    const known = this.leadNodes.get(leadId);
    if (known) {
      return known;
    }
    const filtered = this.filtered();
    if (filtered) {
      const groups = filtered.groups();
      const group = groups.find((g) => g.leadId === leadId);
      return group ? new LeadNode(group, { query: filtered.query, matched: group.matched, expand: groups.length <= FILTER_EXPAND_MAX_LEADS }) : undefined;
    }
    const group = this.controller?.model.groups().find((g) => g.leadId === leadId);
    return group ? new LeadNode(group) : undefined;
  }

  /** Tells VS Code about everything that changed since the last call. */
  flush(): void {
    if (this.rootDirty) {
      this.rootDirty = false;
      this.dirtyLeads.clear();
      this.changed.fire(undefined);
      return;
    }
    for (const lead of this.dirtyLeads) {
      this.changed.fire(lead);
    }
    this.dirtyLeads.clear();
  }

  dispose(): void {
    this.storeSubscription?.dispose();
    this.changed.dispose();
  }

  private markRoot(urgent: boolean): void {
    this.rootDirty = true;
    this.onWantsUpdate(urgent);
  }

  private onStoreChange(change: StoreChange): void {
    if (change.kind !== 'lead') {
      this.markRoot(change.kind === 'reset');
      return;
    }
    // Only the lead's contacts changed (its count did not): refresh it if VS Code shows them.
    const node = this.leadNodes.get(change.leadId);
    if (node && this.fetchedLeads.has(change.leadId)) {
      this.dirtyLeads.add(node);
      this.onWantsUpdate(false);
    }
  }
}
