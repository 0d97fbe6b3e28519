// What the screen may show of a contact's emails and phone numbers: the values themselves, or
// privacy mode's masks. Every place that shows contact data takes one of these, so the choice
// is made once (from the setting) and the copying code keeps the real values beside it.
import { contactLabel, type ContactSummary } from './contactSummary';
import { maskEmail, maskPhone, maskSensitiveText } from './privacyMask';

export interface ShownValues {
  readonly masked: boolean;
  email(value: string): string;
  phone(value: string): string;
  /** Free text that may hold an address or a number (a title, a name made of an email). */
  text(value: string): string;
}

const same = (value: string): string => value;

export const REAL_VALUES: ShownValues = { masked: false, email: same, phone: same, text: same };

export const MASKED_VALUES: ShownValues = { masked: true, email: maskEmail, phone: maskPhone, text: maskSensitiveText };

export function shownValues(privacy: boolean): ShownValues {
  return privacy ? MASKED_VALUES : REAL_VALUES;
}

/** The contact's label as shown: a label that fell back to the first email is masked too. */
export function shownLabel(contact: Pick<ContactSummary, 'displayName' | 'name' | 'emails'>, shown: ShownValues): string {
  return shown.text(contactLabel(contact));
}
