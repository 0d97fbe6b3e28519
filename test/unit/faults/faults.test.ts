// Each fault scenario of issue 5 (items 1-10) as its own test: a scenario fails on its own
// when the safeguard it exercises is removed. The rows print as the fault table once the
// scenarios have run, so `npm test` runs them once; `npm run test:faults` prints the table alone.
import * as assert from 'node:assert/strict';
import { formatTable } from '../../faults/format';
import { failures, runScenario, type ScenarioRow } from '../../faults/harness';
import { SCENARIOS } from '../../faults/scenarios';

describe('fault scenarios (issue 5, items 1-10; issue 8)', function () {
  this.timeout(40_000);
  const rows: ScenarioRow[] = [];

  after(() => {
    if (rows.length > 0) {
      console.log(`\n${formatTable(rows)}\n`);
    }
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.id}. ${scenario.name}`, async () => {
      const row = await runScenario(scenario);
      rows.push(row);
      assert.ok(row.expected, `${row.scenario}: ${row.outcome}\n${failures(row)}`);
    });
  }
});
