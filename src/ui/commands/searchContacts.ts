import * as vscode from 'vscode';
import type { ContactsController, SearchHit } from '../../model/contactsController';
import { formatCount } from '../displayFormat';
import { shownValues, type ShownValues } from '../../model/shownValues';
import { contactPickText } from '../pickItems';
import { plainText } from '../plainText';
import { onDidChangePrivacyMode, privacyModeOn } from '../privacySetting';
import { showSettled } from '../quickInputFocus';

/** Results shown per keystroke; the index answers in a few ms, VS Code's list is the cost. */
export const MAX_RESULTS = 100;
const RESULTS_REFRESH_MS = 150;

export interface ContactPickItem extends vscode.QuickPickItem {
  hit: SearchHit;
}

interface PickButtons {
  copyEmail: vscode.QuickInputButton;
  copyNameAndEmail: vscode.QuickInputButton;
  copyPhone: vscode.QuickInputButton;
  reveal: vscode.QuickInputButton;
  /** In the picker's title: exports every match of the query. */
  exportResults: vscode.QuickInputButton;
}

/** Made per picker (not at load), so the tooltips are in the display language. */
function pickButtons(): PickButtons {
  return {
    copyEmail: { iconPath: new vscode.ThemeIcon('mail'), tooltip: vscode.l10n.t('Copy email') },
    copyNameAndEmail: { iconPath: new vscode.ThemeIcon('person'), tooltip: vscode.l10n.t('Copy as Name <email>') },
    copyPhone: { iconPath: new vscode.ThemeIcon('device-mobile'), tooltip: vscode.l10n.t('Copy phone') },
    reveal: { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: vscode.l10n.t('Reveal in Contacts view') },
    exportResults: { iconPath: new vscode.ThemeIcon('desktop-download'), tooltip: vscode.l10n.t('Export these results…') },
  };
}

export type PickAction = { kind: 'open' | 'copyEmail' | 'copyNameAndEmail' | 'copyPhone' | 'reveal'; contactId: string } | { kind: 'export'; query: string };

function toItem(hit: SearchHit, buttonSet: PickButtons | undefined, shown: ShownValues): ContactPickItem {
  const c = hit.contact;
  const email = c.emails[0]?.email;
  const phone = c.phones[0] ? c.phones[0].phone_formatted || c.phones[0].phone : undefined;
  const buttons: vscode.QuickInputButton[] = [];
  if (buttonSet) {
    if (email) {
      buttons.push(buttonSet.copyEmail, buttonSet.copyNameAndEmail);
    }
    if (phone) {
      buttons.push(buttonSet.copyPhone);
    }
    buttons.push(buttonSet.reveal);
  }
  return {
    ...contactPickText(hit, shown),
    // The index chose these items (by real emails and phones, which privacy mode masks in the
    // text): VS Code's own filtering must not hide any of them.
    alwaysShow: true,
    buttons,
    hit,
  };
}

/**
 * A quick pick over the loaded contacts, answered by the search index on each keystroke.
 * Starts a load when nothing is loaded; results follow the load as pages arrive.
 */
export function pickContact(controller: ContactsController, options: { title: string; withButtons: boolean }): Promise<PickAction | undefined> {
  const quickPick = vscode.window.createQuickPick<ContactPickItem>();
  quickPick.title = options.title;
  const buttonSet = options.withButtons ? pickButtons() : undefined;
  quickPick.placeholder = vscode.l10n.t('Name, email, phone digits, lead or title');
  quickPick.matchOnDescription = false;
  quickPick.matchOnDetail = false;
  if (buttonSet) {
    quickPick.buttons = [buttonSet.exportResults];
  }
  const disposables: vscode.Disposable[] = [quickPick];

  const update = (): void => {
    const hits = controller.search(quickPick.value, MAX_RESULTS);
    const shown = shownValues(privacyModeOn());
    quickPick.items = hits.map((h) => toItem(h, buttonSet, shown));
    const status = controller.status;
    quickPick.busy = status.phase === 'loading';
    if (status.phase === 'loading') {
      quickPick.placeholder = vscode.l10n.t('Loading contacts… {0} so far. Name, email, phone digits, lead or title', formatCount(status.contactsLoaded));
    } else if (status.contactsLoaded === 0 && status.error) {
      quickPick.placeholder = plainText(status.error.message);
    } else {
      quickPick.placeholder = vscode.l10n.t('Search {0} contacts: name, email, phone digits, lead or title', formatCount(status.contactsLoaded));
    }
  };

  let timer: NodeJS.Timeout | undefined;
  const scheduleUpdate = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      update();
    }, RESULTS_REFRESH_MS);
  };

  if (controller.status.phase === 'idle' || (controller.status.contactsLoaded === 0 && controller.status.phase !== 'loading')) {
    void controller.refresh();
  }

  return new Promise<PickAction | undefined>((resolve) => {
    let settled = false;
    const finish = (action: PickAction | undefined): void => {
      if (!settled) {
        settled = true;
        resolve(action);
        quickPick.hide();
      }
    };
    disposables.push(
      quickPick.onDidChangeValue(update),
      controller.model.onDidChange(scheduleUpdate),
      controller.onDidChangeStatus(scheduleUpdate),
      onDidChangePrivacyMode(update),
      quickPick.onDidAccept(() => {
        const picked = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        if (picked) {
          finish({ kind: 'open', contactId: picked.hit.contact.id });
        }
      }),
      quickPick.onDidTriggerItemButton((e) => {
        const contactId = e.item.hit.contact.id;
        if (e.button === buttonSet?.copyEmail) {
          finish({ kind: 'copyEmail', contactId });
        } else if (e.button === buttonSet?.copyNameAndEmail) {
          finish({ kind: 'copyNameAndEmail', contactId });
        } else if (e.button === buttonSet?.copyPhone) {
          finish({ kind: 'copyPhone', contactId });
        } else {
          finish({ kind: 'reveal', contactId });
        }
      }),
      quickPick.onDidTriggerButton((button) => {
        if (button === buttonSet?.exportResults) {
          finish({ kind: 'export', query: quickPick.value });
        }
      }),
      quickPick.onDidHide(() => {
        clearTimeout(timer);
        finish(undefined);
        disposables.forEach((d) => d.dispose());
      }),
    );
    update();
    disposables.push(showSettled(quickPick));
  });
}
