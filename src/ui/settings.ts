import * as vscode from 'vscode';
import { parseBaseUrl } from '../close/baseUrl';
import type { OrganizationsView } from '../model/organizationsView';
import { DEFAULT_BASE_URL, Settings } from './constants';
import { DEFAULT_TREE_LEAD_ROWS } from './tree/contactsTreeProvider';

/** closeCrm.treeLeadRows' bounds (as in package.json). */
const MIN_TREE_LEAD_ROWS = 10;
const MAX_TREE_LEAD_ROWS = 100_000;

export interface ExtensionSettings {
  /** The validated base URL, or the reason the configured one cannot be used. */
  baseUrl: { ok: true; url: string } | { ok: false; message: string };
  pageSize: number;
  timeoutMs: number;
  cacheContacts: boolean;
  /** A window that starts while the cache is younger than this shows it without reloading (0: always reload). */
  refreshOnStartMs: number;
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  if (!Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, Math.round(value)));
}

export function readSettings(): ExtensionSettings {
  const config = vscode.workspace.getConfiguration(Settings.section);
  const rawUrl = config.get<string>(Settings.apiBaseUrl, DEFAULT_BASE_URL);
  const parsed = parseBaseUrl(typeof rawUrl === 'string' ? rawUrl : '');
  return {
    baseUrl: parsed.ok
      ? parsed
      : { ok: false, message: vscode.l10n.t('The setting closeCrm.apiBaseUrl is not usable: {0}', parsed.message) },
    pageSize: clamp(config.get<number>(Settings.pageSize, 100), 1, 100, 100),
    timeoutMs: clamp(config.get<number>(Settings.requestTimeoutSeconds, 30), 1, 600, 30) * 1000,
    cacheContacts: config.get<boolean>(Settings.cacheContacts, true),
    refreshOnStartMs: clamp(config.get<number>(Settings.refreshOnStartMinutes, 10), 0, 1440, 10) * 60_000,
  };
}

/** closeCrm.treeLeadRows: lead rows per page of the tree. */
export function readTreeLeadRows(): number {
  return clamp(vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.treeLeadRows, DEFAULT_TREE_LEAD_ROWS), MIN_TREE_LEAD_ROWS, MAX_TREE_LEAD_ROWS, DEFAULT_TREE_LEAD_ROWS);
}

/** Calls `listener` with the new page size whenever closeCrm.treeLeadRows changes. */
export function onDidChangeTreeLeadRows(listener: (rows: number) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${Settings.section}.${Settings.treeLeadRows}`)) {
      listener(readTreeLeadRows());
    }
  });
}

/** closeCrm.organizationsView: anything but 'all' is the default, 'one'. */
export function readOrganizationsView(): OrganizationsView {
  return vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.organizationsView, 'one') === 'all' ? 'all' : 'one';
}

export function affectsOrganizationsView(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${Settings.section}.${Settings.organizationsView}`);
}

export function affectsClientSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return [Settings.apiBaseUrl, Settings.pageSize, Settings.requestTimeoutSeconds, Settings.cacheContacts].some((key) =>
    e.affectsConfiguration(`${Settings.section}.${key}`),
  );
}

/** Whether the client and controller built with `a` would be built the same with `b`. */
export function sameClientSettings(a: ExtensionSettings, b: ExtensionSettings): boolean {
  return a.baseUrl.ok && b.baseUrl.ok && a.baseUrl.url === b.baseUrl.url && a.pageSize === b.pageSize && a.timeoutMs === b.timeoutMs && a.cacheContacts === b.cacheContacts;
}

/** What a change of the settings does to the session. */
export interface SettingsListener {
  deleteCache(): Promise<void>;
  reconnect(force: boolean): Promise<void>;
}

/** What a change of `closeCrm.organizationsView` does. */
export interface OrganizationsViewListener {
  setMode(mode: OrganizationsView): Promise<void>;
}

/**
 * Turning the cache off deletes it; a change of what the client is built with reconnects; the
 * organizations view setting shows one organization or all of them.
 */
export function watchSettings(session: SettingsListener, organizations: OrganizationsViewListener): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(async (e) => {
    const cacheSetting = `${Settings.section}.${Settings.cacheContacts}`;
    if (e.affectsConfiguration(cacheSetting) && !vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.cacheContacts, true)) {
      await session.deleteCache();
    }
    if (affectsClientSettings(e)) {
      await session.reconnect(true);
    }
    if (affectsOrganizationsView(e)) {
      await organizations.setMode(readOrganizationsView());
    }
  });
}

/** An error about the base URL setting, with a button that opens it. */
export function showBaseUrlProblem(message: string): void {
  const openSettings = vscode.l10n.t('Open Settings');
  void vscode.window.showErrorMessage(message, openSettings).then((choice) => {
    if (choice === openSettings) {
      void vscode.commands.executeCommand('workbench.action.openSettings', `${Settings.section}.${Settings.apiBaseUrl}`);
    }
  });
}
