// Runs test/integration/*.test.js inside a real VS Code extension host: code-server serves the
// workbench, headless Chromium opens it with the same `extensionDevelopmentPath` and
// `extensionTestsPath` options @vscode/test-electron passes, and the suite index writes its
// outcome to CLOSE_TEST_RESULT_FILE, which this runner waits for.
//   node out/test/host/runIntegration.js [--timeout-ms 300000]   (CLOSE_TEST_GREP=text runs matching tests only)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { IntegrationResult } from '../integration/index';
import { openBrowser, WorkbenchBrowser } from './browser';
import { CodeServer, startCodeServer } from './codeServer';
import { startIntegrationFixture } from './integrationFixture';
import { REPO_ROOT, SCREENSHOT_DIR } from './paths';
import { waitFor } from './wait';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const timeoutMs = Number(arg('--timeout-ms') ?? 300_000);
  const started = Date.now();
  const indexJs = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(indexJs)) {
    console.error(`runIntegration: ${indexJs} is missing. Run: npm run compile-tests`);
    return 2;
  }
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
    console.error('runIntegration: dist/extension.js is missing. Run: npm run build');
    return 2;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'close-it-'));
  const resultFile = path.join(tmp, 'result.json');
  const fixture = await startIntegrationFixture(resultFile);
  const fake = fixture.fake;
  let server: CodeServer | undefined;
  let ui: WorkbenchBrowser | undefined;
  try {
    server = await startCodeServer({ settings: fixture.settings, machineSettings: fixture.machineSettings, env: fixture.env });
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
      ['extensionTestsPath', server.remoteUri(indexJs.replace(/\.js$/, ''))],
    ];
    ui = await openBrowser(server.origin);
    const pageErrors: string[] = [];
    ui.page.on('pageerror', (e) => pageErrors.push(e.message));
    await ui.page.goto(server.workbenchUrl(payload));
    console.log(`runIntegration: VS Code (code-server) on ${server.origin}, fake Close on ${fake.url}; waiting for the suites`);

    const found = await waitFor(() => fs.existsSync(resultFile), timeoutMs, 250);
    if (!found) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const shot = path.join(SCREENSHOT_DIR, 'integration-timeout.png');
      await ui.page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`runIntegration: no result after ${timeoutMs} ms (screenshot: ${shot}).`);
      console.error('--- code-server output (last 4000 chars) ---');
      console.error(server.output().slice(-4000));
      if (pageErrors.length) console.error('--- browser errors ---\n' + pageErrors.slice(-20).join('\n'));
      return 1;
    }
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as IntegrationResult;
    console.log(result.output);
    if (result.failures.length > 0) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const shot = path.join(SCREENSHOT_DIR, 'integration-failed.png');
      await ui.page.screenshot({ path: shot }).catch(() => undefined);
      console.log(`runIntegration: the workbench after the run: ${path.relative(REPO_ROOT, shot)}`);
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `runIntegration: VS Code ${result.vscodeVersion ?? '?'}: ${result.passes} passed, ${result.failures.length} failed, ` +
        `suites ${(result.durationMs / 1000).toFixed(1)} s, whole run ${secs} s`,
    );
    return result.failures.length === 0 && result.passes > 0 ? 0 : 1;
  } finally {
    await ui?.close();
    await server?.stop();
    await fixture.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`runIntegration: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
