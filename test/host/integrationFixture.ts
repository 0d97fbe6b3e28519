// What the integration suites expect around them, whichever VS Code runs them: the fake Close
// server with a known data set, the control port, and the environment that names both.
import { startFakeClose, type FakeClose } from '../fake/server';
import { startControlServer } from './control';

/** The data set the integration suites assert on (they read it back from the fake server). */
export const INTEGRATION_DATASET = { contacts: 120, seed: 20261126 };

export interface IntegrationFixture {
  fake: FakeClose;
  /** Environment for the extension host. */
  env: Record<string, string>;
  /** User settings pointing the extension at the fake server. */
  settings: Record<string, unknown>;
  /** Machine settings (code-server reads machine-scoped settings only there). */
  machineSettings: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startIntegrationFixture(resultFile?: string): Promise<IntegrationFixture> {
  const fake = await startFakeClose({ ...INTEGRATION_DATASET });
  const control = await startControlServer(fake);
  const env: Record<string, string> = {
    CLOSE_FAKE_URL: fake.url,
    CLOSE_FAKE_KEY: fake.apiKey,
    CLOSE_FAKE_CONTROL: control.url,
  };
  if (resultFile) env.CLOSE_TEST_RESULT_FILE = resultFile;
  if (process.env.CLOSE_TEST_GREP) env.CLOSE_TEST_GREP = process.env.CLOSE_TEST_GREP;
  return {
    fake,
    env,
    settings: { 'closeCrm.apiBaseUrl': fake.url },
    // The suites reset state and wait for the load that follows: a fresh cache must not skip it.
    // (A machine-scoped setting: code-server reads it from its Machine settings only.)
    machineSettings: { 'closeCrm.refreshOnStartMinutes': 0 },
    async close() {
      await control.close();
      await fake.close();
    },
  };
}
