// Messages between the detail panel's host (src/ui/panel) and its browser code
// (src/webview/main), declared once for both sides. No `vscode`, no DOM.
import type { Contact } from '../close/types';

/** A contact as far as it is known: the list's summary while loading, then the full record. */
export type PanelContact = Partial<Contact> & { id: string };

export interface PanelLead {
  id: string;
  name?: string;
  /** The lead's status in Close ("Qualified"). */
  status?: string;
  htmlUrl?: string;
}

export interface ContactMessage {
  type: 'contact';
  contact: PanelContact;
  lead?: PanelLead;
  /** True while the full record is being fetched. */
  loading: boolean;
  /** Why the full record could not be loaded; the panel offers Retry. */
  error?: string;
  /** The host's clock (ms since epoch), for the contact's local time. */
  now: number;
  /** Privacy mode: the contact's emails and phones arrive masked; no mailto:/tel: links. */
  privacy?: boolean;
  /** The contact's organization (the all-organizations tree), kept in the panel's state. */
  organizationId?: string;
}

export type HostToWebview = ContactMessage;

export type CopyKind = 'email' | 'phone';

export type WebviewToHost =
  | { type: 'ready' }
  /** `index`: the email's (phone's) place in the contact's list, for the host to copy the real value in privacy mode. */
  | { type: 'copy'; kind: CopyKind; value: string; index?: number }
  | { type: 'open'; url: string }
  | { type: 'openLead' }
  | { type: 'retry' };

/** What the webview keeps across reloads (getState/setState): the contact id, nothing else. */
export interface PanelState {
  contactId: string;
  /** Which organization's key reads the contact again; the active one's when absent. */
  organizationId?: string;
}

/** Longest string the host accepts from the webview (a copy value or a link). */
export const MAX_MESSAGE_STRING = 10_000;

/** Beyond any contact's list of emails or phones. */
const MAX_LIST_INDEX = 10_000;

/** An object that is not an array (shared by both sides of the panel). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBoundedString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_MESSAGE_STRING;
}

/** The host trusts nothing the webview sends: anything not of a known shape is undefined. */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  switch (value.type) {
    case 'ready':
    case 'openLead':
    case 'retry':
      return { type: value.type };
    case 'copy':
      if ((value.kind === 'email' || value.kind === 'phone') && isBoundedString(value.value)) {
        const index = value.index;
        return Number.isInteger(index) && typeof index === 'number' && index >= 0 && index < MAX_LIST_INDEX
          ? { type: 'copy', kind: value.kind, value: value.value, index }
          : { type: 'copy', kind: value.kind, value: value.value };
      }
      return undefined;
    case 'open':
      return isBoundedString(value.url) ? { type: 'open', url: value.url } : undefined;
    default:
      return undefined;
  }
}

/** The webview checks what it receives too (its message channel is shared with VS Code). */
export function parseHostMessage(value: unknown): HostToWebview | undefined {
  if (!isRecord(value) || value.type !== 'contact') {
    return undefined;
  }
  const contact = value.contact;
  if (!isRecord(contact) || typeof contact.id !== 'string' || typeof value.loading !== 'boolean') {
    return undefined;
  }
  const message: ContactMessage = {
    type: 'contact',
    contact: contact as PanelContact,
    loading: value.loading,
    now: typeof value.now === 'number' && Number.isFinite(value.now) ? value.now : Date.now(),
  };
  const lead = value.lead;
  if (isRecord(lead) && typeof lead.id === 'string') {
    message.lead = {
      id: lead.id,
      ...(typeof lead.name === 'string' ? { name: lead.name } : {}),
      ...(typeof lead.status === 'string' ? { status: lead.status } : {}),
      ...(typeof lead.htmlUrl === 'string' ? { htmlUrl: lead.htmlUrl } : {}),
    };
  }
  if (typeof value.error === 'string') {
    message.error = value.error;
  }
  if (value.privacy === true) {
    message.privacy = true;
  }
  if (isStateId(value.organizationId)) {
    message.organizationId = value.organizationId;
  }
  return message;
}

/** Restored state is checked: a panel whose state is not ours is not restored. */
export function parsePanelState(value: unknown): PanelState | undefined {
  if (isRecord(value) && isStateId(value.contactId)) {
    return { contactId: value.contactId, ...(isStateId(value.organizationId) ? { organizationId: value.organizationId } : {}) };
  }
  return undefined;
}

function isStateId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}
