// The fake Close server in a child process, so that its data and work do not count in the
// figures measured for the extension's side (heap, event-loop stalls).
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { FakeCloseOptions, FakeFaults } from '../test/fake/server';
import type { FakeCall, FakeStarted, FakeStats } from './fakeProcess';

export class RemoteFake {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  url = '';
  apiKey = '';

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (msg.error !== undefined) {
        w?.reject(new Error(msg.error));
      } else {
        w?.resolve(msg.result);
      }
    });
  }

  static async start(options: FakeCloseOptions): Promise<RemoteFake> {
    const fake = new RemoteFake(fork(path.join(__dirname, 'fakeProcess.js'), [], { stdio: 'inherit' }));
    const started = (await fake.call({ op: 'start', options })) as FakeStarted;
    fake.url = started.url;
    fake.apiKey = started.apiKey;
    return fake;
  }

  call(req: FakeCall): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...req, id });
    });
  }

  stats(): Promise<FakeStats> {
    return this.call({ op: 'stats' }) as Promise<FakeStats>;
  }

  async reset(): Promise<void> {
    await this.call({ op: 'reset' });
  }

  async setLatency(ms: number): Promise<void> {
    await this.call({ op: 'latency', ms });
  }

  async setFaults(faults: FakeFaults): Promise<void> {
    await this.call({ op: 'faults', faults });
  }

  ids(): Promise<string[]> {
    return this.call({ op: 'ids' }) as Promise<string[]>;
  }

  /** Contacts with no lead: past max_skip nothing can reach them (Close itself has none). */
  leadlessIds(): Promise<string[]> {
    return this.call({ op: 'leadlessIds' }) as Promise<string[]>;
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' }).catch(() => undefined);
    this.child.disconnect();
  }
}
