import * as vscode from 'vscode';
import { describeError, isAuthError, isCloseError } from '../../close/errors';
import { shownValues } from '../../model/shownValues';
import { checkApiKeyInput, keyFromArgument } from '../auth/apiKeyInput';
import { accountFromMe, type CloseSession } from '../session';
import { formatCount } from '../displayFormat';
import { plainText } from '../plainText';
import { privacyModeOn } from '../privacySetting';

/**
 * Close CRM: Set API Key. Asks with a password box (the extension's tests may pass the key as an
 * argument; see keyFromArgument), checks it with `GET /me/`, and only then stores it. A key
 * Close rejects is never saved. Resolves true when a key was saved.
 */
export async function setApiKey(session: CloseSession, given: unknown, argumentsAllowed: boolean): Promise<boolean> {
  return (await askAndSignIn(session, given, argumentsAllowed, 'replace')) !== undefined;
}

/**
 * Close CRM: Add Organization…: the same checks as Set API Key, but the key joins the
 * organizations already added (replacing the key of its own organization if it is one of
 * them) and its organization becomes the active one. Resolves with that organization's id.
 */
export async function addOrganization(session: CloseSession, given: unknown, argumentsAllowed: boolean): Promise<string | undefined> {
  return askAndSignIn(session, given, argumentsAllowed, 'add');
}

/** Resolves with the organization id of the key saved ('' when Close did not name it), undefined when none was. */
async function askAndSignIn(session: CloseSession, given: unknown, argumentsAllowed: boolean, mode: 'replace' | 'add'): Promise<string | undefined> {
  let input = keyFromArgument(given, argumentsAllowed);
  if (input === undefined) {
    input = await vscode.window.showInputBox({
      title: mode === 'add' ? vscode.l10n.t('Close CRM: Add Organization') : vscode.l10n.t('Close CRM: Set API Key'),
      prompt:
        mode === 'add'
          ? vscode.l10n.t('Paste an API key of the other Close organization (in that organization: Settings → Developer → API Keys). It is kept in VS Code’s secret storage.')
          : vscode.l10n.t('Paste your Close API key (Close → Settings → Developer → API Keys). It is kept in VS Code’s secret storage.'),
      placeHolder: 'api_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => {
        // Say nothing while the box is still empty; the check below catches an empty submit.
        if (value.length === 0) {
          return undefined;
        }
        const check = checkApiKeyInput(value);
        return check.ok ? undefined : check.message;
      },
    });
    if (input === undefined) {
      return undefined; // cancelled
    }
  }
  const check = checkApiKeyInput(input);
  if (!check.ok) {
    void vscode.window.showErrorMessage(`${check.message} ${nothingSaved()}`);
    return undefined;
  }
  try {
    const me = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the key with Close…') },
      () => session.checkKey(check.key),
    );
    const account = accountFromMe(me);
    if (mode === 'add' && account.organizationId === undefined) {
      // The key could not be listed under any organization, and it would replace the one in use.
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Close did not say which organization this key belongs to, so it cannot be added beside the others. Use Set API Key to use it instead of the current key.') +
          ` ${nothingSaved()}`,
      );
      return undefined;
    }
    await session.signIn(check.key, me, mode);
    const email = shownValues(privacyModeOn()).email(account.email);
    void vscode.window.showInformationMessage(
      plainText(
        account.organizationName
          ? vscode.l10n.t('Signed in to Close as {0} ({1}), organization {2}.', account.userName, email, account.organizationName)
          : vscode.l10n.t('Signed in to Close as {0} ({1}).', account.userName, email),
      ),
    );
    return account.organizationId ?? '';
  } catch (err) {
    const reason = isAuthError(err)
      ? vscode.l10n.t('Close rejected this API key (401). Check that you copied the whole key and that it has not been deleted in Close.')
      : vscode.l10n.t('The key could not be checked: {0}', isCloseError(err) ? err.message : describeError(err));
    void vscode.window.showErrorMessage(plainText(`${reason} ${nothingSaved()}`));
    return undefined;
  }
}

function nothingSaved(): string {
  return vscode.l10n.t('Nothing was saved.');
}

/** Which organizations Sign Out signs out of: the active one or all. */
export type SignOutScope = 'active' | 'all';

function scopeFromArgument(given: unknown, argumentsAllowed: boolean): SignOutScope | undefined {
  return argumentsAllowed && (given === 'active' || given === 'all') ? given : undefined;
}

/**
 * Close CRM: Sign Out. With one organization it signs out at once, as it always did; with
 * several it asks whether to sign out of the active one or of all. (The extension's tests may
 * pass 'active' or 'all'; anywhere else a command link could sign the user out unasked.)
 */
export async function signOut(session: CloseSession, given: unknown, argumentsAllowed: boolean): Promise<void> {
  const organizations = await session.organizations();
  const activeId = await session.activeOrganizationId();
  const active = organizations.find((o) => o.id === activeId);
  let scope = scopeFromArgument(given, argumentsAllowed);
  if (scope === undefined && organizations.length > 1 && active) {
    const thisOne = vscode.l10n.t('Sign Out of {0}', active.name);
    const all = vscode.l10n.t('Sign Out of All {0} Organizations', formatCount(organizations.length));
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Sign out of the organization {0} only, or of every Close organization? Their keys and cached contacts are deleted.', active.name),
      { modal: true },
      thisOne,
      all,
    );
    if (choice === undefined) {
      return;
    }
    scope = choice === thisOne ? 'active' : 'all';
  }
  if (scope === 'active' && active && organizations.length > 1) {
    await session.signOutOrganization(active.id);
    vscode.window.setStatusBarMessage(`$(sign-out) ${vscode.l10n.t('Signed out of {0}; its key and cached contacts were deleted', active.name)}`, 4000);
    return;
  }
  await session.signOut();
  vscode.window.setStatusBarMessage(`$(sign-out) ${vscode.l10n.t('Signed out of Close; the key and cached contacts were deleted')}`, 4000);
}
