// For contributors with desktop VS Code and the internet: @vscode/test-electron downloads VS Code
// and runs the same suite index (./index) that the code-server runner uses here.
//   npm run build && npm run compile-tests && node out/test/integration/runElectron.js
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { startIntegrationFixture } from '../host/integrationFixture';

async function main(): Promise<number> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'close-electron-'));
  const userData = path.join(tmp, 'user-data');
  const fixture = await startIntegrationFixture();
  try {
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify({ ...fixture.settings, ...fixture.machineSettings, 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false }, null, 2),
    );
    const workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(workspace);
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(__dirname, 'index'),
      extensionTestsEnv: fixture.env,
      launchArgs: [workspace, '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions'), '--disable-workspace-trust'],
    });
    return 0;
  } catch (err) {
    console.error(`runElectron: ${err instanceof Error ? err.message : String(err)}`);
    console.error('runElectron: this needs a VS Code download (internet). Without one, run the same suites in code-server: npm run test:vscode');
    return 1;
  } finally {
    await fixture.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
