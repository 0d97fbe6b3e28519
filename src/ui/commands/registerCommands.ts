import * as vscode from 'vscode';
import type { ContactsController } from '../../model/contactsController';
import { CLOSE_APP_URL, Commands } from '../constants';
import type { Log } from '../log';
import type { ContactPanels } from '../panel/contactPanels';
import type { CloseSession } from '../session';
import { showBaseUrlProblem } from '../settings';
import type { ContactsView } from '../tree/contactsView';
import type { CopySource, CopyValueKind } from '../../model/copyTargets';
import { contactIdOf, leadIdOf, selectedRows } from './args';
import { addOrganization, setApiKey, signOut } from './apiKeyCommands';
import { pickOrganization } from '../organizations/organizationPicker';
import { copyFromContact, copyFromRows, copyLeadEmails, copyNameAndEmail } from './copyCommands';
import { exportContacts, type ExportParts, type ExportScope, type ExportTestTarget } from './exportContacts';
import { askForFilter } from './filterContacts';
import { pickContact } from './searchContacts';

interface Parts {
  session: CloseSession;
  view: ContactsView;
  panels: ContactPanels;
  log: Log;
  /** True only in the extension's own tests: `closeCrm.setApiKey` then takes the key as an argument. */
  keyArgumentAllowed: boolean;
}

export function registerCommands(parts: Parts): vscode.Disposable[] {
  const { session, view, panels, log, keyArgumentAllowed } = parts;

  /** The controller, or a prompt to sign in when there is none. */
  const requireController = (): ContactsController | undefined => {
    const controller = session.controller;
    if (!controller) {
      const problem = session.problem;
      if (problem) {
        showBaseUrlProblem(problem);
      } else {
        const setKey = vscode.l10n.t('Set API Key');
        void vscode.window.showInformationMessage(vscode.l10n.t('Set your Close API key first.'), setKey).then((choice) => {
          if (choice === setKey) {
            void vscode.commands.executeCommand(Commands.setApiKey);
          }
        });
      }
    }
    return controller;
  };

  /**
   * The controller, when loading is possible. With an unusable base URL setting what is
   * loaded stays on screen, but nothing is sent until the setting is fixed.
   */
  const requireLoadable = (): ContactsController | undefined => {
    const problem = session.problem;
    if (problem && session.controller) {
      showBaseUrlProblem(`${problem} ${vscode.l10n.t('Contacts are not reloaded until it is fixed.')}`);
      return undefined;
    }
    return requireController();
  };

  /**
   * What a command without an argument works on: the selected contact (or email or phone)
   * row, else a contact picked with search.
   */
  const resolveContact = async (controller: ContactsController, arg: unknown, title: string): Promise<unknown> => {
    const selected = view.treeView.selection[0];
    if (contactIdOf(arg)) {
      return arg;
    }
    if (contactIdOf(selected)) {
      return selected;
    }
    const picked = await pickContact(controller, { title, withButtons: false });
    return picked && 'contactId' in picked ? picked.contactId : undefined;
  };

  /** What the tree shows (its filter's view when on), for copies over several selected rows. */
  const shownContacts = (controller: ContactsController): CopySource => {
    const shown = view.provider.filtered() ?? controller.model;
    return { groups: () => shown.groups(), contactsOf: (leadId) => shown.contactsOf(leadId), get: (id) => controller.model.get(id) };
  };

  /** Several rows when the command came from a multi-selection in the tree, else undefined. */
  const several = (clicked: unknown, selected: unknown): unknown[] | undefined => {
    const rows = selectedRows(clicked, selected);
    return rows.length > 1 ? rows : undefined;
  };

  const exportParts = (controller: ContactsController): ExportParts => ({
    controller,
    view,
    log,
    organizationName: async () => {
      const key = await session.keys.get();
      return key ? (await session.keys.account(key))?.organizationName : undefined;
    },
  });

  /** The test-only third argument of Export Contacts… (see ExportTestTarget). */
  const exportTestTarget = (value: unknown): ExportTestTarget | undefined => {
    if (!keyArgumentAllowed || typeof value !== 'object' || value === null) {
      return undefined;
    }
    const { uri, format, which } = value as Record<string, unknown>;
    return typeof uri === 'string' && (format === 'csv' || format === 'vcard')
      ? { uri, format, ...(which === 'filtered' || which === 'all' ? { which } : {}) }
      : undefined;
  };

  const reveal = async (contactId: string): Promise<void> => {
    if (view.filter && !view.provider.shows(contactId)) {
      // The contact is filtered out: show the whole tree to show it.
      view.setFilter('');
    }
    const node = view.provider.contactNode(contactId);
    if (node) {
      await view.treeView.reveal(node, { select: true, focus: true, expand: false });
    }
  };

  /**
   * The copy commands: several selected rows copy `kind` of each; one row (or the selected one)
   * goes to `one`. With a `pickTitle`, a command without a row asks for a contact first.
   */
  const copyCommands: { id: string; kind: CopyValueKind; one: (controller: ContactsController, arg: unknown) => Promise<void>; pickTitle?: () => string }[] = [
    { id: Commands.copyEmail, kind: 'email', one: (c, arg) => copyFromContact(c, arg, 'email'), pickTitle: () => vscode.l10n.t('Close CRM: Copy Email') },
    { id: Commands.copyPhone, kind: 'phone', one: (c, arg) => copyFromContact(c, arg, 'phone'), pickTitle: () => vscode.l10n.t('Close CRM: Copy Phone') },
    { id: Commands.copyNameAndEmail, kind: 'nameAndEmail', one: copyNameAndEmail, pickTitle: () => vscode.l10n.t('Close CRM: Copy as Name <email>') },
    { id: Commands.copyAllEmails, kind: 'email', one: copyLeadEmails },
    { id: Commands.copyAllPhones, kind: 'phone', one: (c, arg) => copyFromRows(shownContacts(c), [arg], 'phone') },
  ];

  const register = (id: string, fn: (...args: unknown[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        // Every path above reports its own failures; this is the net for the unexpected.
        log.error(`${id} failed: ${err instanceof Error ? err.message : String(err)}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Close CRM: something went wrong ({0}). Details are in Close CRM: Show Log.', id));
        return undefined;
      }
    });

  return [
    register(Commands.setApiKey, (key) => setApiKey(session, key, keyArgumentAllowed)),
    register(Commands.signOut, (scope) => signOut(session, scope, keyArgumentAllowed)),
    register(Commands.addOrganization, (key) => addOrganization(session, key, keyArgumentAllowed)),
    register(Commands.switchOrganization, async (arg) => {
      // An organization id (from a test or a keybinding) switches without asking; it can only
      // name an organization the user added.
      const choice = typeof arg === 'string' ? { kind: 'switch' as const, organizationId: arg } : await pickOrganization(await session.organizations(), await session.activeOrganizationId());
      if (choice?.kind === 'add') {
        return addOrganization(session, undefined, false);
      }
      if (choice && !(await session.switchTo(choice.organizationId))) {
        void vscode.window.showWarningMessage(vscode.l10n.t('That Close organization is not added in VS Code any more.'));
        return undefined;
      }
      return choice?.organizationId;
    }),
    register(Commands.showLog, () => log.show()),
    register(Commands.refresh, async () => {
      await requireLoadable()?.refresh();
    }),
    register(Commands.retryNow, async () => {
      await requireLoadable()?.retryNow();
    }),
    register(Commands.refreshLead, async (arg) => {
      const controller = requireLoadable();
      const leadId = leadIdOf(arg);
      if (controller && typeof leadId === 'string') {
        await controller.refreshLead(leadId);
      } else if (controller) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Refresh Lead works on a lead row of the Contacts view.'));
      }
    }),
    register(Commands.openContact, async (arg) => {
      const controller = requireController();
      const contactId = controller && contactIdOf(await resolveContact(controller, arg, vscode.l10n.t('Close CRM: Open Contact')));
      if (contactId) {
        panels.open(contactId);
      }
    }),
    ...copyCommands.map(({ id, kind, one, pickTitle }) =>
      register(id, async (arg, selected) => {
        const controller = requireController();
        if (!controller) {
          return;
        }
        const rows = several(arg, selected);
        if (rows) {
          return copyFromRows(shownContacts(controller), rows, kind);
        }
        if (pickTitle === undefined) {
          return one(controller, arg ?? view.treeView.selection[0]);
        }
        const target = arg ?? (await resolveContact(controller, undefined, pickTitle()));
        if (target) {
          await one(controller, target);
        }
      }),
    ),
    register(Commands.exportContacts, async (arg, _selected, target) => {
      const controller = requireController();
      if (!controller) {
        return undefined;
      }
      const leadId = contactIdOf(arg) === undefined ? leadIdOf(arg) : undefined;
      const query = keyArgumentAllowed && typeof arg === 'object' && arg !== null ? (arg as { query?: unknown }).query : undefined;
      const scope: ExportScope =
        typeof query === 'string' ? { kind: 'search', query } : leadId !== undefined ? { kind: 'lead', leadId } : { kind: 'organization' };
      return exportContacts(exportParts(controller), scope, exportTestTarget(target));
    }),
    register(Commands.openLeadInClose, async (arg) => {
      const leadId = leadIdOf(arg);
      if (typeof leadId === 'string') {
        await vscode.env.openExternal(vscode.Uri.parse(`${CLOSE_APP_URL}/lead/${encodeURIComponent(leadId)}/`));
      }
    }),
    register(Commands.filter, async (arg) => {
      // A text argument (from a keybinding or a test) sets the filter without asking.
      if (typeof arg === 'string') {
        view.setFilter(arg);
        return;
      }
      await askForFilter(view);
    }),
    register(Commands.clearFilter, () => view.setFilter('')),
    register(Commands.searchContacts, async () => {
      const controller = requireController();
      if (!controller) {
        return;
      }
      const action = await pickContact(controller, { title: vscode.l10n.t('Close CRM: Search Contacts'), withButtons: true });
      switch (action?.kind) {
        case 'open':
          panels.open(action.contactId);
          break;
        case 'copyEmail':
          await copyFromContact(controller, action.contactId, 'email');
          break;
        case 'copyPhone':
          await copyFromContact(controller, action.contactId, 'phone');
          break;
        case 'copyNameAndEmail':
          await copyNameAndEmail(controller, action.contactId);
          break;
        case 'export':
          await exportContacts(exportParts(controller), { kind: 'search', query: action.query });
          break;
        case 'reveal':
          await reveal(action.contactId);
          break;
        default:
          break;
      }
    }),
  ];
}
