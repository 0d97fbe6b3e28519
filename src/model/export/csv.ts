// CSV export: RFC 4180 (CRLF rows, fields quoted when they hold a quote, comma or line break),
// UTF-8 with a BOM so that spreadsheets read it as UTF-8. No `vscode` import.
//
// Several emails or phones of a contact share one cell, separated by "; " (a semicolon and a
// space): it reads well in a spreadsheet, and neither addresses nor phone numbers contain it.
import type { ExportRow } from './exportRow';

export const CSV_BOM = '\uFEFF';
export const CSV_COLUMNS: readonly string[] = ['name', 'title', 'lead', 'emails', 'phones', 'contact id', 'lead id'];
export const CSV_LIST_SEPARATOR = '; ';

const NEEDS_QUOTES = /[",\r\n]/;
// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-safe (a leading `'`), then quoted when needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRecord(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvHeader(): string {
  return `${CSV_BOM}${csvRecord(CSV_COLUMNS)}`;
}

export function csvRow({ contact: c, leadName }: ExportRow): string {
  return csvRecord([
    c.displayName ?? c.name ?? '',
    c.title ?? '',
    leadName ?? '',
    c.emails.map((e) => e.email).join(CSV_LIST_SEPARATOR),
    c.phones.map((p) => p.phone_formatted ?? p.phone).join(CSV_LIST_SEPARATOR),
    c.id,
    c.leadId ?? '',
  ]);
}
