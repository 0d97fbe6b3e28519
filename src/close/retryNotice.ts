// What the client tells its owner while a request is being retried, so the view can say at
// once that Close is unreachable, slow or pausing us, instead of a silent "Refreshing…".
// Carries the host of the base URL only: never the key, a header or a query.

export type RetryKind = 'network' | 'timeout' | 'rateLimited' | 'server';

/** Sent before each wait between two attempts of a request. */
export interface RetryNotice {
  type: 'retry';
  kind: RetryKind;
  /** Host (and port, when not the default) of the base URL, e.g. `api.close.com`. */
  host: string;
  /** Short and lower case, in the display language: "connection refused", "no answer within 30 s", "503 Service Unavailable". */
  reason: string;
  /** The attempt about to be made (2 for the first retry) and the most that will be made. */
  attempt: number;
  maxAttempts: number;
  /** How long the client waits before that attempt. */
  waitMs: number;
  /** Date.now() when the wait started. */
  at: number;
}

/** A request answered after retries had been announced: whatever was said can be cleared. */
export interface RecoveryNotice {
  type: 'recovered';
  host: string;
  at: number;
}

export type ClientNotice = RetryNotice | RecoveryNotice;
