import * as vscode from 'vscode';
import { describeError, isAuthError, isCloseError } from '../../close/errors';
import { shownValues } from '../../model/shownValues';
import { checkApiKeyInput, keyFromArgument } from '../auth/apiKeyInput';
import { accountFromMe, type CloseSession } from '../session';
import { plainText } from '../plainText';
import { privacyModeOn } from '../privacySetting';

/**
 * Close CRM: Set API Key. Asks with a password box (the extension's tests may pass the key as an
 * argument; see keyFromArgument), checks it with `GET /me/`, and only then stores it. A key
 * Close rejects is never saved. Resolves true when a key was saved.
 */
export async function setApiKey(session: CloseSession, given: unknown, argumentsAllowed: boolean): Promise<boolean> {
  let input = keyFromArgument(given, argumentsAllowed);
  if (input === undefined) {
    input = await vscode.window.showInputBox({
      title: vscode.l10n.t('Close CRM: Set API Key'),
      prompt: vscode.l10n.t('Paste your Close API key (Close → Settings → Developer → API Keys). It is kept in VS Code’s secret storage.'),
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
      return false; // cancelled
    }
  }
  const check = checkApiKeyInput(input);
  if (!check.ok) {
    void vscode.window.showErrorMessage(`${check.message} ${nothingSaved()}`);
    return false;
  }
  try {
    const me = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the key with Close…') },
      () => session.checkKey(check.key),
    );
    await session.signIn(check.key, me);
    const account = accountFromMe(me);
    const email = shownValues(privacyModeOn()).email(account.email);
    void vscode.window.showInformationMessage(
      plainText(
        account.organizationName
          ? vscode.l10n.t('Signed in to Close as {0} ({1}), organization {2}.', account.userName, email, account.organizationName)
          : vscode.l10n.t('Signed in to Close as {0} ({1}).', account.userName, email),
      ),
    );
    return true;
  } catch (err) {
    const reason = isAuthError(err)
      ? vscode.l10n.t('Close rejected this API key (401). Check that you copied the whole key and that it has not been deleted in Close.')
      : vscode.l10n.t('The key could not be checked: {0}', isCloseError(err) ? err.message : describeError(err));
    void vscode.window.showErrorMessage(plainText(`${reason} ${nothingSaved()}`));
    return false;
  }
}

function nothingSaved(): string {
  return vscode.l10n.t('Nothing was saved.');
}

export async function signOut(session: CloseSession): Promise<void> {
  await session.signOut();
  vscode.window.setStatusBarMessage(`$(sign-out) ${vscode.l10n.t('Signed out of Close; the key and cached contacts were deleted')}`, 4000);
}
