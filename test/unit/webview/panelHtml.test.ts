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
    lang: 'en',
    l10nBundle: undefined,
    loadingText: 'Loading contact…',
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

  it('carries the display language, the localized loading text and no bundle when VS Code runs in English', () => {
    const html = buildPanelHtml(options({ lang: 'de', loadingText: 'Kontakt wird geladen…' }));
    assert.ok(html.includes('<html lang="de">'));
    assert.ok(html.includes('<p class="status" role="status">Kontakt wird geladen…</p>'));
    assert.ok(!html.includes('data-l10n'));
    assert.ok(buildPanelHtml(options()).includes('<main id="root" aria-busy="true"><p class="status" role="status">Loading contact…</p></main>'));
  });

  it('puts a hostile bundle into the root element as one escaped attribute that reads back unchanged', () => {
    const bundle = JSON.stringify({
      Emails: `"><script>alert(1)</script><img src=x onerror=alert(2)>`,
      'Copy email {0}': `</script><script>alert(3)</script> & &amp; 'quoted' \\" <!-- `,
    });
    const hostileLang = `de"><script>alert(4)</script>`;
    const hostileLoading = `</main><script>alert(5)</script>`;
    const html = buildPanelHtml(options({ l10nBundle: bundle, lang: hostileLang, loadingText: hostileLoading }));
    const baseline = buildPanelHtml(options());
    const count = (text: string, ch: string): number => text.split(ch).length - 1;
    // The markup is the baseline's plus one attribute: nothing from the bundle became a tag or ended a quote.
    assert.strictEqual([...html.matchAll(/<script\b/g)].length, 1);
    assert.ok(!html.includes('<img'));
    assert.strictEqual(count(html, '<'), count(baseline, '<'));
    assert.strictEqual(count(html, '>'), count(baseline, '>'));
    assert.strictEqual(count(html, '"'), count(baseline, '"') + 2, 'only the quotes of data-l10n');
    assert.ok(html.includes('<html lang="de&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;">'));
    assert.ok(html.includes('&lt;/main&gt;&lt;script&gt;alert(5)&lt;/script&gt;</p></main>'));
    const attr = /<main id="root" data-l10n="([^"]*)" aria-busy="true">/.exec(html);
    assert.ok(attr, 'the bundle is an attribute of the root element');
    const decoded = (attr[1] ?? '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.strictEqual(decoded, bundle);
    assert.deepStrictEqual(JSON.parse(decoded), JSON.parse(bundle));
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
