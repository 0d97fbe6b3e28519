// `npm run demo`: the extension on sample data, no Close account needed. Starts the fake Close
// server with a few thousand contacts, then a real VS Code pointed at it and told its key
// (CLOSE_CONTACTS_DEMO_KEY, honoured only for loopback base URLs): the desktop `code` when there
// is one, else code-server for a browser. Runs until Ctrl-C.
//   node out/test/host/demo.js [--contacts 3000] [--latency 60] [--port 8080] [--vsix close-contacts.vsix] [--web]
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { startFakeClose, type FakeClose } from '../fake/server';
import { freePort, startCodeServer } from './codeServer';
import { REPO_ROOT } from './paths';

const DEMO_KEY_ENV = 'CLOSE_CONTACTS_DEMO_KEY';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function desktopCode(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const bin = found.status === 0 ? found.stdout.trim() : '';
  return bin || undefined;
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** The last digits of a sample contact's phone, to show that search matches phones in any format. */
function samplePhoneDigits(fake: FakeClose): string {
  const phone = fake.dataset.contacts.find((c) => (c.phones?.length ?? 0) > 0)?.phones?.[0]?.phone ?? '';
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(-7, -4)}-${digits.slice(-4)}` : '555';
}

async function main(): Promise<void> {
  const contacts = Number(arg('--contacts') ?? 3000);
  const fake = await startFakeClose({ contacts, latencyMs: Number(arg('--latency') ?? 60) });
  const settings = { 'closeCrm.apiBaseUrl': fake.url };
  const env = { [DEMO_KEY_ENV]: fake.apiKey };
  console.log(`demo: fake Close API with ${fake.dataset.contacts.length} contacts and ${fake.dataset.leads.length} leads on ${fake.url}`);
  console.log(`demo: API key ${fake.apiKey} (a fake key for the fake server; the extension picks it up on its own)`);

  const tryThis = `demo: what to try: F1 > "Search Contacts", then type a phone number in any format (e.g. ${samplePhoneDigits(fake)}).`;
  const code = process.argv.includes('--web') ? undefined : desktopCode();
  if (code) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'close-demo-'));
    const userData = path.join(root, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...settings, 'workbench.startupEditor': 'none' }, null, 2));
    const child = spawn(
      code,
      ['--new-window', '--wait', '--user-data-dir', userData, '--extensions-dir', path.join(root, 'extensions'), `--extensionDevelopmentPath=${REPO_ROOT}`, root],
      { env: { ...process.env, ...env }, stdio: 'inherit' },
    );
    console.log('demo: opened VS Code (desktop). Open the Close view in the activity bar. Close the window or press Ctrl-C to stop.');
    console.log(tryThis);
    await Promise.race([untilInterrupted(), new Promise((r) => child.once('exit', r))]);
    child.kill();
    fs.rmSync(root, { recursive: true, force: true });
  } else {
    const vsix = path.resolve(arg('--vsix') ?? path.join(REPO_ROOT, 'close-contacts.vsix'));
    const wanted = Number(arg('--port') ?? process.env.CLOSE_DEMO_PORT ?? 8080);
    const port = (await portIsFree(wanted)) ? wanted : await freePort();
    const server = await startCodeServer({ port, installVsix: vsix, settings, env });
    console.log('');
    console.log(`demo: VS Code (code-server) with Close Contacts is ready. Open in a browser:`);
    console.log(`        ${server.origin}/`);
    console.log('      then click "Close" in the activity bar. Press Ctrl-C here to stop.');
    console.log(tryThis);
    await untilInterrupted();
    console.log('\ndemo: stopping');
    await server.stop();
  }
  await fake.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
