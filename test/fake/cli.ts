// `npm run fake-close -- --contacts 5000 --port 8123 [--seed N] [--latency 150] [--rate 20] [--limiter MODE] [--rate-headers STYLE] [--burst N] [--window SECONDS] [--groups key|endpoint] [--neighbour N] [--key K] [--max-skip N]`
// Starts the fake Close server, prints its base URL and key, runs until Ctrl-C or SIGTERM.
import { isLimiterMode, isRateHeaderStyle, LIMITER_MODES, RATE_HEADER_STYLES, startFakeClose, type FakeCloseOptions } from './server';

const USAGE =
  `Usage: npm run fake-close -- [--contacts N] [--leads N] [--port N] [--seed N] [--latency MS] [--rate PER_SECOND] [--limiter ${LIMITER_MODES.join('|')}] [--rate-headers ${RATE_HEADER_STYLES.join('|')}] [--burst N] [--window SECONDS] [--groups key|endpoint] [--neighbour PER_SECOND] [--key KEY] [--max-skip N] [--max-limit N]`;

/** Parses the command line; throws an Error whose message says what is wrong. */
export function parseArgs(argv: readonly string[]): FakeCloseOptions {
  const options: FakeCloseOptions = { contacts: 5000, port: 8123 };
  const numeric: Record<string, (value: number) => void> = {
    '--contacts': (v) => (options.contacts = v),
    '--leads': (v) => (options.leads = v),
    '--port': (v) => (options.port = v),
    '--seed': (v) => (options.seed = v),
    '--latency': (v) => (options.latencyMs = v),
    '--rate': (v) => (options.rateLimitPerSecond = v),
    '--burst': (v) => (options.rateLimitBurst = v),
    '--window': (v) => {
      if (v === 0) {
        throw new Error('--window needs a window of 1 second or more (got 0).');
      }
      options.rateLimitWindowSeconds = v;
    },
    '--neighbour': (v) => (options.neighbourPerSecond = v),
    '--max-skip': (v) => (options.maxSkip = v),
    '--max-limit': (v) => (options.maxLimit = v),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.includes('=') ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = inline ?? argv[i + 1];
    if (inline === undefined) {
      i++;
    }
    if (name === '--key') {
      if (!value) {
        throw new Error('--key needs a value.');
      }
      options.apiKey = value;
      continue;
    }
    if (name === '--groups') {
      if (value !== 'key' && value !== 'endpoint') {
        throw new Error(`--groups needs key or endpoint (got ${value === undefined ? 'nothing' : JSON.stringify(value)}).`);
      }
      options.rateLimitGroups = value;
      continue;
    }
    if (name === '--limiter') {
      if (value === undefined || !isLimiterMode(value)) {
        throw new Error(`--limiter needs one of ${LIMITER_MODES.join(', ')} (got ${value === undefined ? 'nothing' : JSON.stringify(value)}).`);
      }
      options.rateLimitMode = value;
      continue;
    }
    if (name === '--rate-headers') {
      if (value === undefined || !isRateHeaderStyle(value)) {
        throw new Error(`--rate-headers needs one of ${RATE_HEADER_STYLES.join(', ')} (got ${value === undefined ? 'nothing' : JSON.stringify(value)}).`);
      }
      options.rateHeaderStyle = value;
      continue;
    }
    const set = numeric[name];
    if (!set) {
      throw new Error(`Unknown option ${name}.`);
    }
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0) {
      throw new Error(`${name} needs a whole number of 0 or more (got ${value === undefined ? 'nothing' : JSON.stringify(value)}).`);
    }
    set(n);
  }
  return options;
}

async function main(): Promise<void> {
  let options: FakeCloseOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const server = await startFakeClose(options);
  const leads = server.dataset.leads.length;
  process.stdout.write(
    [
      `Fake Close API listening with ${server.dataset.contacts.length} contacts and ${leads} leads (built in ${Date.now() - started} ms).`,
      `Base URL: ${server.url}`,
      `API key:  ${server.apiKey}`,
      `Latency ${options.latencyMs ?? 0} ms; rate limit ${options.rateLimitPerSecond === undefined ? 'none' : `${options.rateLimitPerSecond}/s (${options.rateLimitMode ?? 'fixed'}, per ${options.rateLimitGroups ?? 'key'})`}; ` +
        `${options.neighbourPerSecond ? `another client of the key at ${options.neighbourPerSecond}/s; ` : ''}max _skip ${options.maxSkip ?? 'none'}.`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Could not start the fake Close server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
