// Checks shared by the hostile-data and fuzz tests: what reaches the screen is plain text,
// only http(s)/mailto/tel become links, and the panel's HTML never gains markup from data.
import * as assert from 'node:assert/strict';
import { buildPanelHtml } from '../../../src/ui/panel/panelHtml';
import { safeLink } from '../../../src/webview/links';
import { MAX_SHOWN_CHARS } from '../../../src/webview/main/format';
import type { ContactView } from '../../../src/webview/main/viewModel';
import { MAX_MESSAGE_STRING } from '../../../src/webview/protocol';

export const SAFE_SCHEME = /^(https?:|mailto:|tel:)/;

/** Longest text a clipped value may show (the value plus the "… (N more characters)" note). */
const MAX_TEXT = MAX_SHOWN_CHARS + 60;

/** Every visible string of a view, for searching it. */
export function viewStrings(view: ContactView): string[] {
  const out = [view.name];
  if (view.title !== null) {
    out.push(view.title);
  }
  if (view.error !== null) {
    out.push(view.error);
  }
  for (const section of view.sections) {
    out.push(section.heading, section.emptyText);
    for (const row of section.rows) {
      out.push(row.main.text, ...row.details);
      if (row.label !== undefined) {
        out.push(row.label);
      }
    }
  }
  return out;
}

/** Throws (assert) when the view holds anything but bounded strings and vetted links. */
export function assertPlainView(view: ContactView, where: string): void {
  assert.equal(typeof view.name, 'string', `${where}: name`);
  assert.ok(view.name.length <= MAX_TEXT, `${where}: name is clipped`);
  assert.ok(view.title === null || (typeof view.title === 'string' && view.title.length <= MAX_TEXT), `${where}: title`);
  for (const section of view.sections) {
    assert.equal(typeof section.emptyText, 'string', `${where}: ${section.id} empty text`);
    for (const row of section.rows) {
      const label = `${where}: ${section.id} row`;
      assert.equal(typeof row.main.text, 'string', `${label} text`);
      assert.ok(row.main.text.length <= MAX_TEXT, `${label} text is clipped (${row.main.text.length})`);
      for (const detail of row.details) {
        assert.equal(typeof detail, 'string', `${label} detail`);
        assert.ok(detail.length <= MAX_TEXT, `${label} detail is clipped`);
      }
      const href = row.main.href;
      if (href !== null) {
        assert.equal(typeof href, 'string', `${label} href`);
        assert.match(href, SAFE_SCHEME, `${label}: only http(s), mailto and tel become links (got ${href.slice(0, 80)})`);
        assert.equal(safeLink(href), href, `${label}: the link passes safeLink as it is`);
      }
      if (row.copy !== undefined) {
        assert.equal(typeof row.copy.value, 'string', `${label} copy value`);
        assert.ok(row.copy.value.length > 0 && row.copy.value.length <= MAX_MESSAGE_STRING, `${label} copy value is bounded`);
        assert.ok(row.copy.ariaLabel.length <= MAX_TEXT, `${label} copy label is bounded`);
      }
    }
  }
}

export const PANEL_BASE = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'Zx8Qw2Er4Ty6Ui8Op0As2Df4',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
  lang: 'en',
  l10nBundle: undefined,
  loadingText: 'Loading contact…',
} as const;

const count = (text: string, ch: string): number => text.split(ch).length - 1;
const BASELINE = buildPanelHtml({ ...PANEL_BASE, title: 'x' });

/** The panel's HTML with `title` has exactly the markup of the HTML with a harmless title. */
export function assertPanelHtmlEscapes(title: string, where: string): void {
  const html = buildPanelHtml({ ...PANEL_BASE, title });
  for (const ch of ['<', '>', '"']) {
    assert.equal(count(html, ch), count(BASELINE, ch), `${where}: the title added a ${ch} to the panel HTML`);
  }
  const shown = /<title>([^<]*)<\/title>/.exec(html);
  assert.ok(shown, `${where}: one <title> element`);
  assert.ok(!/[<>"']/.test(shown[1] ?? ''), `${where}: the title is escaped`);
}
