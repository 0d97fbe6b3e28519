// What package.json promises the Marketplace and VS Code: names that cannot be misread next to
// VS Code's own "View: Close Editor", every contributed string localizable, Restricted Mode and
// virtual workspaces declared, and a complete listing.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { EMPTY_VIEW_STATES } from '../../../src/ui/tree/viewState';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

interface Manifest {
  displayName: string;
  description: string;
  categories?: string[];
  keywords?: string[];
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  qna?: boolean | string;
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | string }; virtualWorkspaces?: boolean };
  contributes: {
    viewsContainers: { activitybar: { title: string }[] };
    views: Record<string, { name: string; contextualTitle?: string }[]>;
    viewsWelcome: { contents: string; when: string }[];
    commands: { command: string; title: string; category: string }[];
    configuration: { title: string; properties: Record<string, { markdownDescription?: string; description?: string }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** The English text VS Code shows for a contributed string. */
function shown(value: string): string {
  const key = /^%(.+)%$/.exec(value)?.[1];
  assert.ok(key !== undefined, `"${value}" is not a %key% from package.nls.json`);
  const text = nls[key];
  assert.ok(text !== undefined, `package.nls.json has no "${key}"`);
  return text;
}

describe('package.json', () => {
  const c = manifest.contributes;

  it('takes every user-visible contributed string from package.nls.json', () => {
    const strings = [
      manifest.displayName,
      manifest.description,
      ...c.viewsContainers.activitybar.map((v) => v.title),
      ...Object.values(c.views).flatMap((views) => views.flatMap((v) => [v.name, ...(v.contextualTitle ? [v.contextualTitle] : [])])),
      ...c.viewsWelcome.map((w) => w.contents),
      ...c.commands.flatMap((cmd) => [cmd.title, cmd.category]),
      c.configuration.title,
      ...Object.values(c.configuration.properties).map((p) => p.markdownDescription ?? p.description ?? ''),
    ];
    for (const s of strings) {
      assert.ok(shown(s).trim().length > 0);
    }
    const used = new Set(JSON.stringify(manifest).match(/%[^%"]+%/g)?.map((k) => k.slice(1, -1)));
    assert.deepStrictEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'package.nls.json keys nothing uses');
  });

  it('names the category, the activity bar and the view "Close CRM", never a bare "Close"', () => {
    for (const cmd of c.commands) {
      assert.strictEqual(shown(cmd.category), 'Close CRM', `category of ${cmd.command}`);
    }
    assert.strictEqual(shown(c.viewsContainers.activitybar[0]?.title ?? ''), 'Close CRM');
    for (const view of Object.values(c.views).flat()) {
      assert.strictEqual(shown(view.contextualTitle ?? ''), 'Close CRM');
    }
  });

  it('has welcome content for every state without rows, chosen by closeCrm.viewState', () => {
    for (const state of EMPTY_VIEW_STATES) {
      const entries = c.viewsWelcome.filter((w) => w.when === `closeCrm.signedIn && closeCrm.viewState == '${state}'`);
      assert.strictEqual(entries.length, 1, `welcome content for ${state}`);
      assert.ok(shown(entries[0]?.contents ?? '').length > 20, `a sentence for ${state}`);
    }
  });

  it('declares Restricted Mode and virtual workspace support (it reads no workspace file)', () => {
    assert.strictEqual(manifest.capabilities?.untrustedWorkspaces?.supported, true);
    assert.strictEqual(manifest.capabilities?.virtualWorkspaces, true);
  });

  it('fills the Marketplace listing: categories, keywords, banner, icon, Q&A', () => {
    assert.ok((manifest.categories ?? []).length > 0);
    assert.ok((manifest.keywords ?? []).includes('crm'));
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9A-Fa-f]{6}$/);
    assert.strictEqual(manifest.galleryBanner?.theme, 'dark', 'the banner colour is dark, so the Marketplace must draw light text on it');
    assert.strictEqual(manifest.qna, false);
    const icon = fs.readFileSync(path.join(ROOT, manifest.icon ?? ''));
    assert.strictEqual(icon.subarray(1, 4).toString('ascii'), 'PNG');
    assert.ok(icon.readUInt32BE(16) >= 128, 'the Marketplace wants an icon of at least 128 px');
  });
});

describe('the packaged .vsix (vsce ls)', function () {
  this.timeout(120_000);

  it('holds the bundle, the strings and the media, never sources, tests or the README screenshots', () => {
    const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
    const files = execFileSync(vsce, ['ls'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').map((f) => f.trim());
    for (const want of ['package.json', 'package.nls.json', 'dist/extension.js', 'dist/webview.js', 'media/panel.css', 'media/icon.png', 'README.md', 'CHANGELOG.md']) {
      assert.ok(files.includes(want), `${want} is packed: ${files.join(', ')}`);
    }
    const unwanted = files.filter((f) => /^(src|test|out|bench|scripts|node_modules|media\/screenshots)\//.test(f) || f.endsWith('.map'));
    assert.deepStrictEqual(unwanted, []);
  });
});
