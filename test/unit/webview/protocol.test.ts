import * as assert from 'assert';
import { MAX_MESSAGE_STRING, parseHostMessage, parsePanelState, parseWebviewMessage } from '../../../src/webview/protocol';

describe('webview protocol', () => {
  it('accepts the five webview messages', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'retry', extra: 1 }), { type: 'retry' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'openLead' }), { type: 'openLead' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'copy', kind: 'email', value: 'ada@example.com' }), {
      type: 'copy',
      kind: 'email',
      value: 'ada@example.com',
    });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'open', url: 'https://example.com/' }), { type: 'open', url: 'https://example.com/' });
  });

  it('keeps the place of a copied entry (a whole number), and drops a bad one', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'copy', kind: 'phone', value: '+1 •••', index: 1 }), { type: 'copy', kind: 'phone', value: '+1 •••', index: 1 });
    for (const index of [-1, 1.5, '1', 1e9, Number.NaN]) {
      assert.deepStrictEqual(parseWebviewMessage({ type: 'copy', kind: 'phone', value: 'x', index }), { type: 'copy', kind: 'phone', value: 'x' }, String(index));
    }
  });

  it('passes privacy mode to the webview only as true', () => {
    assert.strictEqual(parseHostMessage({ type: 'contact', contact: { id: 'c' }, loading: false, privacy: true })?.privacy, true);
    assert.strictEqual(parseHostMessage({ type: 'contact', contact: { id: 'c' }, loading: false, privacy: 'yes' })?.privacy, undefined);
  });

  it('drops anything else', () => {
    for (const raw of [
      null,
      'ready',
      [],
      { type: 'eval', code: '1' },
      { type: 'copy', kind: 'key', value: 'x' },
      { type: 'copy', kind: 'email', value: '' },
      { type: 'copy', kind: 'email', value: 'x'.repeat(MAX_MESSAGE_STRING + 1) },
      { type: 'copy', kind: 'email' },
      { type: 'open', url: 42 },
      { type: 'open' },
    ]) {
      assert.strictEqual(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
    }
  });

  it('restores only a state holding a contact id', () => {
    assert.deepStrictEqual(parsePanelState({ contactId: 'cont_1', apiKey: 'leak' }), { contactId: 'cont_1' });
    assert.deepStrictEqual(parsePanelState({ contactId: 'cont_1', organizationId: 'orga_B' }), { contactId: 'cont_1', organizationId: 'orga_B' }, 'the organization of a panel of the all-organizations tree');
    assert.deepStrictEqual(parsePanelState({ contactId: 'cont_1', organizationId: 7 }), { contactId: 'cont_1' });
    assert.deepStrictEqual(parsePanelState({ contactId: 'cont_1', organizationId: 'o'.repeat(201) }), { contactId: 'cont_1' });
    for (const raw of [undefined, null, {}, { contactId: '' }, { contactId: 7 }, { contactId: 'x'.repeat(201) }]) {
      assert.strictEqual(parsePanelState(raw), undefined, JSON.stringify(raw));
    }
  });

  it('passes the contact\'s organization on to the webview, which keeps it for a restore', () => {
    const message = parseHostMessage({ type: 'contact', contact: { id: 'cont_1' }, loading: false, now: 5, organizationId: 'orga_B' });
    assert.strictEqual(message?.organizationId, 'orga_B');
    assert.strictEqual(parseHostMessage({ type: 'contact', contact: { id: 'cont_1' }, loading: false, now: 5, organizationId: {} })?.organizationId, undefined);
  });

  it('checks host messages on the webview side', () => {
    const message = parseHostMessage({ type: 'contact', contact: { id: 'cont_1' }, loading: true, now: 5, lead: { id: 'lead_1', name: 7 } });
    assert.deepStrictEqual(message, { type: 'contact', contact: { id: 'cont_1' }, loading: true, now: 5, lead: { id: 'lead_1' } });
    const withStatus = parseHostMessage({ type: 'contact', contact: { id: 'cont_1' }, loading: true, now: 5, lead: { id: 'lead_1', status: 'Qualified' } });
    assert.deepStrictEqual(withStatus?.lead, { id: 'lead_1', status: 'Qualified' });
    assert.deepStrictEqual(parseHostMessage({ type: 'contact', contact: { id: 'cont_1' }, loading: true, lead: { id: 'lead_1', status: {} } })?.lead, { id: 'lead_1' });
    assert.strictEqual(parseHostMessage({ type: 'contact', contact: { id: 1 }, loading: true, now: 5 }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'contact', contact: null, loading: true, now: 5 }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'other' }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'contact', contact: { id: 'c' }, loading: 'yes', now: 5 }), undefined);
  });
});
