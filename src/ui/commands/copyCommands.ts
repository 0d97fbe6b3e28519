import * as vscode from 'vscode';
import type { ContactsController } from '../../model/contactsController';
import { contactLabel } from '../../model/contactSummary';
import { copyWithConfirmation } from '../clipboard';
import { EmailNode, PhoneNode } from '../tree/nodes';
import { contactIdOf, leadIdOf } from './args';
import { plainText } from '../plainText';
import { copyChoices, type CopyKind } from '../pickItems';

interface Choice extends vscode.QuickPickItem {
  value: string;
}

/**
 * Copy Email / Copy Phone: an email or phone row copies itself; a contact with one copies it,
 * with several asks which (or all of them, one per line).
 */
export async function copyFromContact(controller: ContactsController, arg: unknown, kind: CopyKind): Promise<void> {
  if (kind === 'email' && arg instanceof EmailNode) {
    return copyWithConfirmation(arg.email.email, `email ${arg.email.email}`);
  }
  if (kind === 'phone' && arg instanceof PhoneNode) {
    const value = arg.phone.phone_formatted || arg.phone.phone;
    return copyWithConfirmation(value, `phone ${value}`);
  }
  const contactId = contactIdOf(arg);
  const contact = contactId ? controller.store.get(contactId) : undefined;
  if (!contact) {
    void vscode.window.showWarningMessage('That contact is no longer loaded. Refresh the Contacts view and try again.');
    return;
  }
  const choices: Choice[] = copyChoices(contact, kind);
  const name = contactLabel(contact);
  if (choices.length === 0) {
    vscode.window.setStatusBarMessage(`$(info) ${plainText(name)} has no ${kind}`, 4000);
    void vscode.window.showInformationMessage(`${plainText(name)} has no ${kind === 'email' ? 'email address' : 'phone number'} to copy.`);
    return;
  }
  if (choices.length === 1) {
    return copyWithConfirmation(choices[0].value, `${kind} ${choices[0].value}`);
  }
  const all: Choice = {
    label: `All ${choices.length} ${kind === 'email' ? 'emails' : 'phones'}`,
    description: 'one per line',
    value: choices.map((c) => c.value).join('\n'),
  };
  const picked = await vscode.window.showQuickPick([...choices, all], {
    title: plainText(`Copy ${kind === 'email' ? 'Email' : 'Phone'}: ${name}`),
    placeHolder: `Which ${kind}?`,
  });
  if (picked) {
    await copyWithConfirmation(picked.value, picked === all ? `${choices.length} ${kind}s of ${name}` : `${kind} ${picked.value}`);
  }
}

/** Copy All Emails of a lead: one per line, unsubscribed ones left out, each address once. */
export async function copyLeadEmails(controller: ContactsController, arg: unknown): Promise<void> {
  const leadId = leadIdOf(arg);
  if (leadId === undefined) {
    void vscode.window.showWarningMessage('Choose a lead in the Contacts view, then Copy All Emails.');
    return;
  }
  const emails = new Set<string>();
  let unsubscribed = 0;
  for (const contact of controller.store.contactsOf(leadId)) {
    for (const e of contact.emails) {
      if (e.is_unsubscribed) {
        unsubscribed++;
      } else if (e.email) {
        emails.add(e.email);
      }
    }
  }
  const leadName = leadId === null ? 'No lead' : (controller.store.leadName(leadId) ?? leadId);
  if (emails.size === 0) {
    void vscode.window.showInformationMessage(`${plainText(leadName)} has no subscribed email addresses to copy.`);
    return;
  }
  const left = unsubscribed ? ` (${unsubscribed} unsubscribed left out)` : '';
  await copyWithConfirmation([...emails].join('\n'), `${emails.size} email${emails.size === 1 ? '' : 's'} of ${leadName}${left}`);
}
