import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from '../../fake/cli';

describe('fake Close server: command line', () => {
  it('parses every option, in both --name value and --name=value forms', () => {
    assert.deepEqual(
      parseArgs(['--contacts', '5000', '--port=8123', '--seed', '4', '--latency', '150', '--rate', '20', '--key', 'K', '--max-skip', '1000', '--leads', '9', '--max-limit', '50']),
      { contacts: 5000, port: 8123, seed: 4, latencyMs: 150, rateLimitPerSecond: 20, apiKey: 'K', maxSkip: 1000, leads: 9, maxLimit: 50 },
    );
    assert.deepEqual(parseArgs([]), { contacts: 5000, port: 8123 });
  });

  it('reads the limiter shape and the bucket size, and refuses an unknown shape', () => {
    for (const mode of ['fixed', 'fixedFractional', 'sliding', 'tokenBucket', 'noHeaders'] as const) {
      assert.equal(parseArgs(['--limiter', mode]).rateLimitMode, mode);
    }
    assert.equal(parseArgs(['--window', '5']).rateLimitWindowSeconds, 5);
    assert.throws(() => parseArgs(['--window=0']), /--window needs a window of 1 second or more/);
    assert.deepEqual(parseArgs(['--rate=20', '--limiter=tokenBucket', '--burst', '40']), {
      contacts: 5000,
      port: 8123,
      rateLimitPerSecond: 20,
      rateLimitMode: 'tokenBucket',
      rateLimitBurst: 40,
    });
    assert.throws(() => parseArgs(['--limiter', 'leaky']), /--limiter needs one of fixed, fixedFractional, sliding, tokenBucket, noHeaders \(got "leaky"\)/);
    assert.throws(() => parseArgs(['--limiter']), /--limiter needs one of .*nothing/);
  });

  it('reads the style of the rate-limit headers, and refuses an unknown one', () => {
    for (const style of ['close', 'ietf', 'split'] as const) {
      assert.equal(parseArgs(['--rate-headers', style]).rateHeaderStyle, style);
    }
    assert.throws(() => parseArgs(['--rate-headers=x-rate']), /--rate-headers needs one of close, ietf, split \(got "x-rate"\)/);
  });

  it('reads endpoint groups and a neighbour on the key, and refuses an unknown grouping', () => {
    assert.deepEqual(parseArgs(['--groups', 'endpoint', '--neighbour=8']), { contacts: 5000, port: 8123, rateLimitGroups: 'endpoint', neighbourPerSecond: 8 });
    assert.equal(parseArgs(['--groups=key']).rateLimitGroups, 'key');
    assert.throws(() => parseArgs(['--groups', 'user']), /--groups needs key or endpoint \(got "user"\)/);
  });

  it('refuses unknown options and bad numbers with a message naming them', () => {
    assert.throws(() => parseArgs(['--nope', '1']), /Unknown option --nope/);
    assert.throws(() => parseArgs(['--contacts', 'many']), /--contacts needs a whole number .*"many"/);
    assert.throws(() => parseArgs(['--rate']), /--rate needs a whole number .*nothing/);
    assert.throws(() => parseArgs(['--key']), /--key needs a value/);
  });

  it('starts, prints the base URL and key, answers, and stops on SIGTERM', async function () {
    this.timeout(15_000);
    const cli = path.join(__dirname, '..', '..', 'fake', 'cli.js');
    const child = spawn(process.execPath, [cli, '--contacts', '30', '--port', '0', '--key', 'cli_key'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Base URL: (\S+)/.exec(output);
          if (match && output.includes('API key:')) {
            resolve(match[1] as string);
          }
        });
        child.on('exit', () => reject(new Error(`exited early: ${output}`)));
      });
      assert.match(output, /API key:\s+cli_key/);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      const answer = await fetch(`${url}/contact/?_fields=id`, { headers: { authorization: 'Bearer cli_key' } });
      assert.equal(answer.status, 200);
      assert.equal(((await answer.json()) as { data: unknown[] }).data.length, 30);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
