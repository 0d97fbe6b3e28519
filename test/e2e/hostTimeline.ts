// When, after a window reload, code-server's extension host started and activated this
// extension, read from the host's own log (remoteexthost.log of the newest exthostN folder).
// The log's times are local wall-clock times with milliseconds, as Date.now() counts them.
import * as fs from 'fs';
import * as path from 'path';

export interface HostTimeline {
  /** Epoch ms: "Extension host with pid N started". */
  hostStartedAt: number;
  /** Epoch ms: VS Code began activating close-contacts. */
  activationAt: number;
}

/** Undefined when the log or either line is missing (the figures are then left out, not guessed). */
export function latestHostTimeline(userDataDir: string): HostTimeline | undefined {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return undefined;
  const hosts = fs
    .readdirSync(logs)
    .flatMap((session) => {
      const dir = path.join(logs, session);
      return fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).filter((n) => /^exthost\d+$/.test(n)).map((n) => ({ session, n: Number(n.slice(7)), file: path.join(dir, n, 'remoteexthost.log') })) : [];
    })
    .filter((h) => fs.existsSync(h.file))
    .sort((a, b) => a.session.localeCompare(b.session) || a.n - b.n);
  const newest = hosts.at(-1);
  if (!newest) return undefined;
  const lines = fs.readFileSync(newest.file, 'utf8').split('\n');
  const at = (pattern: RegExp): number | undefined => {
    const stamp = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(lines.find((l) => pattern.test(l)) ?? '');
    return stamp ? new Date(`${stamp[1]}T${stamp[2]}`).getTime() : undefined;
  };
  const hostStartedAt = at(/Extension host with pid \d+ started/);
  const activationAt = at(/_doActivateExtension close-contacts\.close-contacts/);
  return hostStartedAt === undefined || activationAt === undefined ? undefined : { hostStartedAt, activationAt };
}
