// Issue 8, point 4, in the real VS Code with the packaged .vsix (Production mode): another
// extension running beside Close Contacts walks its exports' whole object graph (own and
// non-enumerable properties, getters, Maps, Sets) while the key is in use, and never meets it.
// The probe (test/fixtures/exports-probe) runs as the development extension; Close Contacts
// is installed from the .vsix, so VS Code gives it ExtensionMode.Production.
//   node out/test/e2e/exportsProbe.js [--vsix close-contacts.vsix]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startFakeClose } from '../fake/server';
import { openBrowser, type WorkbenchBrowser } from '../host/browser';
import { startCodeServer, type CodeServer } from '../host/codeServer';
import { REPO_ROOT } from '../host/paths';
import { waitFor } from '../host/wait';
import { arg } from './ui';
import { exitWith } from './workbench';

const PROBE_KEY = 'probe_key_LEAKCANARY_9dXw4Rk2';

interface ProbeResult {
  exportsType?: string;
  exportKeys?: string[];
  found?: string[];
  visited?: number;
  error?: string;
  silentSession?: 'given' | 'none';
  askedSession?: { account?: string; keyFound?: string[]; refused?: string } | null;
}

/** The probe extension in a temp folder, with the compiled walker beside it. */
function probeFolder(tmp: string): string {
  const dir = path.join(tmp, 'exports-probe');
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'exports-probe'), dir, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'out', 'test', 'host', 'keyWalk.js'), path.join(dir, 'walk.js'));
  return dir;
}

async function main(): Promise<number> {
  const vsix = path.resolve(arg('--vsix') ?? path.join(REPO_ROOT, 'close-contacts.vsix'));
  if (!fs.existsSync(vsix)) {
    console.error(`exportsProbe: ${vsix} is missing. Run: npm run package`);
    return 2;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'close-probe-'));
  const goFile = path.join(tmp, 'go');
  const resultFile = path.join(tmp, 'result.json');
  const fake = await startFakeClose({ contacts: 150, seed: 5150, apiKey: PROBE_KEY });
  let server: CodeServer | undefined;
  let ui: WorkbenchBrowser | undefined;
  try {
    const probe = probeFolder(tmp);
    server = await startCodeServer({
      installVsix: vsix,
      settings: { 'closeCrm.apiBaseUrl': fake.url },
      // The demo key path signs in without UI (loopback base URL only).
      env: { CLOSE_CONTACTS_DEMO_KEY: PROBE_KEY, PROBE_KEY, PROBE_GO_FILE: goFile, PROBE_RESULT_FILE: resultFile },
    });
    ui = await openBrowser(server.origin);
    await ui.page.goto(
      server.workbenchUrl([
        ['extensionDevelopmentPath', server.remoteUri(probe)],
        ['extensionTestsPath', server.remoteUri(path.join(probe, 'run'))],
      ]),
    );
    // Let the walk start only once Close Contacts has loaded contacts with the key.
    const used = await waitFor(() => fake.requests.some((r) => r.path.endsWith('/contact/') && r.status === 200), 90_000, 100);
    if (!used) {
      console.error('exportsProbe: Close Contacts never listed contacts with the key');
      console.error(server.output().slice(-3000));
      return 1;
    }
    await waitFor(() => fake.requests.filter((r) => r.path.endsWith('/contact/')).every((r) => r.status !== 0), 30_000, 100);
    fs.writeFileSync(goFile, 'go');
    if (!(await waitFor(() => fs.existsSync(resultFile), 90_000, 100))) {
      console.error('exportsProbe: the probe wrote no result');
      console.error(server.output().slice(-3000));
      return 1;
    }
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ProbeResult;
    console.log(`exportsProbe: exports ${result.exportsType} (keys: ${JSON.stringify(result.exportKeys ?? [])}), ${result.visited ?? 0} objects walked`);
    if (result.error) {
      console.error(`exportsProbe: FAILED: the probe failed: ${result.error}`);
      return 1;
    }
    if ((result.found ?? []).length > 0) {
      console.error(`exportsProbe: FAILED: the key is reachable from another extension at:\n  ${(result.found ?? []).slice(0, 20).join('\n  ')}`);
      return 1;
    }
    if (result.silentSession !== 'none') {
      console.error(`exportsProbe: FAILED: another extension got a closeCrm session without the user's consent (${result.silentSession})`);
      return 1;
    }
    // Asked with createIfNone, VS Code's consent prompt comes first; under an extension test
    // run VS Code refuses to show dialogs and says which one it was. (A session given after
    // consent holds no key either: the integration suite checks every session's fields.)
    const refused = result.askedSession?.refused ?? '';
    if (!/wants to sign in using Close CRM/.test(refused) || (result.askedSession?.keyFound ?? []).length > 0) {
      console.error(`exportsProbe: FAILED: asking for a session did not go through VS Code's consent prompt: ${JSON.stringify(result.askedSession)}`);
      return 1;
    }
    console.log(`exportsProbe: no closeCrm session without consent; asking for one raised VS Code's prompt (${refused.replace(/^.*Contents: /, '')})`);
    if (result.exportsType !== 'undefined') {
      console.error(`exportsProbe: FAILED: in production the extension exports ${result.exportsType}, expected nothing`);
      return 1;
    }
    console.log('exportsProbe: passed: no path from the exports to the key');
    return 0;
  } finally {
    await ui?.close();
    await server?.stop();
    await fake.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

exitWith('exportsProbe', main);
