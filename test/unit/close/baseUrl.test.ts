import * as assert from 'node:assert/strict';
import { isLoopbackHost, parseBaseUrl } from '../../../src/close/baseUrl';

describe('parseBaseUrl', () => {
  it('accepts https anywhere, trims, and strips trailing slashes', () => {
    assert.deepEqual(parseBaseUrl(' https://api.close.com/api/v1/ '), { ok: true, url: 'https://api.close.com/api/v1' });
    assert.deepEqual(parseBaseUrl('https://proxy.example.com:8443/close//'), { ok: true, url: 'https://proxy.example.com:8443/close' });
    assert.deepEqual(parseBaseUrl('HTTPS://API.CLOSE.COM'), { ok: true, url: 'https://api.close.com' });
  });

  it('accepts plain http only for loopback hosts', () => {
    for (const url of ['http://127.0.0.1:8123/api/v1', 'http://127.5.6.7/api/v1', 'http://localhost:9/api/v1', 'http://[::1]:8123/api/v1']) {
      const result = parseBaseUrl(url);
      assert.ok(result.ok, url);
    }
    for (const url of ['http://api.close.com/api/v1', 'http://10.0.0.1/api', 'http://128.0.0.1/', 'http://localhost.evil.com/', 'http://[::2]/', 'http://api.localhost/', 'http://evil.localhost:8123/api/v1', 'http://localhost./']) {
      const result = parseBaseUrl(url);
      assert.ok(!result.ok, url);
      assert.match(result.message, /only for this machine/);
      assert.match(result.message, /closeCrm\.apiBaseUrl/);
    }
  });

  it('rejects what is not an absolute http(s) URL, without echoing it', () => {
    for (const input of ['', '   ', 'close.example/api/v1', '/v1/things', 'api_secretlookingkey', 'ftp://api.close.com/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const result = parseBaseUrl(input);
      assert.ok(!result.ok, input);
      assert.match(result.message, /Fix the closeCrm\.apiBaseUrl setting/);
      if (input.trim() !== '') {
        assert.ok(!result.message.includes(input.trim()), `echoed ${input}`);
      }
    }
  });

  it('rejects credentials, queries and fragments', () => {
    const creds = parseBaseUrl('https://api_key:@api.close.com/api/v1');
    assert.ok(!creds.ok);
    assert.match(creds.message, /user name or password/);
    assert.ok(!creds.message.includes('api_key'));
    const query = parseBaseUrl('https://api.close.com/api/v1?x=1');
    assert.ok(!query.ok);
    assert.match(query.message, /query/);
    const fragment = parseBaseUrl('https://api.close.com/api/v1#top');
    assert.ok(!fragment.ok);
    assert.match(fragment.message, /fragment/);
  });

  it('knows loopback hosts', () => {
    assert.ok(isLoopbackHost('127.0.0.1'));
    assert.ok(isLoopbackHost('LOCALHOST'));
    assert.ok(isLoopbackHost('[::1]'));
    assert.ok(!isLoopbackHost('127.0.0.1.nip.io'));
    assert.ok(!isLoopbackHost('0.0.0.0'));
    // Names under .localhost are resolved through DNS; only the address or exactly `localhost` counts.
    assert.ok(!isLoopbackHost('api.localhost'));
    assert.ok(!isLoopbackHost('a.b.LOCALHOST'));
    assert.ok(!isLoopbackHost('localhost.'));
  });
});
