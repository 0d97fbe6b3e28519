// Commands are called from tree rows, the palette, the webview and tests. These turn what
// they were given into ids.
import * as vscode from 'vscode';
import type { CopyTarget } from '../../model/copyTargets';
import { ContactNode, EmailNode, LeadNode, OrganizationNode, PhoneNode } from '../tree/nodes';

export type ContactArg = ContactNode | EmailNode | PhoneNode | string | { contactId: string };
export type LeadArg = LeadNode | ContactNode | string | { leadId: string | null };

function hasString<K extends string>(value: unknown, key: K): value is Record<K, string> {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[key] === 'string';
}

export function contactIdOf(arg: unknown): string | undefined {
  if (arg instanceof ContactNode) {
    return arg.contact.id;
  }
  if (arg instanceof EmailNode || arg instanceof PhoneNode) {
    return arg.contactId;
  }
  if (typeof arg === 'string' && arg.length > 0) {
    return arg;
  }
  if (hasString(arg, 'contactId')) {
    return arg.contactId;
  }
  return undefined;
}

/** A lead id, `null` for the No lead group, undefined when the argument names no lead. */
export function leadIdOf(arg: unknown): string | null | undefined {
  if (arg instanceof LeadNode) {
    return arg.group.leadId;
  }
  if (arg instanceof ContactNode) {
    return arg.leadId;
  }
  if (typeof arg === 'string' && arg.length > 0) {
    return arg;
  }
  if (typeof arg === 'object' && arg !== null && 'leadId' in arg) {
    const leadId = (arg as { leadId: unknown }).leadId;
    return typeof leadId === 'string' || leadId === null ? leadId : undefined;
  }
  return undefined;
}

/** What one selected row (or a plain `{ contactId }` / `{ leadId }` argument) names for a copy. */
export function copyTargetOf(arg: unknown): CopyTarget | undefined {
  if (arg instanceof LeadNode) {
    return { kind: 'lead', leadId: arg.group.leadId };
  }
  if (arg instanceof EmailNode || arg instanceof PhoneNode) {
    return { kind: arg.kind, contactId: arg.contactId, index: arg.index };
  }
  const contactId = contactIdOf(arg);
  if (contactId !== undefined) {
    return { kind: 'contact', contactId };
  }
  const leadId = leadIdOf(arg);
  return leadId === undefined ? undefined : { kind: 'lead', leadId };
}

/**
 * The rows a command from the tree works on. VS Code calls it with the clicked row and, in a
 * tree with several rows selected, the selection when the clicked row is part of it.
 */
export function selectedRows(clicked: unknown, selected: unknown): unknown[] {
  if (!Array.isArray(selected) || selected.length < 2) {
    return [clicked];
  }
  const key = (row: unknown): unknown => (row instanceof vscode.TreeItem ? row.id : JSON.stringify(copyTargetOf(row)));
  const clickedKey = key(clicked);
  return selected.some((row) => row === clicked || key(row) === clickedKey) ? selected : [clicked];
}

/**
 * The organization a row of the all-organizations tree (or a `{ organizationId }` argument)
 * belongs to; undefined for a plain id, which means the active organization.
 */
export function organizationIdOf(arg: unknown): string | undefined {
  if (arg instanceof OrganizationNode || arg instanceof LeadNode || arg instanceof ContactNode || arg instanceof EmailNode || arg instanceof PhoneNode) {
    return arg.organizationId;
  }
  return hasString(arg, 'organizationId') ? arg.organizationId : undefined;
}
