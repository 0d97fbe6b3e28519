#!/usr/bin/env bash
# The test suite: lint, type-check, unit tests (plain Node against the fake Close server; they
# run the fault scenarios once and print the fault table), the panel's code in Chromium, a
# small benchmark run, then the integration suites inside a real VS Code (code-server's
# extension host). About 4 minutes once code-server is installed. The user-level flows through
# the UI are `npm run test:e2e` (scripts/test-e2e.sh); CI runs both.
# Installs on first use what it needs (npm packages; as root, Chromium and code-server).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Chromium and code-server first: the browser tier drives the panel in Chromium.
echo "== host: Chromium and code-server"
bash scripts/install-host.sh

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
step() { echo; echo "== $* (at ${SECONDS} s)"; }

step "lint"
npx eslint . --max-warnings 0
step "type-check and compile (extension and tests into out/, webview)"
rm -rf out
npx tsc -p . --outDir out
npx tsc -p src/webview --noEmit
npm run --silent build

step "unit tests"
npx mocha 2>&1 | tee "$logs/unit.txt"

step "the panel's browser code in headless Chromium"
npx mocha --no-config --timeout 60000 --forbid-only --forbid-pending 'out/test/browser/**/*.test.js' 2>&1 | tee "$logs/browser.txt"

step "benchmark (small correctness run; the full one is npm run bench)"
BENCH_SIZES=1000 node --expose-gc out/bench/run.js 2>&1 | tee "$logs/bench.txt"

step "integration suites in a real VS Code (code-server's extension host)"
bash scripts/test-vscode.sh --integration --no-build 2>&1 | tee "$logs/vscode.txt"

# One closing line for the whole run, summed over every mocha run above.
passed=$(cat "$logs"/*.txt | grep -oE '^ *[0-9]+ passing' | awk '{s+=$1} END {print s+0}')
failed=$(cat "$logs"/*.txt | grep -oE '[0-9]+ failing' | awk '{s+=$1} END {print s+0}')
echo
echo "npm test took ${SECONDS} s"
echo "tests: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
