import * as vscode from 'vscode';
import type { ContactsController } from '../../model/contactsController';
import { CLOSE_APP_URL, Commands } from '../constants';
import type { Log } from '../log';
import type { ContactPanels } from '../panel/contactPanels';
import type { CloseSession } from '../session';
import { showBaseUrlProblem } from '../settings';
import type { ContactsView } from '../tree/contactsView';
import type { CopySource, CopyValueKind } from '../../model/copyTargets';
import type { OrganizationControllers } from '../organizations/organizationControllers';
import { contactIdOf, leadIdOf, organizationIdOf, selectedRows } from './args';
import { addOrganization, setApiKey, signOut } from './apiKeyCommands';
import { pickOrganization } from '../organizations/organizationPicker';
import { copyFromContact, copyFromRowsOf, copyLeadEmails, copyNameAndEmail } from './copyCommands';
import { exportContacts, type ExportParts, type ExportScope, type ExportTestTarget } from './exportContacts';
import { askForFilter } from './filterContacts';
import { pickContact } from './searchContacts';

interface Parts {
  session: CloseSession;
  view: ContactsView;
  panels: ContactPanels;
  /** The other organizations' controllers in the all-organizations tree. */
  organizations: OrganizationControllers;
  log: Log;
  /** True only in the extension's own tests: `closeCrm.setApiKey` then takes the key as an argument. */
  keyArgumentAllowed: boolean;
}

export function registerCommands(parts: Parts): vscode.Disposable[] {
  const { session, view, panels, organizations, log, keyArgumentAllowed } = parts;

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
   * The controller of the organization a row belongs to (the all-organizations tree), else the
   * active one's, or a prompt to sign in when there is none.
   */
  const controllerFor = (arg: unknown): ContactsController | undefined => {
    const organizationId = organizationIdOf(arg);
    if (organizationId === undefined || organizationId === session.controller?.organizationId) {
      return requireController();
    }
    const controller = organizations.controllerOf(organizationId);
    if (!controller) {
      void vscode.window.showWarningMessage(vscode.l10n.t('That Close organization is not shown any more.'));
    }
    return controller;
  };

  /**
   * The controller, when loading is possible. With an unusable base URL setting what is
   * loaded stays on screen, but nothing is sent until the setting is fixed.
   */
  const requireLoadable = (arg?: unknown): ContactsController | undefined => {
    const problem = session.problem;
    if (problem && session.controller) {
      showBaseUrlProblem(`${problem} ${vscode.l10n.t('Contacts are not reloaded until it is fixed.')}`);
      return undefined;
    }
    return controllerFor(arg);
  };

  /**
   * What a command works on, with its organization's controller: the argument when it names a
   * contact (or `orElse` does), else the selected contact (or email or phone) row, else a
   * contact of the active organization picked with search.
   */
  const resolveContact = async (arg: unknown, title: string, orElse = false): Promise<{ controller: ContactsController; target: unknown } | undefined> => {
    const selected = view.treeView.selection[0];
    let target: unknown;
    if (contactIdOf(arg) || (orElse && arg !== undefined)) {
      target = arg;
    } else if (contactIdOf(selected)) {
      target = selected;
    }
    if (target !== undefined) {
      const controller = controllerFor(target);
      return controller && { controller, target };
    }
    const controller = requireController();
    const picked = controller && (await pickContact(controller, { title, withButtons: false }));
    return controller && picked && 'contactId' in picked ? { controller, target: picked.contactId } : undefined;
  };

  /** What the tree shows of an organization (its filter's view when on), for copies over several selected rows. */
  const shownContacts = (controller: ContactsController): CopySource => {
    const shown = view.provider.filteredOf(controller) ?? controller.model;
    return { groups: () => shown.groups(), contactsOf: (leadId) => shown.contactsOf(leadId), get: (id) => controller.model.get(id) };
  };

  /** Selected rows with the contacts of their organizations (several in the all-organizations tree), in the order first selected. */
  const copyRows = async (rows: readonly unknown[], kind: CopyValueKind): Promise<void> => {
    const byOrganization = new Map<string | undefined, unknown[]>();
    for (const row of rows) {
      const organizationId = organizationIdOf(row);
      const ofOrganization = byOrganization.get(organizationId) ?? [];
      ofOrganization.push(row);
      byOrganization.set(organizationId, ofOrganization);
    }
    const parts: { source: CopySource; rows: unknown[] }[] = [];
    for (const [organizationId, ofOrganization] of byOrganization) {
      const controller = controllerFor(organizationId === undefined ? undefined : { organizationId });
      if (!controller) {
        return;
      }
      parts.push({ source: shownContacts(controller), rows: ofOrganization });
    }
    await copyFromRowsOf(parts, kind);
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
      if (controller !== session.controller) {
        return (await session.organizations()).find((o) => o.id === controller.organizationId)?.name;
      }
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

  const reveal = (contactId: string): Promise<void> => view.reveal(contactId);

  /**
   * The copy commands: several selected rows copy `kind` of each; one row (or the selected one)
   * goes to `one`. With a `pickTitle`, a command without a row asks for a contact first.
   */
  const copyCommands: { id: string; kind: CopyValueKind; one: (controller: ContactsController, arg: unknown) => Promise<void>; pickTitle?: () => string }[] = [
    { id: Commands.copyEmail, kind: 'email', one: (c, arg) => copyFromContact(c, arg, 'email'), pickTitle: () => vscode.l10n.t('Close CRM: Copy Email') },
    { id: Commands.copyPhone, kind: 'phone', one: (c, arg) => copyFromContact(c, arg, 'phone'), pickTitle: () => vscode.l10n.t('Close CRM: Copy Phone') },
    { id: Commands.copyNameAndEmail, kind: 'nameAndEmail', one: copyNameAndEmail, pickTitle: () => vscode.l10n.t('Close CRM: Copy as Name <email>') },
    { id: Commands.copyAllEmails, kind: 'email', one: copyLeadEmails },
    { id: Commands.copyAllPhones, kind: 'phone', one: (_controller, arg) => copyRows([arg], 'phone') },
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
      const named = typeof arg === 'string' ? arg : organizationIdOf(arg);
      const choice = named !== undefined ? { kind: 'switch' as const, organizationId: named } : await pickOrganization(await session.organizations(), await session.activeOrganizationId());
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
      const controller = requireLoadable(arg);
      const leadId = leadIdOf(arg);
      if (controller && typeof leadId === 'string') {
        await controller.refreshLead(leadId);
      } else if (controller) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Refresh Lead works on a lead row of the Contacts view.'));
      }
    }),
    register(Commands.openContact, async (arg) => {
      const resolved = await resolveContact(arg, vscode.l10n.t('Close CRM: Open Contact'));
      const contactId = resolved && contactIdOf(resolved.target);
      if (resolved && contactId) {
        panels.open(contactId, organizationIdOf(resolved.target));
      }
    }),
    ...copyCommands.map(({ id, kind, one, pickTitle }) =>
      register(id, async (arg, selected) => {
        const rows = several(arg, selected);
        if (rows) {
          return copyRows(rows, kind);
        }
        if (pickTitle === undefined) {
          const target = arg ?? view.treeView.selection[0];
          const controller = controllerFor(target);
          return controller && one(controller, target);
        }
        // A row, an id or a search result names the contact; else the selected row, else a pick.
        const resolved = await resolveContact(arg, pickTitle(), true);
        if (resolved) {
          await one(resolved.controller, resolved.target);
        }
      }),
    ),
    register(Commands.exportContacts, async (arg, _selected, target) => {
      const controller = controllerFor(arg);
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
    register(Commands.showMoreLeads, (organizationId) => view.showMore(typeof organizationId === 'string' ? organizationId : undefined)),
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
