// What one detail panel does, without `vscode`: waits for the webview's `ready`, shows what
// the list had, loads the full record, and answers the webview's requests after checking
// them. ContactPanels wires it to a real WebviewPanel. Without `vscode`, its words go through
// @vscode/l10n, which the extension configures with VS Code's bundle at activation.
import * as l10n from '@vscode/l10n';
import type { Contact } from '../../close/types';
import { describeError, isCancelled } from '../../close/errors';
import type { ContactSummary } from '../../model/contactSummary';
import { maskRecord } from '../../model/maskRecord';
import { leadPageUrl, safeLink } from '../../webview/links';
import { parseWebviewMessage, type ContactMessage, type CopyKind, type HostToWebview, type PanelContact } from '../../webview/protocol';

export interface PanelSessionDeps {
  contactId: string;
  /** The contact's organization, when it is named (the webview keeps it for a restore). */
  organizationId?: string;
  /** Sends to the webview (`webview.postMessage`). */
  post(message: HostToWebview): void;
  /** What the list has for this contact, if it is loaded. */
  summary(): ContactSummary | undefined;
  /** `GET /contact/{id}/`. */
  fetchContact(id: string, signal: AbortSignal): Promise<Contact>;
  leadName(leadId: string): string | undefined;
  /** The lead's status label, once the lead pages brought it. */
  leadStatus?(leadId: string): string | undefined;
  /** Copies to the clipboard and confirms, naming the kind (one whole sentence per kind). */
  copy(value: string, kind: CopyKind): Promise<void>;
  /** Opens a link already vetted by `safeLink`. */
  openExternal(url: string): Promise<unknown>;
  /** The panel's title follows the contact's label. */
  setTitle(title: string): void;
  labelOf(contact: PanelContact): string;
  /** Privacy mode: the webview gets the contact with its emails and phones masked. */
  privacy?(): boolean;
  log(line: string): void;
  now?(): number;
}

/** The list's summary in the record's own field names. */
export function summaryToContact(summary: ContactSummary): PanelContact {
  return {
    id: summary.id,
    lead_id: summary.leadId,
    display_name: summary.displayName ?? '',
    name: summary.name,
    title: summary.title,
    emails: [...summary.emails],
    phones: [...summary.phones],
  };
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export class PanelSession {
  private ready = false;
  private disposed = false;
  private contact: PanelContact;
  private loaded = false;
  private loading = false;
  private error: string | undefined;
  private abort: AbortController | undefined;

  constructor(private readonly deps: PanelSessionDeps) {
    const summary = deps.summary();
    this.contact = summary !== undefined ? summaryToContact(summary) : { id: deps.contactId };
  }

  /** Every message from the webview goes through here; unknown shapes are dropped. */
  handle(raw: unknown): void {
    if (this.disposed) {
      return;
    }
    const message = parseWebviewMessage(raw);
    if (message === undefined) {
      this.deps.log('panel: ignored a message of unknown shape from the webview');
      return;
    }
    switch (message.type) {
      case 'ready':
        // Also sent again when a hidden panel is shown (its page is rebuilt then).
        this.ready = true;
        if (!this.loaded && !this.loading) {
          void this.load(); // posts what the list had, marked loading
        } else {
          this.post();
        }
        return;
      case 'retry':
        void this.load();
        return;
      case 'copy': {
        const value = this.copyValue(message.kind, message.value, message.index);
        if (value === undefined) {
          this.deps.log(`panel: the ${message.kind} to copy is no longer in the contact; nothing was copied`);
          return;
        }
        void this.run(`copy ${message.kind}`, () => this.deps.copy(value, message.kind));
        return;
      }
      case 'open':
        this.open(message.url);
        return;
      case 'openLead':
        this.openLead();
        return;
    }
  }

  /** Loads (again) the full record; a load in flight is cancelled first. */
  async load(): Promise<void> {
    if (this.disposed) {
      return;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.loading = true;
    this.error = undefined;
    this.post();
    try {
      const full = await this.deps.fetchContact(this.deps.contactId, abort.signal);
      if (abort.signal.aborted || this.disposed) {
        return;
      }
      this.contact = { ...full, id: typeof full.id === 'string' && full.id.length > 0 ? full.id : this.deps.contactId };
      this.loaded = true;
      this.deps.setTitle(this.deps.labelOf(this.shownContact()));
    } catch (error) {
      if (abort.signal.aborted || this.disposed || isCancelled(error)) {
        return;
      }
      this.error = l10n.t({
        message: 'Could not load this contact from Close. {0}',
        args: [describeError(error)],
        comment: ['{0} is the reason, one or more sentences'],
      });
      this.deps.log(`panel: loading contact ${this.deps.contactId} failed: ${describeError(error)}`);
    } finally {
      if (this.abort === abort) {
        this.abort = undefined;
        this.loading = false;
      }
    }
    this.post();
  }

  /** The message the webview is (or will be) showing. */
  message(): ContactMessage {
    const leadId = typeof this.contact.lead_id === 'string' && this.contact.lead_id.length > 0 ? this.contact.lead_id : undefined;
    const leadName = leadId !== undefined ? this.deps.leadName(leadId) : undefined;
    const leadStatus = leadId !== undefined ? this.deps.leadStatus?.(leadId) : undefined;
    const lead = leadId !== undefined ? { id: leadId, ...(leadName !== undefined ? { name: leadName } : {}), ...(leadStatus !== undefined ? { status: leadStatus } : {}) } : undefined;
    const privacy = this.privacy();
    return {
      type: 'contact',
      contact: this.shownContact(),
      ...(privacy ? { privacy } : {}),
      ...(lead !== undefined ? { lead } : {}),
      loading: this.loading,
      ...(this.error !== undefined ? { error: this.error } : {}),
      now: this.deps.now?.() ?? Date.now(),
      ...(this.deps.organizationId !== undefined ? { organizationId: this.deps.organizationId } : {}),
    };
  }

  /** Privacy mode went on or off: the webview and the title show the contact again at once. */
  privacyChanged(): void {
    this.deps.setTitle(this.deps.labelOf(this.shownContact()));
    this.post();
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    this.abort = undefined;
  }

  private privacy(): boolean {
    return this.deps.privacy?.() === true;
  }

  /** What the webview may see of the contact: in privacy mode, never a real email or phone. */
  private shownContact(): PanelContact {
    return this.privacy() ? maskRecord(this.contact) : this.contact;
  }

  /**
   * The real value behind a copy button. The webview names the entry by its place in the list
   * (in privacy mode it only has the mask); a value the contact does not hold is never copied
   * in privacy mode.
   */
  private copyValue(kind: CopyKind, shown: string, index: number | undefined): string | undefined {
    const list: unknown = kind === 'email' ? this.contact.emails : this.contact.phones;
    const entry: unknown = index !== undefined && Array.isArray(list) ? list[index] : undefined;
    if (typeof entry === 'object' && entry !== null) {
      const e = entry as Record<string, unknown>;
      const real = kind === 'email' ? textOf(e.email) : textOf(e.phone_formatted) || textOf(e.phone);
      if (real.length > 0) {
        return real;
      }
    }
    return this.privacy() ? undefined : shown;
  }

  private post(): void {
    if (this.ready && !this.disposed) {
      this.deps.post(this.message());
    }
  }

  private open(url: string): void {
    const safe = safeLink(url);
    if (safe === null) {
      this.deps.log('panel: refused to open a link that is not a web page (http/https), one mail address (mailto:) or a phone number (tel:); nothing was opened');
      return;
    }
    void this.run('open link', () => this.deps.openExternal(safe));
  }

  private openLead(): void {
    const leadId = this.contact.lead_id;
    const url = typeof leadId === 'string' ? leadPageUrl(leadId) : null;
    if (url === null) {
      this.deps.log('panel: this contact has no lead to open');
      return;
    }
    void this.run('open lead', () => this.deps.openExternal(url));
  }

  private async run(what: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.deps.log(`panel: ${what} failed: ${describeError(error)}`);
    }
  }
}
