// The language model tool `closeCrm_findContacts` (package.json `languageModelTools`): chat and
// agents in VS Code find loaded Close contacts through it. It reads the search index the
// palette uses and never sends a request to Close, so it needs no confirmation.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ContactsController } from '../../model/contactsController';
import { LanguageModelTools } from '../constants';
import { plainText } from '../plainText';
import { privacyModeOn } from '../privacySetting';
import { echoQuery, queryOf, toolAnswer, type FindContactsInput, type LoadedContacts } from './toolAnswer';

/** What the tool reads of the controller: its store and index, never its client. */
function loadedContacts(controller: ContactsController): LoadedContacts {
  return {
    search: (query, limit) => controller.search(query, limit),
    leadStatus: (leadId) => controller.model.leadStatus(leadId),
    loaded: controller.model.size,
    loading: controller.status.phase === 'loading',
  };
}

class FindContactsTool implements vscode.LanguageModelTool<FindContactsInput> {
  constructor(private readonly controller: () => ContactsController | undefined) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<FindContactsInput>): vscode.PreparedToolInvocation {
    // Shown in the chat while the tool runs; the query came from the model, so no markup.
    const query = plainText(echoQuery(queryOf(options.input), privacyModeOn()));
    return { invocationMessage: vscode.l10n.t('Searching the loaded Close contacts for "{0}"', query) };
  }

  invoke(options: vscode.LanguageModelToolInvocationOptions<FindContactsInput>, token: vscode.CancellationToken): vscode.LanguageModelToolResult {
    if (token.isCancellationRequested) {
      return new vscode.LanguageModelToolResult([]);
    }
    const controller = this.controller();
    const parts = toolAnswer(controller && loadedContacts(controller), options.input, {
      masked: privacyModeOn(),
      fence: randomBytes(6).toString('hex'),
    });
    return new vscode.LanguageModelToolResult(parts.map((text) => new vscode.LanguageModelTextPart(text)));
  }
}

/** Registers the tool; `controller` is the signed-in organization's, undefined when signed out. */
export function registerFindContactsTool(controller: () => ContactsController | undefined): vscode.Disposable {
  return vscode.lm.registerTool(LanguageModelTools.findContacts, new FindContactsTool(controller));
}
