// What an export writes per contact, and where the rows come from. No `vscode` import.
import type { ContactSummary } from '../contactSummary';

/** One contact with the name of its lead (null for No lead, or a lead whose name is not known). */
export interface ExportRow {
  contact: ContactSummary;
  leadName: string | null;
}

export type ExportFormat = 'csv' | 'vcard';

/** The file extension of a format, without the dot. */
export function extensionOf(format: ExportFormat): string {
  return format === 'csv' ? 'csv' : 'vcf';
}

/** The format a file name asks for by its extension; undefined for any other name. */
export function formatOfFileName(fileName: string): ExportFormat | undefined {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'csv' ? 'csv' : ext === 'vcf' || ext === 'vcard' ? 'vcard' : undefined;
}

/** Leads and their contacts in the order the tree shows them: a store, or a filter's view of it. */
export interface GroupedContacts {
  groups(): readonly { leadId: string | null }[];
  contactsOf(leadId: string | null): readonly ContactSummary[];
}

/** Every contact of `source`, lead by lead, in tree order. */
export function rowsOf(source: GroupedContacts, leadName: (leadId: string) => string | undefined): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const group of source.groups()) {
    rowsOfLead(source, group.leadId, leadName, rows);
  }
  return rows;
}

/** The contacts of one lead (null: the No lead group), in tree order. */
export function rowsOfLead(source: GroupedContacts, leadId: string | null, leadName: (leadId: string) => string | undefined, into: ExportRow[] = []): ExportRow[] {
  const name = leadId === null ? null : (leadName(leadId) ?? null);
  for (const contact of source.contactsOf(leadId)) {
    into.push({ contact, leadName: name });
  }
  return into;
}

const MAX_NAME_PART = 60;

/**
 * `close-contacts-acme-corp.csv`: the organization's or lead's name reduced to letters, digits
 * and dashes (any script), so it is a safe file name on every system.
 */
export function exportFileName(scopeName: string | undefined, format: ExportFormat): string {
  const part = (scopeName ?? '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const trimmed = [...part].slice(0, MAX_NAME_PART).join('').replace(/-+$/, '');
  return `close-contacts${trimmed ? `-${trimmed}` : ''}.${extensionOf(format)}`;
}
