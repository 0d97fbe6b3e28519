// The fault table's layout: one row per scenario, shared by `npm run test:faults` (table.ts)
// and the unit tier's fault tests, which print it once at the end of their run.
import type { ScenarioRow } from './harness';

const HEADERS = ['scenario', 'outcome', 'lost', 'duplicates', 'unhandled', 'as expected'] as const;
const OUTCOME_WIDTH = 100;

function cells(row: ScenarioRow): string[] {
  const outcome = row.outcome.length > OUTCOME_WIDTH ? `${row.outcome.slice(0, OUTCOME_WIDTH - 1)}…` : row.outcome;
  return [row.scenario, outcome, String(row.lost), String(row.duplicates), String(row.unhandled), row.expected ? 'yes' : 'NO'];
}

export function formatTable(rows: readonly ScenarioRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const numeric = new Set([2, 3, 4]);
  const line = (values: readonly string[]): string =>
    values.map((v, i) => (numeric.has(i) ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(HEADERS), rule, ...body.map(line)].join('\n');
}
