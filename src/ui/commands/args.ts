// Commands are called from tree rows, the palette, the webview and tests. These turn what
// they were given into ids.
import { ContactNode, EmailNode, LeadNode, PhoneNode } from '../tree/nodes';

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
