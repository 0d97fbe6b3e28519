// Where things live for the in-VS-Code harness (runner side, plain Node).
import * as os from 'os';
import * as path from 'path';

/** The repository root (this file compiles to out/test/host/paths.js). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const CODE_SERVER_VERSION = '4.99.4';

/** Same folder scripts/install-host.sh installs into. */
export function codeServerBin(): string {
  const cache = process.env.CLOSE_HOST_CACHE ?? path.join(os.homedir(), '.cache', 'close-contacts-host');
  return path.join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

export const CHROMIUM_PATH = process.env.CLOSE_CHROMIUM ?? '/usr/bin/chromium';

export const EXTENSION_ID = 'close-contacts.close-contacts';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');
