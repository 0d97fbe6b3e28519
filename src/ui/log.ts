import * as vscode from 'vscode';

/**
 * The "Close CRM" output channel. Lines pass through `redact` first: the client never logs the
 * key, and this is the second lock on that door.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Close CRM', { log: true });
  private readonly secrets = new Set<string>();

  /** Strings that must never be printed (the current API key). */
  remember(secret: string | undefined): void {
    if (secret) {
      this.secrets.add(secret);
    }
  }

  info(line: string): void {
    this.channel.info(this.redact(line));
  }

  warn(line: string): void {
    this.channel.warn(this.redact(line));
  }

  error(line: string): void {
    this.channel.error(this.redact(line));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private redact(line: string): string {
    let out = line;
    for (const secret of this.secrets) {
      out = out.split(secret).join('[redacted]');
    }
    return out;
  }
}
