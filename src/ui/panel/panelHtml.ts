// The detail panel's HTML shell. No `vscode` here, so the CSP and escaping are unit-tested.

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per load, from `crypto.randomBytes` (see contactPanels.ts). */
  nonce: string;
  /** `asWebviewUri` of dist/webview.js and media/panel.css. */
  scriptUri: string;
  styleUri: string;
  /** Shown in the document title; escaped. */
  title: string;
  /** VS Code's display language (`vscode.env.language`), for `<html lang>`: the panel formats dates with it. */
  lang: string;
  /** JSON text of `vscode.l10n.bundle`; undefined when VS Code runs in English. Read by the panel script. */
  l10nBundle: string | undefined;
  /** The localized "Loading contact…" shown until the script has rendered. */
  loadingText: string;
}

const NONCE_PATTERN = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
// A CSP source list may hold several sources, never a directive separator or a quote that ends the attribute.
const SAFE_CSP_SOURCE = /^[^;,"<>\s][^;,"<>\r\n]*$/;

/** For text and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The panel's Content-Security-Policy: nothing by default, scripts only with the nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  if (!SAFE_CSP_SOURCE.test(cspSource)) {
    throw new Error('The webview reported an unexpected resource origin; the panel was not opened.');
  }
  if (!NONCE_PATTERN.test(nonce)) {
    throw new Error('The panel needs a random nonce of at least 16 characters.');
  }
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

function attribute(value: string): string {
  // Single quotes stay readable in the CSP (`'none'`); the attribute is double-quoted.
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function buildPanelHtml(options: PanelHtmlOptions): string {
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  const l10n = options.l10nBundle === undefined ? '' : ` data-l10n="${attribute(options.l10nBundle)}"`;
  return `<!DOCTYPE html>
<html lang="${attribute(options.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(options.styleUri)}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<main id="root"${l10n} aria-busy="true"><p class="status" role="status">${escapeHtml(options.loadingText)}</p></main>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
<script nonce="${attribute(options.nonce)}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
