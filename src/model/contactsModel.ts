// What the VS Code layer may read of the model: contacts grouped by lead, and change events.
// The controller hands it out (`ContactsController.model`); only the model writes to it.
import * as l10n from '@vscode/l10n';
import type { ContactSummary } from './contactSummary';

/** The label of the group of contacts without a lead (translated when asked, not at load). */
export function noLeadLabel(): string {
  return l10n.t('No lead');
}

export interface LeadGroup {
  /** null for the "No lead" group. */
  leadId: string | null;
  /** The lead's name once known, the id until then, "No lead" for the null group. */
  label: string;
  /** True once the lead's name is known. */
  named: boolean;
  count: number;
  /** The lead's status in Close ("Qualified"), null until known (and for No lead). */
  status: string | null;
}

export type StoreChange =
  | { kind: 'reset' }
  | { kind: 'groups' } // groups added/removed/reordered or counts changed (covers every lead)
  | { kind: 'lead'; leadId: string | null }; // one lead's contacts changed, groups unchanged

/** A read-only view of the contacts shown (see ContactStore). */
export interface ContactsModel {
  /** Contacts shown. */
  readonly size: number;
  /** Leads with contacts; the No lead group is not a lead. */
  readonly leadCount: number;
  /** Changes with every change event: results derived from the model are current while it holds. */
  readonly version: number;
  /** Sorted by label (locale-aware, case-insensitive); the No lead group last. */
  groups(): readonly LeadGroup[];
  /** A lead's contacts, sorted by label. */
  contactsOf(leadId: string | null): readonly ContactSummary[];
  get(id: string): ContactSummary | undefined;
  all(): Iterable<ContactSummary>;
  leadName(leadId: string): string | undefined;
  /** The lead's status label in Close, once known. */
  leadStatus(leadId: string): string | undefined;
  /** The label of a lead's group: its name once known, else its id; "No lead" for null. */
  leadLabel(leadId: string | null): string;
  onDidChange(listener: (change: StoreChange) => void): { dispose(): void };
}
