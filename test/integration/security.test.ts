// Issue 5, items 14 and 15, in the real VS Code: after a full load with errors (500s, malformed
// JSON, a revoked key, a redirect to another host) and open detail panels, the API key is found
// nowhere outside SecretStorage, no other host ever sees it, and every panel keeps a strict CSP.
// The suite runs its own fake Close server (with a distinctive key) and puts everything back after.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Contact } from '../../src/close/types';
import type { CloseContactsApi } from '../../src/ui/api';
// The fake Close server runs inside the extension host here (out/test/fake/server.js), so the suite can fault and stop it.
import { generateDataset, startFakeClose, type FakeClose, type FakeDataset } from '../fake/server';
import { backToFixture, closeAllEditors, configuration, controllerOf, EXTENSION_ID, getApi, useBaseUrl, waitUntil } from './helpers';

/** A request some server of this suite received. */
interface Seen {
  method: string;
  url: string;
  host: string;
  authorization?: string;
}

interface RecordingServer {
  origin: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

/** A loopback server that records what it receives; `answer` decides the reply. */
function startRecorder(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<RecordingServer> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', authorization: req.headers.authorization });
    req.resume();
    answer(req, res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        port,
        seen,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

type ShowMessage = (message: string, ...rest: unknown[]) => Thenable<unknown>;
type MessageKind = 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage';

/** Records every notification the extension shows (suites share its `vscode` API object); returns the undo. */
function captureNotifications(into: string[]): () => void {
  const windowApi = vscode.window as unknown as Record<MessageKind, ShowMessage>;
  const kinds: MessageKind[] = ['showErrorMessage', 'showWarningMessage', 'showInformationMessage'];
  const originals = kinds.map((k) => windowApi[k]);
  kinds.forEach((k, i) => {
    const original = originals[i] as ShowMessage;
    windowApi[k] = (message: string, ...rest: unknown[]) => {
      into.push(message);
      return original.call(vscode.window, message, ...rest);
    };
  });
  return () => kinds.forEach((k, i) => (windowApi[k] = originals[i] as ShowMessage));
}

/**
 * The folders VS Code writes to for this window: under code-server the runner's temp root
 * (user data, logs, global storage, settings, extensions, the workspace); under a desktop
 * VS Code the user data dir found from the code cache path. Under code-server, SecretStorage
 * (browser localStorage `secrets.provider`, sealed with AES-GCM) and global/workspace state
 * (IndexedDB) live in the browser, in memory for the runner's fresh Chromium context: the server
 * side holds no secret store to exclude, so every file found is scanned.
 */
function writableRoots(): string[] {
  const roots = new Set<string>();
  const config = process.env.XDG_CONFIG_HOME;
  if (config) {
    const root = path.dirname(config);
    if (fs.existsSync(path.join(root, 'user-data'))) roots.add(root);
  }
  const cache = process.env.VSCODE_CODE_CACHE_PATH;
  if (cache) {
    const at = cache.indexOf(`${path.sep}CachedData`);
    if (at > 0) roots.add(cache.slice(0, at));
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme === 'file' || folder.uri.scheme === 'vscode-remote') roots.add(folder.uri.path);
  }
  return [...roots].filter((r) => fs.existsSync(r));
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // vanished while walking (VS Code rotates logs and temp files)
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile()) out.push(full);
  }
}

/** Files under `roots` holding any of `needles` (key bytes in several encodings). */
function filesContaining(roots: readonly string[], needles: readonly Buffer[]): { files: number; hits: string[] } {
  const all: string[] = [];
  for (const r of roots) walk(r, all);
  const hits: string[] = [];
  let files = 0;
  for (const file of new Set(all)) {
    let bytes: Buffer;
    try {
      if (fs.statSync(file).size > 256 * 1024 * 1024) continue;
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    files++;
    if (needles.some((n) => bytes.includes(n))) hits.push(file);
  }
  return { files, hits };
}

/** The CSP of a panel's HTML, as directive name -> sources. */
function parseCsp(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/gi)];
  assert.strictEqual(metas.length, 1, 'a panel must carry exactly one Content-Security-Policy <meta>');
  const content = /content="([^"]*)"/i.exec(metas[0]?.[0] ?? '')?.[1] ?? '';
  const directives = new Map<string, string[]>();
  for (const part of content.replace(/&#39;/g, "'").replace(/&amp;/g, '&').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    assert.ok(!directives.has(name.toLowerCase()), `CSP directive ${name} appears twice`);
    directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** Fails unless the panel's CSP is `default-src 'none'`, nonce-only scripts and no remote sources. */
function assertStrictCsp(html: string, cspSource: readonly string[], where: string): void {
  const csp = parseCsp(html);
  assert.deepStrictEqual(csp.get('default-src'), ["'none'"], `${where}: default-src must be exactly 'none'`);
  const script = csp.get('script-src') ?? csp.get('default-src') ?? [];
  assert.strictEqual(script.length, 1, `${where}: script-src must hold a nonce and nothing else (got ${script.join(' ')})`);
  const nonce = /^'nonce-([A-Za-z0-9+/_=-]{16,})'$/.exec(script[0] ?? '')?.[1];
  assert.ok(nonce, `${where}: script-src must be a nonce of 16+ characters (got ${script.join(' ')})`);
  for (const name of ['script-src-elem', 'script-src-attr', 'worker-src', 'child-src', 'frame-src', 'object-src', 'connect-src', 'base-uri']) {
    const sources = csp.get(name);
    assert.ok(sources === undefined || sources.join(' ') === "'none'", `${where}: ${name} opens what default-src closes (${sources?.join(' ')})`);
  }
  // Everything else may name only the webview's own resource origin (webview.cspSource), and data: images.
  for (const [name, sources] of csp) {
    if (name === 'default-src' || name === 'script-src') continue;
    for (const s of sources) {
      const ok = cspSource.includes(s) || s === "'none'" || (name === 'img-src' && s === 'data:');
      assert.ok(ok, `${where}: ${name} allows ${s}, which is neither the webview's own origin nor data: for images`);
    }
  }
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", '*', 'http:', 'https:', 'ws:', 'wss:']) {
    assert.ok(![...csp.values()].some((sources) => sources.includes(bad)), `${where}: the CSP allows ${bad}`);
  }
  // Every script element carries the nonce; no inline event handlers or javascript: URLs.
  const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  assert.ok(scripts.length > 0, `${where}: the panel has no script`);
  for (const tag of scripts) {
    assert.ok(tag.includes(`nonce="${nonce}"`), `${where}: a <script> without the panel's nonce: ${tag}`);
    const src = /\ssrc="([^"]*)"/i.exec(tag)?.[1];
    if (src) assert.doesNotMatch(src, /^(?!https:\/\/[^/]*vscode-cdn\.net\/|vscode-(?:webview|resource):)/i, `${where}: script from outside the extension: ${src}`);
  }
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${where}: inline event handler attribute`);
  assert.doesNotMatch(html, /javascript:/i, `${where}: javascript: URL`);
}

/** Contacts whose links and names point at the "wrong host": opening their panels must not reach it. */
function plantLinks(dataset: FakeDataset, wrongOrigin: string): Contact[] {
  const planted = dataset.contacts.slice(0, 3);
  planted.forEach((c, i) => {
    c.name = `Leak Probe ${i} <img src="${wrongOrigin}/img-in-name/${i}">`;
    c.display_name = c.name;
    c.title = `<script src="${wrongOrigin}/script-in-title/${i}"></script>`;
    c.urls = [{ type: 'url', url: `${wrongOrigin}/contact-url/${i}` }];
    c.integration_links = [{ name: 'Wrong host', url: `${wrongOrigin}/integration-link/${i}` }];
  });
  return planted;
}

describe('security: the API key never leaks (real VS Code)', function () {
  this.timeout(120_000);
  const key = `api_LeakCanary${randomBytes(12).toString('hex')}`;
  const needles = [
    Buffer.from(key, 'utf8'),
    Buffer.from(key, 'utf16le'),
    Buffer.from(Buffer.from(`${key}:`).toString('base64')),
    Buffer.from(Buffer.from(key).toString('base64')),
    // The key without its first characters, in case a shortened form is printed.
    Buffer.from(key.slice(6), 'utf8'),
  ];
  let fake: FakeClose;
  let wrongHost: RecordingServer;
  let redirector: RecordingServer;
  let planted: Contact[] = [];
  let originalBaseUrl: string | undefined;
  let cspSource: string[] = [];
  const messagesSeen: string[] = [];
  const notifications: string[] = [];
  let stopCapture: (() => void) | undefined;

  const remember = (api: CloseContactsApi): void => {
    const text = api.viewText();
    messagesSeen.push(JSON.stringify(text));
    const error = controllerOf(api)?.status.error;
    if (error) messagesSeen.push(error.message, String(error), JSON.stringify(error.details));
  };

  before(async () => {
    const api = await getApi();
    originalBaseUrl = configuration().inspect<string>('apiBaseUrl')?.globalValue;
    wrongHost = await startRecorder((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end();
    });
    // Stands in for a base URL whose server redirects elsewhere (a proxy, a hijacked DNS name).
    redirector = await startRecorder((req, res) => {
      res.writeHead(302, { location: `${wrongHost.origin}${req.url ?? '/'}` });
      res.end();
    });
    const dataset = generateDataset(260, 40, 7321);
    planted = plantLinks(dataset, wrongHost.origin);
    fake = await startFakeClose({ dataset, apiKey: key });

    const probe = vscode.window.createWebviewPanel('closeCrmTest.cspProbe', 'CSP probe', vscode.ViewColumn.One, {});
    cspSource = probe.webview.cspSource.split(/\s+/).filter(Boolean);
    probe.dispose();

    stopCapture = captureNotifications(notifications);
    await useBaseUrl(api, fake.url);
    const saved = await vscode.commands.executeCommand<boolean>('closeCrm.setApiKey', key);
    assert.strictEqual(saved, true, 'the distinctive key was not accepted by the suite\'s fake server');
    await waitUntil(() => controllerOf(api)?.status.phase === 'complete' && api.controller.model.size === dataset.contacts.length, 'a full load with the distinctive key');
  });

  after(async () => {
    stopCapture?.();
    const api = await getApi();
    await closeAllEditors();
    fake?.setFaults({});
    await backToFixture(api, originalBaseUrl);
    await fake?.close();
    await wrongHost?.close();
    await redirector?.close();
  });

  it('runs a load through 500s, malformed JSON, a revoked key and a redirect, and opens panels', async () => {
    const api = await getApi();
    remember(api);

    // The second page (pages of 100 overlap by one record).
    fake.setFaults({ failSkip: { skip: 99, status: 500 } });
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(api.controller.status.error?.status, 500, 'the 500 did not stop the load');
    remember(api);

    fake.setFaults({ malformed: { kind: 'json', path: '/contact/' } });
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(api.controller.status.error?.kind, 'badResponse');
    remember(api);

    fake.setFaults({ revokeAfter: 0 });
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(api.controller.status.error?.kind, 'auth');
    remember(api);

    fake.setFaults({});
    await vscode.commands.executeCommand('closeCrm.refresh');
    await api.whenIdle();
    assert.strictEqual(api.controller.status.phase, 'complete', api.controller.status.error?.message);

    // A base URL whose server redirects: the key goes to the configured host only, never on.
    await useBaseUrl(api, `${redirector.origin}/api/v1`);
    remember(api);
    assert.ok(redirector.seen.length > 0, 'the redirecting base URL was never asked');
    assert.ok(api.controller.status.error, 'a redirect was followed instead of reported');
    await useBaseUrl(api, fake.url);
    assert.strictEqual(api.controller.status.phase, 'complete', api.controller.status.error?.message);

    for (const c of planted) {
      await vscode.commands.executeCommand('closeCrm.openContact', c.id);
      await waitUntil(() => api.panelHtml(c.id) !== undefined, `the panel of ${c.id}`);
    }
    assert.deepStrictEqual([...api.openPanelIds()].sort(), planted.map((c) => c.id).sort());
    remember(api);
  });

  it('every panel carries a CSP with default-src \'none\', nonce-only scripts and no remote sources', async () => {
    const api = await getApi();
    assert.ok(cspSource.length > 0, 'webview.cspSource is empty');
    const ids = api.openPanelIds();
    assert.ok(ids.length >= planted.length, 'the panels are not open');
    for (const id of ids) {
      const html = api.panelHtml(id);
      assert.ok(html, `no HTML for the panel of ${id}`);
      assertStrictCsp(html, cspSource, `panel ${id}`);
    }
  });

  it('the key is in no webview HTML, view text, error message, tree item or setting', async () => {
    const api = await getApi();
    // Notifications: at least the sign-in's was shown.
    assert.ok(notifications.length > 0, 'no notification was captured');
    const texts = [...messagesSeen, ...notifications, JSON.stringify(api.viewText()), JSON.stringify(await api.snapshotTree(3))];
    for (const id of api.openPanelIds()) texts.push(api.panelHtml(id) ?? '');
    const config = configuration();
    for (const name of ['apiBaseUrl', 'pageSize', 'requestTimeoutSeconds', 'cacheContacts']) texts.push(JSON.stringify(config.inspect(name)));
    const all = texts.join('\n');
    for (const n of needles) assert.ok(!all.includes(n.toString('utf8')), 'the API key (or its Basic form) appears in text the user can see');
  });

  it('no host but the configured base URL ever received the key', async () => {
    const fakeHost = `127.0.0.1:${fake.port}`;
    assert.ok(fake.requests.length > 0);
    const elsewhere = fake.requests.filter((r) => r.host !== fakeHost);
    assert.deepStrictEqual(elsewhere.map((r) => r.host), [], 'requests to the fake server named another host');
    for (const r of redirector.seen) assert.strictEqual(r.host, `127.0.0.1:${redirector.port}`);
    const withAuth = wrongHost.seen.filter((r) => r.authorization !== undefined);
    assert.deepStrictEqual(withAuth.map((r) => r.url), [], 'the wrong host received an Authorization header');
    // Links in the data and the redirect's target are never fetched by the extension or its panels.
    assert.deepStrictEqual(wrongHost.seen.map((r) => r.url), [], 'the wrong host was contacted');
  });

  it('the key is in no file VS Code or the extension wrote (logs, state, cache, settings), outside the secret store', async () => {
    const roots = writableRoots();
    assert.ok(roots.length > 0, 'could not find the folders this VS Code writes to');
    const { files, hits } = filesContaining(roots, needles);
    const all: string[] = [];
    for (const r of roots) walk(r, all);
    // The scan must have covered the extension's own log and its global storage (the contact cache).
    assert.ok(all.some((f) => path.basename(f) === 'Close CRM.log'), `the extension's log file was not found under ${roots.join(', ')}`);
    assert.ok(all.some((f) => f.includes(`${path.sep}globalStorage${path.sep}${EXTENSION_ID}${path.sep}`)), 'the extension\'s global storage was not found');
    assert.deepStrictEqual(hits, [], `the API key was found in ${hits.length} of ${files} files`);
  });
});
