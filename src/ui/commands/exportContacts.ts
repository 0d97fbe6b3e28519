import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ContactsController } from '../../model/contactsController';
import { exportFileName, formatOfFileName, rowsOf, rowsOfLead, type ExportFormat, type ExportRow } from '../../model/export/exportRow';
import { renderExport } from '../../model/export/runExport';
import { contactCount } from '../displayFormat';
import type { Log } from '../log';
import { plainText } from '../plainText';
import { pickSettled } from '../quickInputFocus';
import type { ContactsView } from '../tree/contactsView';

/** What Export Contacts… works on. */
export type ExportScope =
  | { kind: 'organization' }
  | { kind: 'lead'; leadId: string | null }
  /** The matches of a search, all of them (not only the ones the picker lists). */
  | { kind: 'search'; query: string };

/**
 * Only in the extension's own tests (a command argument): where to write and in which format,
 * instead of the format picker and the save dialog, and which contacts under a filter.
 */
export interface ExportTestTarget {
  uri: string;
  format: ExportFormat;
  which?: 'filtered' | 'all';
}

/** Below this many contacts an export takes a moment: no progress notification. */
const PROGRESS_MIN_ROWS = 5000;

export interface ExportParts {
  controller: ContactsController;
  view: ContactsView;
  log: Log;
  organizationName: () => Promise<string | undefined>;
}

/** Asks what, in which format and where, then writes the file. Resolves to the contacts written. */
export async function exportContacts(parts: ExportParts, scope: ExportScope, testTarget?: ExportTestTarget): Promise<number | undefined> {
  const chosen = await rowsFor(parts, scope, testTarget?.which);
  if (!chosen) {
    return undefined;
  }
  const { rows, scopeName } = chosen;
  if (rows.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no contacts to export.'));
    return undefined;
  }
  const picked = testTarget?.format ?? (await pickFormat(rows.length));
  if (!picked) {
    return undefined;
  }
  const uri = testTarget ? vscode.Uri.parse(testTarget.uri) : await askWhere(scopeName, picked);
  if (!uri) {
    return undefined;
  }
  // A name typed with the other extension gets that format.
  const format = formatOfFileName(uri.path) ?? picked;
  const bytes = rows.length < PROGRESS_MIN_ROWS ? await renderExport(rows, format) : await renderWithProgress(rows, format);
  if (!bytes) {
    parts.log.info(`Export of ${rows.length} contacts cancelled; nothing written.`);
    return undefined;
  }
  try {
    await vscode.workspace.fs.writeFile(uri, bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    parts.log.error(`Export could not write the file: ${reason}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not write {0}: {1}', plainText(path.posix.basename(uri.path)), plainText(reason)));
    return undefined;
  }
  parts.log.info(`Exported ${rows.length} contacts (${format}, ${bytes.length} bytes).`);
  void announce(uri, rows.length);
  return rows.length;
}

async function rowsFor(parts: ExportParts, scope: ExportScope, which: ExportTestTarget['which']): Promise<{ rows: ExportRow[]; scopeName: string | undefined } | undefined> {
  const { controller, view } = parts;
  const store = controller.model;
  const leadName = (leadId: string): string | undefined => store.leadName(leadId);
  switch (scope.kind) {
    case 'lead':
      return { rows: rowsOfLead(store, scope.leadId, leadName), scopeName: store.leadLabel(scope.leadId) };
    case 'search': {
      const rows = controller.search(scope.query, store.size).map(({ contact }) => ({ contact, leadName: contact.leadId === null ? null : (leadName(contact.leadId) ?? null) }));
      return { rows, scopeName: scope.query.trim() || (await parts.organizationName()) };
    }
    default: {
      const filtered = view.provider.filteredOf(controller);
      const organization = await parts.organizationName();
      if (!filtered) {
        return { rows: rowsOf(store, leadName), scopeName: organization };
      }
      const answer = which ?? (await pickFilteredOrAll(filtered.matched, store.size, filtered.query));
      if (!answer) {
        return undefined;
      }
      return answer === 'filtered' ? { rows: rowsOf(filtered, leadName), scopeName: filtered.query } : { rows: rowsOf(store, leadName), scopeName: organization };
    }
  }
}

async function pickFilteredOrAll(matched: number, total: number, query: string): Promise<'filtered' | 'all' | undefined> {
  const items: (vscode.QuickPickItem & { value: 'filtered' | 'all' })[] = [
    { label: vscode.l10n.t('The filtered contacts'), description: contactCount(matched), detail: plainText(vscode.l10n.t('Filter: {0}', query)), value: 'filtered' },
    { label: vscode.l10n.t('All contacts'), description: contactCount(total), value: 'all' },
  ];
  const picked = await pickSettled(items, { title: vscode.l10n.t('Export Contacts'), placeHolder: vscode.l10n.t('The tree is filtered. Which contacts?') });
  return picked?.value;
}

async function pickFormat(count: number): Promise<ExportFormat | undefined> {
  const items: (vscode.QuickPickItem & { value: ExportFormat })[] = [
    { label: vscode.l10n.t('CSV'), description: vscode.l10n.t('for spreadsheets (.csv)'), value: 'csv' },
    { label: vscode.l10n.t('vCard 4.0'), description: vscode.l10n.t('for address books (.vcf)'), value: 'vcard' },
  ];
  const picked = await pickSettled(items, {
    title: vscode.l10n.t('Export {0}', contactCount(count)),
    placeHolder: vscode.l10n.t('Which format?'),
  });
  return picked?.value;
}

async function askWhere(scopeName: string | undefined, format: ExportFormat): Promise<vscode.Uri | undefined> {
  const fileName = exportFileName(scopeName, format);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const filters = format === 'csv' ? { [vscode.l10n.t('CSV')]: ['csv'] } : { [vscode.l10n.t('vCard')]: ['vcf'] };
  return vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, fileName),
    filters,
    saveLabel: vscode.l10n.t('Export'),
    title: vscode.l10n.t('Export Contacts'),
  });
}

function renderWithProgress(rows: readonly ExportRow[], format: ExportFormat): Thenable<Uint8Array | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting {0}', contactCount(rows.length)), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      try {
        return await renderExport(rows, format, {
          signal: abort.signal,
          onProgress: (done, total) => {
            progress.report({ increment: ((done - reported) / total) * 100 });
            reported = done;
          },
        });
      } finally {
        subscription.dispose();
      }
    },
  );
}

async function announce(uri: vscode.Uri, count: number): Promise<void> {
  const open = vscode.l10n.t('Open');
  const reveal = vscode.l10n.t('Reveal');
  // Revealing in the system's file manager only works for local files of the desktop app.
  const canReveal = uri.scheme === 'file' && vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Exported {0} to {1}.', contactCount(count), plainText(path.posix.basename(uri.path))),
    ...(canReveal ? [open, reveal] : [open]),
  );
  if (choice === open) {
    await vscode.commands.executeCommand('vscode.open', uri);
  } else if (choice === reveal) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  }
}
