import * as assert from 'node:assert/strict';
import { checkApiKeyInput, keyFromArgument } from '../../../src/ui/auth/apiKeyInput';

describe('API key input', () => {
  it('trims the key', () => {
    assert.deepEqual(checkApiKeyInput('  api_abc.def \n'), { ok: true, key: 'api_abc.def' });
  });

  it('refuses an empty key with a message saying where to find one', () => {
    for (const input of ['', '   ', '\n', undefined]) {
      const check = checkApiKeyInput(input);
      assert.equal(check.ok, false);
      assert.match(check.ok ? '' : check.message, /empty.*API Keys/);
    }
  });

  it('refuses spaces or line breaks inside the key', () => {
    for (const input of ['api_abc def', 'api_abc\ndef', 'api\tabc']) {
      const check = checkApiKeyInput(input);
      assert.equal(check.ok, false, input);
      assert.match(check.ok ? '' : check.message, /no spaces or line breaks/);
    }
  });

  it('refuses something far too long to be a key', () => {
    assert.equal(checkApiKeyInput('a'.repeat(513)).ok, false);
  });
});

describe('closeCrm.setApiKey argument', () => {
  it('is ignored outside the extension tests, so a command link cannot set a key silently', () => {
    // What `command:closeCrm.setApiKey?["api_attacker"]` in a hover or webview would pass.
    assert.equal(keyFromArgument('api_attacker', false), undefined);
    assert.equal(keyFromArgument(['api_attacker'], false), undefined);
  });

  it('is taken in the extension tests when it is a string', () => {
    assert.equal(keyFromArgument('api_test', true), 'api_test');
    assert.equal(keyFromArgument(undefined, true), undefined);
    assert.equal(keyFromArgument({ key: 'api_test' }, true), undefined);
  });
});
