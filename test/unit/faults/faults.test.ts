// Each fault scenario of issue 5 (items 1-10) as its own test: a scenario fails on its own
// when the safeguard it exercises is removed. The same scenarios print as a table with
// `npm run test:faults`.
import * as assert from 'node:assert/strict';
import { failures, runScenario } from '../../faults/harness';
import { SCENARIOS } from '../../faults/scenarios';

describe('fault scenarios (issue 5, items 1-10; issue 8)', function () {
  this.timeout(40_000);

  for (const scenario of SCENARIOS) {
    it(`${scenario.id}. ${scenario.name}`, async () => {
      const row = await runScenario(scenario);
      assert.ok(row.expected, `${row.scenario}: ${row.outcome}\n${failures(row)}`);
    });
  }
});
