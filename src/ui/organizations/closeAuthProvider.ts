import * as vscode from 'vscode';
import type { StoredOrganization } from '../../model/organizationRegistry';
import type { CloseSession } from '../session';

export const AUTH_PROVIDER_ID = 'closeCrm';

/**
 * What a session hands out instead of a key. Another extension that gets a session (VS Code
 * asks the user first) learns which organization it is and nothing it could call Close with:
 * the keys stay in SecretStorage, read only by this extension.
 */
export function sessionToken(organizationId: string): string {
  return `close-contacts-organization:${organizationId}`;
}

function toSession(org: StoredOrganization): vscode.AuthenticationSession {
  return { id: org.id, accessToken: sessionToken(org.id), account: { id: org.id, label: org.name }, scopes: [] };
}

/**
 * The added Close organizations as VS Code accounts (the Accounts menu lists them, with Sign
 * Out). A session is an organization: removing it signs that organization out; creating one
 * runs Add Organization.
 */
export class CloseAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private known = new Map<string, vscode.AuthenticationSession>();
  private readonly subscription: vscode.Disposable;
  private checking: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: CloseSession,
    private readonly addOrganization: () => Promise<string | undefined>,
  ) {
    this.subscription = session.keys.onDidChangeOrganizations(() => void this.announceChanges());
    void this.announceChanges();
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    return (await this.session.organizations()).map(toSession);
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const organizationId = await this.addOrganization();
    const org = organizationId ? (await this.session.organizations()).find((o) => o.id === organizationId) : undefined;
    if (!org) {
      throw new Error(vscode.l10n.t('No Close organization was added.'));
    }
    await this.announceChanges();
    return toSession(org);
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.session.signOutOrganization(sessionId);
    await this.announceChanges();
  }

  /** Compares the organizations with what was last announced and tells VS Code the difference. */
  announceChanges(): Promise<void> {
    this.checking = this.checking.then(async () => {
      const now = new Map((await this.session.organizations()).map((o) => [o.id, toSession(o)]));
      const added = [...now.values()].filter((s) => !this.known.has(s.id));
      const removed = [...this.known.values()].filter((s) => !now.has(s.id));
      const changed = [...now.values()].filter((s) => {
        const before = this.known.get(s.id);
        return before !== undefined && before.account.label !== s.account.label;
      });
      this.known = now;
      if (added.length + removed.length + changed.length > 0) {
        this.changed.fire({ added, removed, changed });
      }
    });
    this.checking = this.checking.catch(() => undefined);
    return this.checking;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
