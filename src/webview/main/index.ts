// Entry point of the detail panel's browser code (bundled to dist/webview.js).
import * as l10n from '@vscode/l10n';
import { usableLocale } from '../locale';
import { parseHostMessage, type ContactMessage, type PanelState, type WebviewToHost } from '../protocol';
import { parseL10nBundle } from './bundle';
import { formatLocalTime } from './format';
import { render, updateLiveTimes } from './render';
import { buildContactView } from './viewModel';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const LIVE_TIME_INTERVAL_MS = 30_000;

const root = document.getElementById('root') ?? document.body;

// VS Code's display language, before anything is rendered: the host's translations (none when
// VS Code runs in English) and its language for dates and times (<html lang>).
const contents = parseL10nBundle(root.dataset.l10n);
if (contents !== undefined) {
  l10n.config({ contents });
}
const locale = usableLocale(document.documentElement.lang);

const vscode = acquireVsCodeApi();
const post = (message: WebviewToHost): void => vscode.postMessage(message);

let clockOffset = 0;

function show(message: ContactMessage): void {
  clockOffset = message.now - Date.now();
  vscode.setState({ contactId: message.contact.id, ...(message.organizationId !== undefined ? { organizationId: message.organizationId } : {}) });
  render(root, buildContactView(message, { now: message.now, locale }), post);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message !== undefined) {
    show(message);
  }
});

window.setInterval(() => {
  updateLiveTimes(root, (zone) => formatLocalTime(zone, Date.now() + clockOffset, locale));
}, LIVE_TIME_INTERVAL_MS);

post({ type: 'ready' });
