import * as assert from 'assert';
import { buildPanelHtml, contentSecurityPolicy, escapeHtml } from '../../../src/ui/panel/panelHtml';

const CSP_SOURCE = "'self' https://*.vscode-cdn.net";
const NONCE = 'q1w2e3r4t5y6u7i8o9p0AbCd';

function options(overrides: Partial<Parameters<typeof buildPanelHtml>[0]> = {}): Parameters<typeof buildPanelHtml>[0] {
  return {
    cspSource: CSP_SOURCE,
    nonce: NONCE,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
    title: 'Ada Lovelace',
    ...overrides,
  };
}

function cspOf(html: string): string {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.strictEqual(metas.length, 1, 'exactly one CSP meta tag');
  return metas[0][1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('panel HTML', () => {
  it('carries exactly the strict CSP: nothing by default, nonce-only scripts, assets from the webview only', () => {
    const csp = cspOf(buildPanelHtml(options()));
    assert.strictEqual(
      csp,
      `default-src 'none'; img-src ${CSP_SOURCE} data:; style-src ${CSP_SOURCE}; font-src ${CSP_SOURCE}; script-src 'nonce-${NONCE}'`,
    );
    assert.ok(!csp.includes('unsafe-inline'));
    assert.ok(!csp.includes('unsafe-eval'));
    assert.ok(!/https?:\/\/(?!\*\.vscode-cdn\.net)/.test(csp), 'no remote source');
  });

  it('loads the one script with the nonce and nothing inline', () => {
    const html = buildPanelHtml(options());
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.strictEqual(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${NONCE}"`));
    assert.match(scripts[0][1], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
    assert.strictEqual(scripts[0][2], '', 'no inline script body');
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handlers');
    assert.ok(!/<style\b/i.test(html), 'no inline style element');
    assert.ok(!/\sstyle=/i.test(html), 'no inline style attribute');
  });

  it('escapes a hostile title', () => {
    const html = buildPanelHtml(options({ title: '</title><script>alert(1)</script><img src=x onerror=alert(2)>' }));
    assert.ok(html.includes('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</title>'));
    assert.strictEqual([...html.matchAll(/<script\b/g)].length, 1);
    assert.ok(!html.includes('<img'));
  });

  it('escapes asset URIs into their attributes', () => {
    const html = buildPanelHtml(options({ styleUri: 'https://x.vscode-cdn.net/a"><script>alert(1)</script>' }));
    assert.ok(html.includes('href="https://x.vscode-cdn.net/a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
    assert.strictEqual([...html.matchAll(/<script\b/g)].length, 1);
  });

  it('refuses a short or malformed nonce and a source that would add directives', () => {
    assert.throws(() => contentSecurityPolicy(CSP_SOURCE, 'abc'), /nonce/);
    assert.throws(() => contentSecurityPolicy(CSP_SOURCE, `${NONCE}' 'unsafe-inline`), /nonce/);
    assert.throws(() => contentSecurityPolicy("'self'; script-src *", NONCE), /origin/);
    assert.throws(() => contentSecurityPolicy('"><script>', NONCE), /origin/);
    assert.throws(() => contentSecurityPolicy('', NONCE), /origin/);
  });

  it('escapeHtml escapes the five markup characters', () => {
    assert.strictEqual(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
