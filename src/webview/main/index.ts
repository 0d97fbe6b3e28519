// Entry point of the detail panel's browser code (bundled to dist/webview.js).
import { parseHostMessage, type ContactMessage, type PanelState, type WebviewToHost } from '../protocol';
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

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const post = (message: WebviewToHost): void => vscode.postMessage(message);

let clockOffset = 0;

function show(message: ContactMessage): void {
  clockOffset = message.now - Date.now();
  vscode.setState({ contactId: message.contact.id });
  render(root, buildContactView(message, { now: message.now }), post);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message !== undefined) {
    show(message);
  }
});

window.setInterval(() => {
  updateLiveTimes(root, (zone) => formatLocalTime(zone, Date.now() + clockOffset));
}, LIVE_TIME_INTERVAL_MS);

post({ type: 'ready' });
