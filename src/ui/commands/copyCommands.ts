import * as vscode from 'vscode';
import type { ContactsController } from '../../model/contactsController';
import { shownLabel, shownValues } from '../../model/shownValues';
import { copiedOne, copyWithConfirmation } from '../clipboard';
import { EmailNode, PhoneNode } from '../tree/nodes';
import { collectAcrossSources, type CopySource, type CopyValueKind } from '../../model/copyTargets';
import { nameAndEmail } from '../../model/nameAndEmail';
import { contactCount, formatCount } from '../displayFormat';
import { contactIdOf, copyTargetOf, leadIdOf } from './args';
import { plainText } from '../plainText';
import { pickSettled } from '../quickInputFocus';
import { copyChoices, type CopyKind } from '../pickItems';
import { privacyModeOn } from '../privacySetting';

interface Choice extends vscode.QuickPickItem {
  value: string;
}

/** `{ contactId, index }`: the email's (phone's) place in the contact's list. */
function indexOf(arg: unknown): number | undefined {
  const index = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>).index : undefined;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : undefined;
}

/**
 * Copy Email / Copy Phone: an email or phone row copies itself; a contact with one copies it,
 * with several asks which (or all of them, one per line).
 */
export async function copyFromContact(controller: ContactsController, arg: unknown, kind: CopyKind): Promise<void> {
  if (kind === 'email' && arg instanceof EmailNode) {
    return copyWithConfirmation(arg.email.email, copiedOne('email', arg.email.email));
  }
  if (kind === 'phone' && arg instanceof PhoneNode) {
    const value = arg.phone.phone_formatted || arg.phone.phone;
    return copyWithConfirmation(value, copiedOne('phone', value));
  }
  const contactId = contactIdOf(arg);
  const contact = contactId ? controller.model.get(contactId) : undefined;
  if (!contact) {
    void vscode.window.showWarningMessage(vscode.l10n.t('That contact is no longer loaded. Refresh the Contacts view and try again.'));
    return;
  }
  const shown = shownValues(privacyModeOn());
  const choices: Choice[] = copyChoices(contact, kind, shown);
  // A hover card names the value it shows by its place: copied without asking.
  const index = indexOf(arg);
  const entry = index === undefined ? undefined : kind === 'email' ? contact.emails[index]?.email : contact.phones[index] && (contact.phones[index].phone_formatted || contact.phones[index].phone);
  if (entry) {
    return copyWithConfirmation(entry, copiedOne(kind, entry));
  }
  const name = shownLabel(contact, shown);
  if (choices.length === 0) {
    const none =
      kind === 'email'
        ? vscode.l10n.t('{0} has no email address to copy.', plainText(name))
        : vscode.l10n.t('{0} has no phone number to copy.', plainText(name));
    vscode.window.setStatusBarMessage(`$(info) ${none}`, 4000);
    void vscode.window.showInformationMessage(none);
    return;
  }
  if (choices.length === 1) {
    return copyWithConfirmation(choices[0].value, copiedOne(kind, choices[0].value));
  }
  const all: Choice = {
    label: kind === 'email' ? vscode.l10n.t('All {0} emails', choices.length) : vscode.l10n.t('All {0} phones', choices.length),
    description: vscode.l10n.t('one per line'),
    value: choices.map((c) => c.value).join('\n'),
  };
  const picked = await pickSettled([...choices, all], {
    title: plainText(kind === 'email' ? vscode.l10n.t('Copy Email: {0}', name) : vscode.l10n.t('Copy Phone: {0}', name)),
    placeHolder: kind === 'email' ? vscode.l10n.t('Which email?') : vscode.l10n.t('Which phone?'),
  });
  if (picked) {
    const confirmation =
      picked !== all
        ? copiedOne(kind, picked.value)
        : kind === 'email'
          ? vscode.l10n.t('Copied {0} emails of {1}', choices.length, name)
          : vscode.l10n.t('Copied {0} phones of {1}', choices.length, name);
    await copyWithConfirmation(picked.value, confirmation);
  }
}

/** Copy All Emails of a lead: one per line, unsubscribed ones left out, each address once. */
export async function copyLeadEmails(controller: ContactsController, arg: unknown): Promise<void> {
  const leadId = leadIdOf(arg);
  if (leadId === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Choose a lead in the Contacts view, then Copy All Emails.'));
    return;
  }
  const emails = new Set<string>();
  let unsubscribed = 0;
  for (const contact of controller.model.contactsOf(leadId)) {
    for (const e of contact.emails) {
      if (e.is_unsubscribed) {
        unsubscribed++;
      } else if (e.email) {
        emails.add(e.email);
      }
    }
  }
  const leadName = controller.leadLabel(leadId);
  if (emails.size === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no subscribed email addresses to copy.', plainText(leadName)));
    return;
  }
  const copied =
    emails.size === 1 ? vscode.l10n.t('Copied 1 email of {0}', leadName) : vscode.l10n.t('Copied {0} emails of {1}', emails.size, leadName);
  const left = unsubscribed ? ` ${vscode.l10n.t('({0} unsubscribed left out)', unsubscribed)}` : '';
  await copyWithConfirmation([...emails].join('\n'), `${copied}${left}`);
}

/** "Ada Lovelace <ada@example.com>" of a contact; with several emails it asks which (or all, one per line). */
export async function copyNameAndEmail(controller: ContactsController, arg: unknown): Promise<void> {
  const contactId = contactIdOf(arg);
  const contact = contactId ? controller.model.get(contactId) : undefined;
  if (!contact) {
    void vscode.window.showWarningMessage(vscode.l10n.t('That contact is no longer loaded. Refresh the Contacts view and try again.'));
    return;
  }
  const name = contact.displayName ?? contact.name;
  const shown = shownValues(privacyModeOn());
  const label = shownLabel(contact, shown);
  const emails = arg instanceof EmailNode ? [arg.email.email] : contact.emails.map((e) => e.email).filter(Boolean);
  if (emails.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no email address to copy.', plainText(label)));
    return;
  }
  if (emails.length === 1) {
    return copyWithConfirmation(nameAndEmail(name, emails[0]), copiedOne('email', emails[0]));
  }
  const choices: Choice[] = copyChoices(contact, 'email', shown).map((c) => ({ ...c, value: nameAndEmail(name, c.value) }));
  const all: Choice = {
    label: vscode.l10n.t('All {0} emails', choices.length),
    description: vscode.l10n.t('one per line'),
    value: choices.map((c) => c.value).join('\n'),
  };
  const picked = await pickSettled([...choices, all], {
    title: plainText(vscode.l10n.t('Copy as Name <email>: {0}', label)),
    placeHolder: vscode.l10n.t('Which email?'),
  });
  if (picked) {
    const index = choices.indexOf(picked);
    const confirmation = picked === all ? vscode.l10n.t('Copied {0} emails of {1}', choices.length, label) : copiedOne('email', emails[index]);
    await copyWithConfirmation(picked.value, confirmation);
  }
}

/**
 * Copy over several selected rows: the emails (phones, or Name <email>) of every selected lead
 * and contact, one per line, each once, in tree order. Each part's `source` is what the tree
 * shows of the rows' organization (several in the all-organizations tree).
 */
export async function copyFromRowsOf(parts: readonly { source: CopySource; rows: readonly unknown[] }[], kind: CopyValueKind): Promise<void> {
  const withTargets = parts.map(({ source, rows }) => ({ source, targets: rows.map(copyTargetOf).filter((t) => t !== undefined) }));
  const got = collectAcrossSources(withTargets, kind, (contact, email) => nameAndEmail(contact.displayName ?? contact.name, email));
  if (got.values.length === 0) {
    void vscode.window.showInformationMessage(
      kind === 'phone' ? vscode.l10n.t('The selected contacts have no phone number to copy.') : vscode.l10n.t('The selected contacts have no subscribed email address to copy.'),
    );
    return;
  }
  const copied =
    kind === 'phone'
      ? vscode.l10n.t('Copied {0} phones of {1}', formatCount(got.values.length), contactCount(got.contacts))
      : vscode.l10n.t('Copied {0} emails of {1}', formatCount(got.values.length), contactCount(got.contacts));
  const left = got.unsubscribed ? ` ${vscode.l10n.t('({0} unsubscribed left out)', formatCount(got.unsubscribed))}` : '';
  await copyWithConfirmation(got.values.join('\n'), `${copied}${left}`);
}
