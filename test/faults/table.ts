// `npm run test:faults`: runs the fault scenarios (1-10 of issue 5, 11-12 of issue 8) against fresh fake Close
// servers, prints one row each, and exits non-zero when any row is not as expected.
import { formatTable } from './format';
import { failures, runScenario, type ScenarioRow } from './harness';
import { SCENARIOS } from './scenarios';

async function main(): Promise<void> {
  const only = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n));
  const selected = only.length > 0 ? SCENARIOS.filter((s) => only.includes(s.id)) : SCENARIOS;
  const started = Date.now();
  const rows: ScenarioRow[] = [];
  for (const scenario of selected) {
    rows.push(await runScenario(scenario));
  }
  console.log(formatTable(rows));
  const bad = rows.filter((r) => !r.expected);
  for (const row of bad) {
    console.log(`\n${row.scenario}: not as expected\n${failures(row)}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n${rows.length - bad.length} of ${rows.length} fault scenarios as expected (${seconds} s).`);
  process.exitCode = bad.length > 0 ? 1 : 0;
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
