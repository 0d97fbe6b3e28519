// The scaffolding every single-window end-to-end flow shares: the packaged .vsix installed in
// code-server, pointed at a fresh fake Close server, opened in Chromium; a screenshot when the
// flow fails; everything stopped afterwards; the process exit code from the outcome.
import * as fs from 'fs';
import * as path from 'path';
import { startFakeClose, type FakeClose, type FakeCloseOptions } from '../fake/server';
import { openBrowser, type WorkbenchBrowser } from '../host/browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from '../host/codeServer';
import { REPO_ROOT } from '../host/paths';
import { arg, shot } from './ui';

export interface WorkbenchFlow {
  /** Names the screenshot of a failure, `<name>-failure.png`. */
  name: string;
  fake: FakeCloseOptions;
  /** Options for code-server besides the .vsix and the base URL setting. */
  server?: Omit<CodeServerOptions, 'installVsix'>;
  /** Called once code-server is listening, before the browser opens. */
  onServer?: () => void;
  run(ui: WorkbenchBrowser, server: CodeServer, fake: FakeClose): Promise<void>;
}

/** Runs the flow and exits the process: 0 passed, 1 failed, 2 nothing to test (no .vsix). */
export function runWorkbenchFlow(flow: WorkbenchFlow): void {
  exitWith(flow.name, () => workbenchFlow(flow));
}

/** Exits the process with what `main` resolves to; a throw is reported in one line, exit 1. */
export function exitWith(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}

async function workbenchFlow(flow: WorkbenchFlow): Promise<number> {
  const vsix = path.resolve(arg('--vsix') ?? path.join(REPO_ROOT, 'close-contacts.vsix'));
  if (!fs.existsSync(vsix)) {
    console.error(`${flow.name}: ${vsix} is missing. Run: npm run package`);
    return 2;
  }
  const fake = await startFakeClose(flow.fake);
  let server: CodeServer | undefined;
  let ui: WorkbenchBrowser | undefined;
  try {
    server = await startCodeServer({
      ...flow.server,
      installVsix: vsix,
      settings: { 'closeCrm.apiBaseUrl': fake.url, ...flow.server?.settings },
    });
    flow.onServer?.();
    ui = await openBrowser(server.origin);
    await flow.run(ui, server, fake);
    return 0;
  } catch (err) {
    console.error(`${flow.name}: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    if (ui) console.error(`${flow.name}: screenshot of the failure: ${await shot(ui.page, `${flow.name}-failure`).catch(() => '(none)')}`);
    return 1;
  } finally {
    await ui?.close();
    await server?.stop();
    await fake.close();
  }
}
