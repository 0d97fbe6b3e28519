import { fake } from '../../vscodeStub/register';
import { ApiKeyStore } from '../../../../src/ui/auth/apiKeyStore';
import { registerCommands } from '../../../../src/ui/commands/registerCommands';
import { Settings } from '../../../../src/ui/constants';
import { Log } from '../../../../src/ui/log';
import type { ContactPanels } from '../../../../src/ui/panel/contactPanels';
import { CloseSession } from '../../../../src/ui/session';
import { ContactsView } from '../../../../src/ui/tree/contactsView';
import type { FakeClose } from '../../../fake/server';
import { FakeClock } from '../fakeClock';
import { fakeContext, type FakeContext } from '../fakeContext';
import { OrganizationControllers } from '../../../../src/ui/organizations/organizationControllers';

/** The extension's commands registered over a real session and view (vscode stubbed), signed in to `server`. */
export interface CommandHarness {
  session: CloseSession;
  view: ContactsView;
  /** Contact ids the panels were asked to open. */
  opened: string[];
  run(id: string, ...args: unknown[]): Promise<unknown>;
  dispose(): Promise<void>;
}

export async function commandHarness(server: FakeClose, keyArgumentAllowed = true): Promise<CommandHarness> {
  fake.reset();
  fake.state.settings.set(`${Settings.section}.${Settings.apiBaseUrl}`, server.url);
  const context: FakeContext = await fakeContext();
  const keys = new ApiKeyStore(context.asContext);
  const log = new Log();
  const session = new CloseSession(context.asContext, keys, log);
  const view = new ContactsView(undefined, new FakeClock());
  session.onDidChangeController((c) => view.setController(c));
  const opened: string[] = [];
  // registerCommands only opens panels.
  const panels = { open: (id: string) => opened.push(id) } as unknown as ContactPanels;
  const organizations = new OrganizationControllers(session, log);
  const registrations = registerCommands({ session, view, panels, organizations, log, keyArgumentAllowed });
  await session.start();
  await session.signIn(server.apiKey, server.me);
  await session.whenIdle();
  return {
    session,
    view,
    opened,
    run: (id, ...args) => fake.commands.executeCommand(id, ...args),
    dispose: async () => {
      registrations.forEach((d) => d.dispose());
      organizations.dispose();
      await session.whenIdle();
      view.dispose();
      session.dispose();
      keys.dispose();
      await session.lastController?.whenCacheWritten();
      await context.remove();
    },
  };
}
