// The runtime strings translators get: l10n/bundle.l10n.json must be exactly what
// @vscode/l10n-dev extracts from src/ today, so no string is missing from (or stale in) the
// bundle a translation starts from. `npm run l10n` regenerates it.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('runtime strings bundle (l10n/bundle.l10n.json)', function () {
  this.timeout(60_000);

  it('matches what vscode-l10n-dev extracts from src/ (run `npm run l10n` after changing a string)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'close-l10n-'));
    try {
      const tool = path.join(ROOT, 'node_modules', '.bin', 'vscode-l10n-dev');
      const run = spawnSync(tool, ['export', '--outDir', out, path.join(ROOT, 'src')], { encoding: 'utf8' });
      assert.strictEqual(run.status, 0, run.stderr);
      assert.doesNotMatch(`${run.stdout}${run.stderr}`, /warn|error/i, 'every l10n.t call has a literal message');
      const extracted = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
      const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
      assert.deepStrictEqual(Object.keys(committed).sort(), Object.keys(extracted).sort());
      assert.deepStrictEqual(committed, extracted);
      assert.ok(Object.keys(extracted).length > 100, `only ${Object.keys(extracted).length} strings were extracted`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
