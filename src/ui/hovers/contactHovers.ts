// Hovers over email addresses and phone numbers in editors: a loaded contact's card, from
// memory (no request to Close). Off with `closeCrm.hovers`; masked in privacy mode.
import * as vscode from 'vscode';
import { contactTokenAt } from '../../model/contactAt';
import { ContactLookup } from '../../model/contactLookup';
import type { ContactsController } from '../../model/contactsController';
import { shownValues } from '../../model/shownValues';
import { Settings } from '../constants';
import { privacyModeOn } from '../privacySetting';
import { CARD_COMMANDS, contactCard } from './hoverCard';

/** Plain text, Markdown, common code languages and commit messages, whatever their scheme. */
export const HOVER_LANGUAGES: readonly string[] = [
  'plaintext',
  'markdown',
  'javascript',
  'typescript',
  'javascriptreact',
  'typescriptreact',
  'python',
  'go',
  'java',
  'csharp',
  'ruby',
  'php',
  'rust',
  'json',
  'jsonc',
  'yaml',
  'html',
  'css',
  'shellscript',
  'sql',
  'scminput',
  'git-commit',
];

/** Cards shown when several contacts share an address or a number. */
const MAX_CARDS = 3;

function hoversOn(): boolean {
  return vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.hovers, true) !== false;
}

export class ContactHoverProvider implements vscode.HoverProvider {
  private readonly lookups = new WeakMap<ContactsController, ContactLookup>();

  constructor(private readonly controller: () => ContactsController | undefined) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const controller = this.controller();
    if (!controller || controller.model.size === 0 || !hoversOn()) {
      return undefined;
    }
    const line = document.lineAt(position.line).text;
    const token = contactTokenAt(line, position.character);
    if (!token) {
      return undefined;
    }
    let lookup = this.lookups.get(controller);
    if (!lookup) {
      lookup = new ContactLookup(controller.model);
      this.lookups.set(controller, lookup);
    }
    const found = token.kind === 'email' ? await lookup.byEmail(token.text) : await lookup.byPhone(token.text);
    if (found.length === 0) {
      return undefined;
    }
    const shown = shownValues(privacyModeOn());
    const cards = found.slice(0, MAX_CARDS).map((contact) =>
      contactCard(contact, token, { label: controller.leadLabel(contact.leadId), status: contact.leadId ? controller.model.leadStatus(contact.leadId) : undefined }, shown),
    );
    const markdown = new vscode.MarkdownString(cards.join('\n\n---\n\n'));
    markdown.isTrusted = { enabledCommands: [...CARD_COMMANDS] };
    markdown.supportHtml = false;
    markdown.supportThemeIcons = false;
    return new vscode.Hover(markdown, new vscode.Range(position.line, token.start, position.line, token.end));
  }
}

export function registerContactHovers(controller: () => ContactsController | undefined): vscode.Disposable {
  return vscode.languages.registerHoverProvider(
    HOVER_LANGUAGES.map((language) => ({ language })),
    new ContactHoverProvider(controller),
  );
}
