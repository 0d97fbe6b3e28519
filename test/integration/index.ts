// Suite index loaded by the extension host (`extensionTestsPath`), under code-server here and
// under @vscode/test-electron on a desktop. It runs every test/integration/*.test.js with mocha
// and, when CLOSE_TEST_RESULT_FILE is set, writes the outcome there: the code-server runner
// cannot see the extension host's exit, so it waits for that file.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export interface IntegrationFailure {
  title: string;
  message: string;
  stack?: string;
}

export interface IntegrationResult {
  passes: number;
  failures: IntegrationFailure[];
  pending: number;
  total: number;
  durationMs: number;
  /** Spec-style report of the run. */
  output: string;
  vscodeVersion?: string;
}

export function run(): Promise<void> {
  const started = Date.now();
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.CLOSE_TEST_TIMEOUT_MS ?? 60_000),
    forbidOnly: true,
    forbidPending: true,
    // The default reporter would print to the extension host's console, which nobody reads here.
    reporter: function silent() {
      /* output is assembled from the runner's events below */
    } as unknown as Mocha.ReporterConstructor,
  });
  const grep = process.env.CLOSE_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }

  const lines: string[] = [];
  const result: IntegrationResult = { passes: 0, failures: [], pending: 0, total: 0, durationMs: 0, output: '' };
  return new Promise<void>((resolve, reject) => {
    const finish = (err?: unknown): void => {
      result.durationMs = Date.now() - started;
      if (err !== undefined) {
        result.failures.push({ title: 'loading the integration suites', message: errorText(err) });
      }
      lines.push('', `${result.passes} passing, ${result.failures.length} failing (${result.durationMs} ms)`);
      result.failures.forEach((f, i) => lines.push('', `${i + 1}) ${f.title}`, `   ${f.message}`, ...(f.stack ? [f.stack] : [])));
      result.output = lines.join('\n');
      result.vscodeVersion = vscodeVersion();
      writeResult(result);
      console.log(result.output);
      if (result.failures.length > 0) reject(new Error(`${result.failures.length} integration test(s) failed`));
      else resolve();
    };
    try {
      let depth = 0;
      const runner = mocha.run(() => finish());
      runner.on('suite', (suite: Mocha.Suite) => {
        if (suite.title) lines.push(`${'  '.repeat(depth)}${suite.title}`);
        depth++;
      });
      runner.on('suite end', () => depth--);
      runner.on('pass', (test: Mocha.Test) => {
        result.passes++;
        result.total++;
        lines.push(`${'  '.repeat(depth)}✔ ${test.title} (${test.duration ?? 0} ms)`);
      });
      runner.on('pending', (test: Mocha.Test) => {
        result.pending++;
        lines.push(`${'  '.repeat(depth)}- ${test.title} (pending)`);
      });
      runner.on('fail', (test: Mocha.Runnable, err: unknown) => {
        result.total++;
        const n = result.failures.length + 1;
        result.failures.push({ title: test.fullTitle(), message: errorText(err), stack: stackOf(err) });
        lines.push(`${'  '.repeat(depth)}✘ ${n}) ${test.title}`);
      });
    } catch (err) {
      finish(err);
    }
  });
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function stackOf(err: unknown): string | undefined {
  if (!(err instanceof Error) || !err.stack) return undefined;
  // Frames from the suites only; mocha's and VS Code's own frames are noise.
  return err.stack
    .split('\n')
    .filter((l) => l.includes('/test/integration/'))
    .slice(0, 5)
    .join('\n') || undefined;
}

function vscodeVersion(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('vscode') as typeof import('vscode')).version;
  } catch {
    return undefined;
  }
}

function writeResult(result: IntegrationResult): void {
  const file = process.env.CLOSE_TEST_RESULT_FILE;
  if (!file) return;
  // Write then rename, so the runner never reads half a file.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
