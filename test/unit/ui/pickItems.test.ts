import * as assert from 'node:assert/strict';
import type { ContactSummary } from '../../../src/model/contactSummary';
import { contactPickText, copyChoices } from '../../../src/ui/pickItems';

const HOSTILE = '$(alert) [x](command:closeCrm.signOut)';

const contact: ContactSummary = {
  id: 'cont_1',
  leadId: 'lead_1',
  displayName: HOSTILE,
  name: HOSTILE,
  title: `${HOSTILE} title`,
  emails: [
    { email: `${'$(mail)'}ada@example.com`, type: '$(key)', is_unsubscribed: false },
    { email: 'ada2@example.com', type: '[office](command:closeCrm.setApiKey?%5B%22api_x%22%5D)', is_unsubscribed: true },
  ],
  phones: [
    { phone: '+16503334444', phone_formatted: '$(call) +1 650-333-4444', type: '$(key)' },
    { phone: '+16503335555', type: '[mobile](https://evil.example.com)' },
  ],
};

/** Quick picks render `$(icon)`; notifications render `[text](link)`. Neither may survive. */
function assertInert(text: string | undefined, where: string): void {
  if (text === undefined) {
    return;
  }
  assert.doesNotMatch(text, /\$\(/, `${where} renders an icon: ${JSON.stringify(text)}`);
  assert.doesNotMatch(text, /\]\(/, `${where} renders a link: ${JSON.stringify(text)}`);
}

describe('quick pick items from Close data', () => {
  it('copy picker: addresses, numbers and their types (email and phone `type`) are plain text', () => {
    for (const kind of ['email', 'phone'] as const) {
      const choices = copyChoices(contact, kind);
      assert.equal(choices.length, 2);
      for (const [i, c] of choices.entries()) {
        assertInert(c.label, `${kind} ${i} label`);
        assertInert(c.description, `${kind} ${i} description`);
      }
    }
    const [email] = copyChoices(contact, 'email');
    assert.equal(email.value, '$(mail)ada@example.com', 'what is copied is the value itself');
    assert.equal(email.description.replace(/\u200b/g, ''), '$(key)', 'the text reads the same');
    assert.match(copyChoices(contact, 'email')[1].description, /unsubscribed$/);
  });

  it('search picker: label, lead (description) and detail are plain text', () => {
    const text = contactPickText({ contact, leadLabel: `${HOSTILE} lead` });
    assertInert(text.label, 'label');
    assertInert(text.description, 'description');
    assertInert(text.detail, 'detail');
    assert.equal(text.label.replace(/\u200b/g, ''), HOSTILE);
  });

  it('leaves a plain contact as it is', () => {
    const plain: ContactSummary = { ...contact, displayName: 'Ada Lovelace', title: null, emails: [{ email: 'ada@example.com', type: 'office', is_unsubscribed: false }], phones: [] };
    assert.deepEqual(contactPickText({ contact: plain, leadLabel: 'Acme (EU)' }), { label: 'Ada Lovelace', description: 'Acme (EU)', detail: 'ada@example.com' });
    assert.deepEqual(copyChoices(plain, 'email'), [{ label: 'ada@example.com', description: 'office', value: 'ada@example.com' }]);
  });
});
