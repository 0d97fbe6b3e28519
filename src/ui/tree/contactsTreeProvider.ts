import * as vscode from 'vscode';
import { FILTER_EXPAND_MAX_LEADS, type FilteredContacts } from '../../model/contactFilter';
import type { ContactsController } from '../../model/contactsController';
import type { LeadGroup, StoreChange } from '../../model/contactsModel';
import type { OrganizationGroup } from '../../model/organizationsView';
import { REAL_VALUES, shownValues, type ShownValues } from '../../model/shownValues';
import { ContactNode, EmailNode, LeadNode, MoreLeadsNode, OrganizationNode, PhoneNode, rowScope, type RowScope, type TreeNode } from './nodes';

/** closeCrm.treeLeadRows' default: VS Code redraws 1,000 rows in 33-50 ms on this project's machine (10,000 in 217 ms). */
export const DEFAULT_TREE_LEAD_ROWS = 1000;

/** One organization's rows: the whole tree with one organization, a top-level group with several. */
interface Section {
  controller: ContactsController;
  scope: RowScope;
  group?: OrganizationGroup<ContactsController>;
  leadNodes: Map<string | null, LeadNode>;
  /** Lead rows VS Code last got for this organization. */
  leadRows: number;
  /** Lead rows shown before the Show More Leads row (a multiple of the page size). */
  shownLeads: number;
  /** Leads whose contacts VS Code has asked for: only their changes are worth an event. */
  fetchedLeads: Set<string | null>;
  subscriptions: { dispose(): void }[];
}

export class ContactsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private controller: ContactsController | undefined;
  /** The active organization's rows (undefined when signed out). */
  private single: Section | undefined;
  /** All-organizations tree: one section per organization (empty: the tree shows `single`). */
  private grouped: Section[] = [];
  private rootDirty = false;
  private readonly dirtyLeads = new Set<LeadNode>();
  private filterQuery = '';
  private shown: ShownValues = REAL_VALUES;
  private pageSize = DEFAULT_TREE_LEAD_ROWS;

  /**
   * Asked to send the pending changes; ContactsView batches them with its own (see there).
   * Left alone, changes go out at once.
   */
  onWantsUpdate: (urgent: boolean) => void = () => this.flush();

  /** Lead rows (and organization rows) when VS Code last asked for them. */
  get rowCount(): number {
    if (this.grouped.length === 0) {
      return this.single?.leadRows ?? 0;
    }
    return this.grouped.reduce((rows, section) => rows + section.leadRows, this.grouped.length);
  }

  /** Lead rows of the active organization the next update may send at most (the page shown). */
  get leadRowsLimit(): number {
    return this.single?.shownLeads ?? this.pageSize;
  }

  /** The tree's filter ('' for none): only matching leads and contacts are shown. */
  get filter(): string {
    return this.filterQuery;
  }

  /** Whether the tree shows every organization as a top-level group. */
  get isGrouped(): boolean {
    return this.grouped.length > 0;
  }

  setFilter(query: string): void {
    const trimmed = query.trim();
    if (trimmed === this.filterQuery) {
      return;
    }
    this.filterQuery = trimmed;
    this.forgetRows();
    this.forEachSection((section) => (section.shownLeads = this.pageSize));
    this.markRoot(true);
  }

  /** Lead rows per page (closeCrm.treeLeadRows): every organization shows one page of the new size. */
  setPageSize(rows: number): void {
    if (rows === this.pageSize) {
      return;
    }
    this.pageSize = rows;
    this.forEachSection((section) => (section.shownLeads = rows));
    this.markRoot(true);
  }

  /** The Show More Leads row: one more page of an organization's leads (the active one's when none is named). */
  showMore(organizationId?: string): void {
    const section = this.sectionOf(organizationId ?? this.controller?.organizationId);
    if (section) {
      section.shownLeads += this.pageSize;
      this.markRoot(true);
    }
  }

  /**
   * Makes sure the row of an active organization's contact is on a shown page (for `reveal`).
   * True when pages were added: the rows must reach VS Code before the reveal.
   */
  showLeadOf(contactId: string): boolean {
    const section = this.sectionOf(this.controller?.organizationId);
    const contact = section?.controller.model.get(contactId);
    if (!section || !contact) {
      return false;
    }
    const groups = this.filteredOf(section.controller)?.groups() ?? section.controller.model.groups();
    const at = groups.findIndex((g) => g.leadId === contact.leadId);
    if (at < section.shownLeads) {
      return false;
    }
    section.shownLeads = (Math.floor(at / this.pageSize) + 1) * this.pageSize;
    this.markRoot(true);
    return true;
  }

  /** What the filter keeps of the active organization right now; undefined without a filter (or a controller). */
  filtered(): FilteredContacts | undefined {
    return this.filteredOf(this.controller);
  }

  /** What the filter keeps of an organization's contacts (the active one's when none is named). */
  filteredOf(controller: ContactsController | undefined): FilteredContacts | undefined {
    return this.filterQuery && controller ? controller.filtered(this.filterQuery) : undefined;
  }

  /** Whether the tree shows this contact of the active organization (under the filter, if any). */
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
    this.forgetRows();
    this.markRoot(true);
  }

  setController(controller: ContactsController | undefined): void {
    this.controller = controller;
    disposeSection(this.single);
    this.single = controller && this.section(controller, rowScope(controller.organizationId, false));
    this.markRoot(true);
  }

  /** The all-organizations tree's groups; none to show the active organization alone. */
  setGroups(groups: readonly OrganizationGroup<ContactsController>[]): void {
    if (groups.length === 0 && this.grouped.length === 0) {
      return; // the one-organization tree stays as it is
    }
    this.grouped.forEach(disposeSection);
    this.grouped = groups.map((group) => this.section(group.controller, rowScope(group.organizationId, true), group));
    this.markRoot(true);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      if (this.grouped.length > 0) {
        return this.grouped.map((s) => this.organizationNode(s));
      }
      return this.single ? this.leadsOf(this.single) : [];
    }
    const section = this.sectionOf(node.organizationId);
    if (!section) {
      return [];
    }
    switch (node.kind) {
      case 'organization':
        return this.leadsOf(section);
      case 'lead':
        section.fetchedLeads.add(node.group.leadId);
        return (this.filteredOf(section.controller) ?? section.controller.model)
          .contactsOf(node.group.leadId)
          .map((c) => new ContactNode(c, node.group.leadId, this.shown, section.scope));
      case 'contact':
        return [
          ...node.contact.emails.map((e, i) => new EmailNode(node.contact.id, e, i, this.shown, section.scope)),
          ...node.contact.phones.map((p, i) => new PhoneNode(node.contact.id, p, i, this.shown, section.scope)),
        ];
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    const section = node.kind === 'organization' ? undefined : this.sectionOf(node.organizationId);
    if (!section) {
      return undefined;
    }
    switch (node.kind) {
      case 'lead':
      case 'more':
        return section.group ? this.organizationNode(section) : undefined;
      case 'contact':
        return this.leadNodeIn(section, node.leadId);
      case 'email':
      case 'phone': {
        const contact = section.controller.model.get(node.contactId);
        return contact ? new ContactNode(contact, contact.leadId, this.shown, section.scope) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The node for a contact of the active organization, for `TreeView.reveal`. */
  contactNode(contactId: string): ContactNode | undefined {
    const section = this.sectionOf(this.controller?.organizationId);
    const contact = section?.controller.model.get(contactId);
    return section && contact ? new ContactNode(contact, contact.leadId, this.shown, section.scope) : undefined;
  }

  leadNode(leadId: string | null, organizationId?: string): LeadNode | undefined {
    const section = this.sectionOf(organizationId ?? this.controller?.organizationId);
    return section && this.leadNodeIn(section, leadId);
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
    disposeSection(this.single);
    this.grouped.forEach(disposeSection);
    this.changed.dispose();
  }

  /** The rows of an organization (the one-organization tree's when none is named). */
  private sectionOf(organizationId: string | undefined): Section | undefined {
    if (this.grouped.length === 0) {
      return this.single;
    }
    return this.grouped.find((s) => s.scope.organizationId === organizationId);
  }

  private section(controller: ContactsController, scope: RowScope, group?: OrganizationGroup<ContactsController>): Section {
    const section: Section = { controller, scope, group, leadNodes: new Map(), leadRows: 0, shownLeads: this.pageSize, fetchedLeads: new Set(), subscriptions: [] };
    section.subscriptions.push(controller.model.onDidChange((change) => this.onStoreChange(section, change)));
    if (group && !group.active) {
      // The organization's row shows its own loading and count; the view's words follow the active one.
      let phase = controller.status.phase;
      section.subscriptions.push(
        controller.onDidChangeStatus((s) => {
          if (s.phase !== phase) {
            phase = s.phase;
            this.markRoot(false);
          }
        }),
      );
    }
    return section;
  }

  private organizationNode(section: Section): OrganizationNode {
    const { controller, group } = section;
    const filtered = this.filteredOf(controller);
    return new OrganizationNode(section.scope.organizationId ?? '', group?.name ?? '', {
      contacts: controller.model.size,
      phase: controller.status.phase,
      failed: controller.status.error !== undefined,
      active: group?.active === true,
      matched: filtered?.matched,
    });
  }

  /** A page (or more) of an organization's lead rows, and a Show More Leads row when there are more. */
  private leadsOf(section: Section): (LeadNode | MoreLeadsNode)[] {
    section.leadNodes.clear();
    const filtered = this.filteredOf(section.controller);
    let leads: LeadNode[];
    let groups: readonly LeadGroup[];
    if (filtered) {
      const matching = filtered.groups();
      groups = matching;
      leads = matching.slice(0, section.shownLeads).map((group) => filteredLeadNode(filtered, group, matching.length, section.scope));
    } else {
      groups = section.controller.model.groups();
      leads = groups.slice(0, section.shownLeads).map((group) => new LeadNode(group, undefined, section.scope));
    }
    for (const lead of leads) {
      section.leadNodes.set(lead.group.leadId, lead);
    }
    section.leadRows = leads.length;
    if (groups.length === leads.length) {
      return leads;
    }
    // No lead comes last, so it is never among the rows shown above a Show More Leads row.
    const leadsTotal = groups.length - (groups[groups.length - 1]?.leadId === null ? 1 : 0);
    return [...leads, new MoreLeadsNode(leads.length, leadsTotal, section.scope)];
  }

  private forEachSection(fn: (section: Section) => void): void {
    for (const section of [this.single, ...this.grouped]) {
      if (section) {
        fn(section);
      }
    }
  }

  private leadNodeIn(section: Section, leadId: string | null): LeadNode | undefined {
    const known = section.leadNodes.get(leadId);
    if (known) {
      return known;
    }
    const filtered = this.filteredOf(section.controller);
    if (filtered) {
      const groups = filtered.groups();
      const group = groups.find((g) => g.leadId === leadId);
      return group && filteredLeadNode(filtered, group, groups.length, section.scope);
    }
    const group = section.controller.model.groups().find((g) => g.leadId === leadId);
    return group ? new LeadNode(group, undefined, section.scope) : undefined;
  }

  private forgetRows(): void {
    this.forEachSection((section) => {
      section.leadNodes.clear();
      section.fetchedLeads.clear();
    });
  }

  private markRoot(urgent: boolean): void {
    this.rootDirty = true;
    this.onWantsUpdate(urgent);
  }

  private onStoreChange(section: Section, change: StoreChange): void {
    if (section === this.single && this.grouped.length > 0) {
      return; // the active organization's group (a section of its own) handles it
    }
    if (change.kind !== 'lead') {
      this.markRoot(change.kind === 'reset');
      return;
    }
    // Only the lead's contacts changed (its count did not): refresh it if VS Code shows them.
    const node = section.leadNodes.get(change.leadId);
    if (node && section.fetchedLeads.has(change.leadId)) {
      this.dirtyLeads.add(node);
      this.onWantsUpdate(false);
    }
  }
}

type FilteredGroup = ReturnType<FilteredContacts['groups']>[number];

/** A lead row under a filter: open when few leads match (VS Code then fetches every open lead's rows). */
function filteredLeadNode(filtered: FilteredContacts, group: FilteredGroup, matchingLeads: number, scope: RowScope): LeadNode {
  return new LeadNode(group, { query: filtered.query, matched: group.matched, expand: matchingLeads <= FILTER_EXPAND_MAX_LEADS }, scope);
}

function disposeSection(section: Section | undefined): void {
  section?.subscriptions.forEach((s) => s.dispose());
}
