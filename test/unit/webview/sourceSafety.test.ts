// Checks on the panel's source that hold for every render, where no DOM is available to test:
// values reach the page only through textContent, and only the host module touches vscode.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...filesUnder(rel, ext));
    } else if (entry.name.endsWith(ext)) {
      out.push(rel);
    }
  }
  return out;
}

function read(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

/** The code without its comments (which may name what the code avoids). */
function code(rel: string): string {
  return read(rel)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"])\/\/.*$/gm, '$1');
}

describe('detail panel source safety', () => {
  const webviewFiles = filesUnder('src/webview', '.ts');

  it('the webview code never parses strings as markup or code', () => {
    assert.ok(webviewFiles.length >= 6, 'found the webview sources');
    for (const file of webviewFiles) {
      const source = code(file);
      for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'DOMParser', 'createContextualFragment', 'eval(', 'new Function', 'srcdoc']) {
        assert.ok(!source.includes(sink), `${file} uses ${sink}`);
      }
    }
  });

  it('the renderer sets text with textContent and links only from vetted hrefs', () => {
    const render = code('src/webview/main/render.ts');
    assert.ok(render.includes('.textContent'));
    const hrefAssignments = [...render.matchAll(/\.href\s*=(?!=)\s*([^;\n]+);/g)].map((m) => m[1].trim());
    assert.deepStrictEqual(hrefAssignments, ['href'], 'the only href set is the one from a vetted ViewText');
    assert.ok(/const href = value\.href;/.test(render));
    assert.ok(!/setAttribute\(\s*['"](href|src|on\w+|style)['"]/.test(render), 'no href/src/on*/style attributes from data');
  });

  it('only the panel host imports vscode', () => {
    const panelFiles = filesUnder('src/ui/panel', '.ts');
    for (const file of [...webviewFiles, ...panelFiles]) {
      const importsVscode = /from 'vscode'|require\('vscode'\)/.test(code(file));
      assert.strictEqual(importsVscode, file.endsWith('contactPanels.ts'), file);
    }
  });

  it('the host keeps the webview confined: scripts on, assets from dist and media only, no retained context', () => {
    const host = read('src/ui/panel/contactPanels.ts');
    assert.ok(/enableScripts: true/.test(host));
    assert.ok(/enableCommandUris: false/.test(host));
    assert.ok(/localResourceRoots: \[vscode\.Uri\.joinPath\(this\.extensionUri, 'dist'\), vscode\.Uri\.joinPath\(this\.extensionUri, 'media'\)\]/.test(host));
    assert.ok(!host.includes('retainContextWhenHidden'));
    assert.ok(/randomBytes\(/.test(host) && !host.includes('Math.random'), 'nonce from crypto');
  });

  it('the stylesheet takes its colours from --vscode-* variables only', () => {
    const css = read('media/panel.css').replace(/url\("data:[^"]*"\)/g, 'url()');
    assert.ok(!/#[0-9a-f]{3,8}\b/i.test(css), 'no hex colours');
    assert.ok(!/\b(rgb|rgba|hsl|hsla)\(/i.test(css), 'no literal colours');
    const colourValues = [...css.matchAll(/(?:^|[;{\s])(color|background-color|border-color|outline|border(?:-bottom)?)\s*:\s*([^;]+);/g)].map((m) => m[2]);
    assert.ok(colourValues.length > 5);
    for (const value of colourValues) {
      assert.ok(/var\(--vscode-|transparent|currentColor|ButtonText|^\d|^none/.test(value), value);
    }
    assert.ok(/:focus-visible/.test(css) && /--vscode-focusBorder/.test(css), 'visible focus');
  });
});
