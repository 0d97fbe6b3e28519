// One organization's client and controller, built with that organization's key: the session's
// (the active organization) and, in the all-organizations tree, every other one's.
import { CloseClient } from '../close/client';
import { RateLimiter } from '../close/rateLimit';
import { ContactsController } from '../model/contactsController';
import type { ExtensionSettings } from './settings';

export interface Connection {
  key: string;
  client: CloseClient;
  controller: ContactsController;
  /** The settings the client and controller were built with. */
  settings: ExtensionSettings;
}

export interface ConnectionParts {
  key: string;
  settings: ExtensionSettings;
  /** The validated base URL (settings.baseUrl when it is ok). */
  baseUrl: string;
  /** Names the cache to show; undefined until the key's organization is known. */
  organizationId: string | undefined;
  cacheRoot: string;
  log: (line: string) => void;
}

export function openConnection(parts: ConnectionParts): Connection {
  const { key, settings, log } = parts;
  // The client and its limiter report retries and waits to the controller made just below
  // (no request goes out before it exists).
  const client = new CloseClient({
    baseUrl: parts.baseUrl,
    apiKey: key,
    timeoutMs: settings.timeoutMs,
    log,
    rateLimiter: new RateLimiter({ onWaitChange: () => controller.noteRateLimitWait() }),
    onRetry: (notice) => controller.noteClientNotice(notice),
  });
  const controller = new ContactsController({
    client,
    pageSize: settings.pageSize,
    cacheDir: settings.cacheContacts ? parts.cacheRoot : undefined,
    organizationId: parts.organizationId,
    log,
  });
  return { key, client, controller, settings };
}

/** Stops the controller; the key goes with its client, so nothing kept from here on can send it. */
export function closeConnection(connection: Connection): void {
  connection.controller.dispose();
  connection.client.dispose();
}
