import * as assert from 'assert';
import * as l10n from '@vscode/l10n';
import { contactCount, formatCount, leadCount, setDisplayLanguage } from '../../../src/ui/displayFormat';

describe('counts in the display language', () => {
  afterEach(() => {
    setDisplayLanguage('en');
    l10n.config({ contents: {} });
  });

  it("groups digits the way VS Code's display language does", () => {
    setDisplayLanguage('en');
    assert.strictEqual(formatCount(50_000), '50,000');
    setDisplayLanguage('de');
    assert.strictEqual(formatCount(50_000), '50.000');
    setDisplayLanguage('fr');
    assert.match(formatCount(50_000), /^50\s000$/u);
  });

  it('falls back to the default format for a language Intl does not know (the pseudo-locale)', () => {
    setDisplayLanguage('qps-ploc');
    assert.strictEqual(formatCount(1234), new Intl.NumberFormat().format(1234));
    setDisplayLanguage('not a tag');
    assert.strictEqual(formatCount(1234), new Intl.NumberFormat().format(1234));
  });

  it('says one and many in whole phrases that a bundle translates', () => {
    assert.strictEqual(contactCount(1), '1 contact');
    assert.strictEqual(contactCount(2), '2 contacts');
    assert.strictEqual(leadCount(1), '1 lead');
    setDisplayLanguage('de');
    l10n.config({ contents: { '{0} contacts': '{0} Kontakte', '1 contact': '1 Kontakt', '{0} leads': '{0} Leads' } });
    assert.strictEqual(contactCount(12_500), '12.500 Kontakte');
    assert.strictEqual(contactCount(1), '1 Kontakt');
    assert.strictEqual(leadCount(3), '3 Leads');
  });
});
