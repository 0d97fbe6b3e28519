// The detail panel's host (src/ui/panel/contactPanels.ts) run against a stand-in for vscode:
// the webview it creates or restores is confined, each page has its own nonce, and a link the
// page asks to open reaches the system only after the host has checked it. That the page's
// own code makes no markup of data and links only safe targets is shown in Chromium
// (test/browser/panelDom.test.ts); that it never imports vscode, by its esbuild bundle.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContactPanels } from '../../../src/ui/panel/contactPanels';
import { FakePanel, FakeUri, installVscodeStandIn, recorded } from './vscodeStandIn';

const ROOT = path.resolve(__dirname, '../../../..');
const EXTENSION = FakeUri.file('/ext');
const CONFINED = {
  enableScripts: true,
  enableCommandUris: false,
  enableFindWidget: true,
  localResourceRoots: ['file:///ext/dist', 'file:///ext/media'],
};

function optionsOf(panel: FakePanel): Record<string, unknown> {
  const { localResourceRoots, ...rest } = panel.webview.options;
  return { ...rest, localResourceRoots: localResourceRoots?.map(String) };
}

function nonceOf(html: string): string {
  const match = /'nonce-([^']+)'/.exec(html);
  assert.ok(match, 'the CSP names a nonce');
  return match[1] as string;
}

async function settle(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(done(), what);
}

describe('detail panel host', () => {
  let uninstall: () => void;
  let panels: ContactPanels;
  let Panels: typeof ContactPanels;

  before(async () => {
    uninstall = installVscodeStandIn();
    ({ ContactPanels: Panels } = await import('../../../src/ui/panel/contactPanels'));
  });
  after(() => uninstall());
  beforeEach(() => {
    recorded.reset();
    panels = new Panels(EXTENSION as unknown as ConstructorParameters<typeof ContactPanels>[0], () => undefined, () => undefined);
  });
  afterEach(() => panels.dispose());

  it('confines a new panel: scripts on, command links off, files from dist and media only, no retained context', () => {
    panels.open('cont_1');
    const [panel] = recorded.panels;
    assert.ok(panel);
    assert.deepEqual(optionsOf(panel), CONFINED);
    assert.equal(panel.webview.options.retainContextWhenHidden, undefined);
    assert.match(panel.webview.html, /<script nonce="[^"]+" src="file:\/\/\/ext\/dist\/webview\.js"><\/script>/);
    assert.ok(panel.webview.html.includes('href="file:///ext/media/panel.css"'), 'the stylesheet from media');
  });

  it('gives a panel restored after a reload the same confinement, and closes one whose state names no contact', async () => {
    panels.registerSerializer();
    const [serializer] = recorded.serializers;
    assert.ok(serializer);
    const restored = new FakePanel('closeCrm.contact', 'Ada', undefined);
    await serializer.deserializeWebviewPanel(restored, { contactId: 'cont_2' });
    assert.deepEqual(optionsOf(restored), CONFINED);
    assert.deepEqual(panels.openIds(), ['cont_2']);

    const bogus = new FakePanel('closeCrm.contact', 'x', undefined);
    let closed = false;
    bogus.onDidDispose(() => (closed = true));
    await serializer.deserializeWebviewPanel(bogus, { contactId: 42 });
    assert.equal(closed, true);
    assert.equal(bogus.webview.html, '');
  });

  it('gives every page its own 18-byte nonce, the only script the CSP allows', () => {
    panels.open('cont_1');
    panels.open('cont_2');
    const [first, second] = recorded.panels.map((p) => p.webview.html);
    const a = nonceOf(first ?? '');
    const b = nonceOf(second ?? '');
    assert.notEqual(a, b);
    for (const nonce of [a, b]) {
      assert.equal(Buffer.from(nonce, 'base64').length, 18);
    }
    assert.ok((first ?? '').includes(`script-src 'nonce-${a}'`), 'the CSP allows that nonce');
  });

  it('opens a link the page asks for only after checking it: http(s), one mail address, a phone number', async () => {
    panels.open('cont_1');
    const [panel] = recorded.panels;
    assert.ok(panel);
    for (const url of ['command:closeCrm.signOut', 'javascript:alert(1)', 'file:///etc/passwd', 'vscode://x', 'https://user:pw@example.com/']) {
      panel.receive({ type: 'open', url });
    }
    panel.receive({ type: 'open', url: 'https://example.com/a' });
    panel.receive({ type: 'open', url: 'mailto:ada@example.com?attach=/etc/passwd&cc=eve@evil.com' });
    panel.receive({ type: 'open', url: 'tel:+1 650 333 4444' });
    await settle('three links opened', () => recorded.opened.length >= 3);
    assert.deepEqual(recorded.opened, ['https://example.com/a', 'mailto:ada@example.com', 'tel:+16503334444']);
  });

  it('stops listening to a page once its panel is closed', async () => {
    panels.open('cont_1');
    const [panel] = recorded.panels;
    assert.ok(panel);
    panel.dispose();
    assert.deepEqual(panels.openIds(), []);
    panel.receive({ type: 'open', url: 'https://example.com/a' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(recorded.opened, []);
  });
});

describe('detail panel stylesheet', () => {
  it('takes its colours from --vscode-* variables only, so every theme works', () => {
    const css = fs.readFileSync(path.join(ROOT, 'media/panel.css'), 'utf8').replace(/url\("data:[^"]*"\)/g, 'url()');
    assert.ok(!/#[0-9a-f]{3,8}\b/i.test(css), 'no hex colours');
    assert.ok(!/\b(rgb|rgba|hsl|hsla)\(/i.test(css), 'no literal colours');
    const colourValues = [...css.matchAll(/(?:^|[;{\s])(color|background-color|border-color|outline|border(?:-bottom)?)\s*:\s*([^;]+);/g)].map((m) => m[2]);
    assert.ok(colourValues.length > 5);
    for (const value of colourValues) {
      assert.ok(/var\(--vscode-|transparent|currentColor|ButtonText|^\d|^none/.test(value ?? ''), value);
    }
    assert.ok(/:focus-visible/.test(css) && /--vscode-focusBorder/.test(css), 'visible focus');
  });
});
