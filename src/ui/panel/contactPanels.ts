// The detail panels on the VS Code side: one webview panel per contact, revealed when opened
// again, restored after a window reload. The panel's logic lives in PanelSession.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { CloseError } from '../../close/errors';
import type { ContactsController } from '../../model/contactsController';
import { contactLabel } from '../../model/contactSummary';
import { maskRecord } from '../../model/maskRecord';
import { parsePanelState, type PanelContact } from '../../webview/protocol';
import { copiedOne, copyWithConfirmation } from '../clipboard';
import { PANEL_VIEW_TYPE } from '../constants';
import { privacyModeOn } from '../privacySetting';
import { buildPanelHtml } from './panelHtml';
import { PanelSession } from './panelSession';

const MAX_TITLE_CHARS = 60;

/**
 * The controller, or a getter for an organization's current one (it changes with the key;
 * undefined when signed out): the active organization's when none is named.
 */
export type ControllerSource = ContactsController | ((organizationId?: string) => ContactsController | undefined);

/** A function taking a line, or a log with `info` (the extension's Log). */
export type PanelLog = ((line: string) => void) | { info(line: string): void };

interface OpenPanel {
  panel: vscode.WebviewPanel;
  /** The contact's organization when it is not the active one's (the all-organizations tree). */
  organizationId: string | undefined;
  session: PanelSession;
  html: string;
  disposables: vscode.Disposable[];
}

/** The tab title: the contact's label, cut short. */
export function panelTitle(contact: PanelContact): string {
  const label = contactLabel({
    displayName: typeof contact.display_name === 'string' ? contact.display_name : null,
    name: typeof contact.name === 'string' ? contact.name : null,
    emails: Array.isArray(contact.emails) ? contact.emails : [],
  });
  return label.length > MAX_TITLE_CHARS ? `${label.slice(0, MAX_TITLE_CHARS - 1)}…` : label;
}

export class ContactPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly currentController: (organizationId?: string) => ContactsController | undefined;
  private readonly log: (line: string) => void;

  constructor(
    private readonly extensionUri: vscode.Uri,
    controller: ControllerSource,
    log: PanelLog,
  ) {
    this.currentController = typeof controller === 'function' ? controller : () => controller;
    this.log = typeof log === 'function' ? log : (line) => log.info(line);
  }

  /** Opens the contact's panel (of `organizationId`, else the active organization), or reveals it when it is already open. */
  open(contactId: string, organizationId?: string): void {
    const existing = this.panels.get(contactId);
    if (existing !== undefined) {
      existing.panel.reveal();
      return;
    }
    const summary = this.currentController(organizationId)?.model.get(contactId);
    const known: PanelContact | undefined = summary && { id: contactId, display_name: summary.displayName ?? '', name: summary.name, emails: [...summary.emails] };
    const title =
      known !== undefined
        ? panelTitle(privacyModeOn() ? maskRecord(known) : known)
        : vscode.l10n.t({ message: 'Contact', comment: ['Title of the tab of a contact whose name is not known yet'] });
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title, vscode.ViewColumn.Active, this.webviewOptions());
    this.attach(panel, contactId, organizationId);
  }

  openIds(): string[] {
    return [...this.panels.keys()];
  }

  /** The HTML last set on a contact's panel (for CSP and escaping checks). */
  htmlOf(contactId: string): string | undefined {
    return this.panels.get(contactId)?.html;
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        const restored = parsePanelState(state);
        if (restored === undefined || this.panels.has(restored.contactId)) {
          panel.dispose();
          return;
        }
        panel.webview.options = this.webviewOptions();
        // A panel of the all-organizations tree reads its own organization again (with its key only).
        this.attach(panel, restored.contactId, restored.organizationId);
      },
    });
  }

  /** Privacy mode went on or off: every panel shows its contact again, masked or not. */
  privacyChanged(): void {
    for (const open of this.panels.values()) {
      open.session.privacyChanged();
    }
  }

  /** Closes the panels of an organization signed out (undefined: of the active one). */
  closeOrganization(organizationId: string | undefined): void {
    for (const open of [...this.panels.values()]) {
      if (open.organizationId === organizationId) {
        open.panel.dispose();
      }
    }
  }

  /** Closes every panel (another key's contacts must not stay on screen). */
  closeAll(): void {
    for (const open of [...this.panels.values()]) {
      open.panel.dispose();
    }
    this.panels.clear();
  }

  dispose(): void {
    this.closeAll();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, contactId: string, organizationId: string | undefined): void {
    const controller = (): ContactsController | undefined => this.currentController(organizationId);
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'contact-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'contact-dark.svg'),
    };
    const webview = panel.webview;
    const session = new PanelSession({
      contactId,
      ...(organizationId !== undefined ? { organizationId } : {}),
      post: (message) => {
        void webview.postMessage(message);
      },
      summary: () => controller()?.model.get(contactId),
      fetchContact: (id, signal) => {
        const current = controller();
        return current !== undefined
          ? current.fetchContact(id, signal)
          : Promise.reject(new CloseError('auth', vscode.l10n.t('Not connected to Close. Set an API key with "Close CRM: Set API Key", then retry.')));
      },
      leadName: (leadId) => controller()?.model.leadName(leadId),
      leadStatus: (leadId) => controller()?.model.leadStatus(leadId),
      copy: (value, kind) => copyWithConfirmation(value, copiedOne(kind, value)),
      openExternal: (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true))),
      setTitle: (title) => {
        panel.title = title;
      },
      labelOf: panelTitle,
      privacy: privacyModeOn,
      log: this.log,
    });
    const html = buildPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      title: panel.title,
      lang: vscode.env.language,
      l10nBundle: vscode.l10n.bundle === undefined ? undefined : JSON.stringify(vscode.l10n.bundle),
      loadingText: vscode.l10n.t('Loading contact…'),
    });
    const open: OpenPanel = { panel, organizationId, session, html, disposables: [] };
    this.panels.set(contactId, open);
    open.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => session.handle(message)),
      panel.onDidDispose(() => {
        session.dispose();
        for (const d of open.disposables) {
          d.dispose();
        }
        if (this.panels.get(contactId) === open) {
          this.panels.delete(contactId);
        }
      }),
    );
    webview.html = html;
    this.log(`panel: opened contact ${contactId}`);
  }
}
