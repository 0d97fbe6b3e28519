import * as assert from 'node:assert/strict';
import { plainText } from '../../../src/ui/plainText';

describe('plain text for markup-reading places', () => {
  it('breaks $(icon) and [text](link) patterns', () => {
    const out = plainText('$(zap) Evil [click](command:workbench.action.quit)');
    assert.doesNotMatch(out, /\$\(/);
    assert.doesNotMatch(out, /\]\(/);
    assert.equal(out.replace(/\u200b/g, ''), '$(zap) Evil [click](command:workbench.action.quit)');
  });

  it('leaves ordinary names alone', () => {
    assert.equal(plainText('Ada Lovelace (CTO) [ex-Acme]'), 'Ada Lovelace (CTO) [ex-Acme]');
  });
});
