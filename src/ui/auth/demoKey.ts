import type { Me } from '../../close/types';
import { isLoopbackHost } from '../../close/baseUrl';
import { describeError } from '../../close/errors';
import { accountFromMe } from '../../model/account';
import { DEMO_KEY_ENV } from '../constants';
import type { Log } from '../log';
import { readSettings } from '../settings';
import type { ApiKeyStore } from './apiKeyStore';

/** The demo starts VS Code with a fake server's key; it is only ever taken for a loopback base URL. */
export async function adoptDemoKey(keys: ApiKeyStore, log: Log, checkKey: (key: string) => Promise<Me>): Promise<void> {
  const demoKey = process.env[DEMO_KEY_ENV]?.trim();
  if (!demoKey || (await keys.get())) {
    return;
  }
  const settings = readSettings();
  if (!settings.baseUrl.ok || !isLoopbackHost(new URL(settings.baseUrl.url).hostname)) {
    log.warn(`${DEMO_KEY_ENV} is ignored: it is only used with a loopback closeCrm.apiBaseUrl.`);
    return;
  }
  try {
    const me = await checkKey(demoKey);
    log.remember(demoKey);
    await keys.store(demoKey, accountFromMe(me));
    log.info('Signed in with the demo key.');
  } catch (err) {
    log.warn(`The demo key was not accepted: ${describeError(err)}`);
  }
}
