// scripts/install-host.sh builds code-server's native modules with node-gyp; pointed at this
// Node's own headers it needs no download, and it says in one line what goes where.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

describe('scripts/install-host.sh --plan', () => {
  const plan = (): string => execFileSync('bash', [path.join(REPO, 'scripts', 'install-host.sh'), '--plan'], { encoding: 'utf8' });

  it('names the apt packages, the code-server folder and the headers in one line', () => {
    const lines = plan().trim().split('\n');
    assert.strictEqual(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] as string, /apt chromium ripgrep .*; code-server 4\.99\.4 into \S+code-server-4\.99\.4; node-gyp headers from /);
  });

  it("points node-gyp at this Node's headers when they are installed", () => {
    const nodeRoot = path.dirname(path.dirname(process.execPath));
    const haveHeaders = fs.existsSync(path.join(nodeRoot, 'include', 'node', 'node.h'));
    assert.ok(haveHeaders, `this machine's Node ships its headers under ${nodeRoot}/include/node`);
    assert.ok(plan().trim().endsWith(`node-gyp headers from ${nodeRoot}`), plan());
  });
});
