// Starts code-server (VS Code 1.99 workbench + Node extension host, served to a browser) on a
// free loopback port with throwaway user data, extensions and settings.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { codeServerBin } from './paths';

export interface CodeServerOptions {
  /** Written to User/settings.json on top of the quiet defaults below. */
  settings?: Record<string, unknown>;
  /**
   * Written to Machine/settings.json: the server's own settings, the only place code-server
   * reads machine-scoped settings from (it ignores them in the user's settings).
   */
  machineSettings?: Record<string, unknown>;
  /** Extra environment for the server and so for its extension host. */
  env?: Record<string, string>;
  /** A packaged extension installed (offline) before the server starts. */
  installVsix?: string;
  /** Folder opened as the workspace; a fresh empty one when omitted. */
  folder?: string;
  /** Fixed port; a free one when omitted. */
  port?: number;
  /** Receives the server's output lines. */
  log?: (line: string) => void;
  /** How long to wait for the port to answer. Default 60 s. */
  startTimeoutMs?: number;
  /** Workspace trust on, with its prompt at startup (off by default, so no dialog gets in the way). */
  workspaceTrust?: boolean;
  /** Display language (`--locale`), e.g. `qps-ploc`. */
  locale?: string;
  /** Called with the extensions folder after the .vsix is installed and before the server starts. */
  prepareExtensions?: (extensionsDir: string) => void;
}

export interface CodeServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly folder: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The workbench URL opening `folder`, with optional `payload` entries (test-electron style options). */
  workbenchUrl(payload?: [string, string][]): string;
  /** vscode-remote URI of a server-side absolute path, as the workbench payload expects. */
  remoteUri(absPath: string): string;
  /** Everything the server printed so far. */
  output(): string;
  /** Kills the server and its children (extension host, pty host) and deletes the temp dirs. */
  stop(): Promise<void>;
}

const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
};

// Servers run in their own process group (so they can be killed as a tree); make sure none
// outlives this process, even when it exits through an error or a signal.
/** Process group id -> temp folder of each running server. */
const liveGroups = new Map<number, string>();
let exitHookInstalled = false;

function trackGroup(pid: number, root: string): void {
  liveGroups.set(pid, root);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [group, root] of liveGroups) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Only when nobody else handles the signal (the demo waits for Ctrl-C and stops cleanly).
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const bin = codeServerBin();
  if (!fs.existsSync(bin)) {
    throw new Error(`code-server is not installed at ${bin}. Run: bash scripts/install-host.sh`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'close-cs-'));
  const dirs = {
    config: path.join(root, 'config'),
    data: path.join(root, 'data'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const folder = options.folder ?? path.join(root, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        ...QUIET_SETTINGS,
        ...(options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' } : {}),
        ...options.settings,
      },
      null,
      2,
    ),
  );

  if (options.machineSettings) {
    fs.mkdirSync(path.join(dirs.userData, 'Machine'), { recursive: true });
    fs.writeFileSync(path.join(dirs.userData, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings, null, 2));
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    ...options.env,
  };
  // Variables a parent VS Code may have set would confuse the child's extension host.
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  }
  const common = ['--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData];
  let out = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString();
    out += text;
    if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
  };

  if (options.installVsix) {
    const install = spawn(bin, [...common, '--install-extension', options.installVsix, '--force'], { env });
    install.stdout.on('data', collect);
    install.stderr.on('data', collect);
    const code = await new Promise<number | null>((resolve) => install.on('exit', resolve));
    if (code !== 0) {
      fs.rmSync(root, { recursive: true, force: true });
      throw new Error(`code-server could not install ${options.installVsix} (exit ${code}):\n${out}`);
    }
  }

  options.prepareExtensions?.(dirs.extensions);
  const port = options.port ?? (await freePort());
  const child = spawn(
    bin,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      ...common,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      ...(options.locale ? ['--locale', options.locale] : []),
      '--disable-getting-started-override',
      folder,
    ],
    // Own process group, so stop() can kill the extension host and pty host with it.
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  if (child.pid !== undefined) trackGroup(child.pid, root);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await killGroup(child, exited);
    if (child.pid !== undefined) liveGroups.delete(child.pid);
    fs.rmSync(root, { recursive: true, force: true });
  };

  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(origin, child, options.startTimeoutMs ?? 60_000, () => out);
  } catch (err) {
    await stop();
    throw err;
  }

  const remoteUri = (absPath: string): string => `vscode-remote://127.0.0.1:${port}${absPath}`;
  return {
    port,
    origin,
    folder,
    userDataDir: dirs.userData,
    extensionsDir: dirs.extensions,
    remoteUri,
    workbenchUrl(payload?: [string, string][]): string {
      let url = `${origin}/?folder=${encodeURIComponent(folder)}`;
      if (payload && payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    output: () => out,
    stop,
  };
}

async function killGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined) return;
  const signalGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5000).unref()),
  ]);
  // The group may still hold the extension host after the server itself exits.
  signalGroup('SIGKILL');
  if (timedOut) await exited;
}

function probe(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

async function waitForHealth(origin: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`code-server exited (code ${exitCode}) before listening:\n${output()}`);
    }
    if ((await probe(`${origin}/healthz`)) === 200) return;
    if (Date.now() > deadline) {
      throw new Error(`code-server did not answer on ${origin} within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
