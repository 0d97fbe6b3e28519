// CONTRACT: what `activate()` returns (`vscode.extensions.getExtension(id).exports`) when
// `context.extensionMode` is Test; in production it returns nothing.
// Integration tests use it to look at the tree and panels without scraping the UI.
import type * as vscode from 'vscode';
import type { ContactsController } from '../model/contactsController';

export interface TreeSnapshotNode {
  label: string;
  description?: string;
  contextValue?: string;
  tooltip?: string;
  /** What a screen reader says for the row. */
  accessibilityLabel?: string;
  collapsible: boolean;
  /** The row asks to be shown open (VS Code keeps a row's state by id once the user toggles it). */
  expanded: boolean;
  /** True when VS Code would read the label, description or tooltip as markdown. */
  markdown: boolean;
  children?: TreeSnapshotNode[];
}

export interface CloseContactsApi {
  readonly controller: ContactsController;
  /** Fires with each new controller (undefined when signed out) before it shows anything. */
  readonly onDidChangeController: vscode.Event<ContactsController | undefined>;
  /** The tree's items as VS Code would render them, `depth` levels deep (1 = lead groups). */
  snapshotTree(depth: number): Promise<TreeSnapshotNode[]>;
  /** Contact ids of the open detail panels. */
  openPanelIds(): string[];
  /** The HTML most recently set on the detail panel of a contact (for CSP/escaping checks). */
  panelHtml(contactId: string): string | undefined;
  /** Resolves when no load is in flight and the view shows the outcome. */
  whenIdle(): Promise<void>;
  /** The view's current message and description (what the user reads above the tree). */
  viewText(): { message?: string; description?: string; title?: string };
  /** When (Date.now()) the view sent its rows to VS Code (with the lead rows it had then, and whether a reset or the end of a load made it urgent), and its message. */
  viewUpdates(): { rows: readonly { at: number; leadRows: number; urgent: boolean }[]; words: readonly number[] };
  /** The welcome state shown when the view has no rows ('' while it has), and whether the title offers Retry Now. */
  viewState(): { welcome: string; retryNow: boolean };
  /** The `closeCrm` authentication provider's sessions (one per added organization). */
  organizationSessions(): Promise<readonly vscode.AuthenticationSession[]>;
  /** Removes one of those sessions, as the Accounts menu's Sign Out does. */
  removeOrganizationSession(sessionId: string): Promise<void>;
  /** The organization status-bar item: its text, or undefined while it is hidden. */
  organizationStatus(): string | undefined;
  /** Selects a contact of the active organization in the tree, as Search Contacts' Show in Tree does. */
  revealContact(contactId: string): Promise<void>;
  /** The ids of the tree's selected rows. */
  selectedRowIds(): string[];
}

export type { vscode };
