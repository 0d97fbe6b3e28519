// Turns rows into a file's bytes a chunk at a time, giving the event loop back between chunks
// so that 100,000 contacts never hold the extension host for long, and stopping when aborted.
// No `vscode` import.
import { nextTurn } from '../nextTurn';
import { csvHeader, csvRow } from './csv';
import type { ExportFormat, ExportRow } from './exportRow';
import { vcard } from './vcard';

/** Rows turned into text between two yields. */
export const EXPORT_CHUNK_ROWS = 500;

export interface ExportOptions {
  signal?: AbortSignal;
  /** Rows per chunk (tests use small ones). */
  chunkRows?: number;
  /** After each chunk: rows written so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
}

/** The text of a file, chunk by chunk. */
export function* exportChunks(rows: readonly ExportRow[], format: ExportFormat, chunkRows = EXPORT_CHUNK_ROWS): Generator<{ text: string; done: number }> {
  const writeRow = format === 'csv' ? csvRow : vcard;
  let text = format === 'csv' ? csvHeader() : '';
  for (let start = 0; start < rows.length || text; start += chunkRows) {
    const end = Math.min(rows.length, start + chunkRows);
    for (let i = start; i < end; i++) {
      text += writeRow(rows[i]);
    }
    yield { text, done: end };
    text = '';
  }
}

/** The file's UTF-8 bytes, or undefined when `signal` aborted first (nothing is to be written then). */
export async function renderExport(rows: readonly ExportRow[], format: ExportFormat, options: ExportOptions = {}): Promise<Uint8Array | undefined> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const { text, done } of exportChunks(rows, format, options.chunkRows)) {
    if (options.signal?.aborted) {
      return undefined;
    }
    const bytes = encoder.encode(text);
    parts.push(bytes);
    size += bytes.length;
    options.onProgress?.(done, rows.length);
    await nextTurn();
  }
  if (options.signal?.aborted) {
    return undefined;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
