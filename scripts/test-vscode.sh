#!/usr/bin/env bash
# Tests in a real VS Code: the integration suites inside code-server's extension host, and the
# user-level end-to-end flows in Chromium against the packaged .vsix. See ../shared/vscode-host.md.
#   --integration   the integration suites only (npm test runs these)
#   --e2e           the end-to-end flows only (npm run test:e2e)
#   --no-build      the caller has just built dist/, out/ and the .vsix
#   --perf          also a 50,000-contact load in the real VS Code (or CLOSE_VSCODE_PERF=1;
#                   about a minute more; figures in test-results/perf-vscode-50000.json)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }
has() { [[ " $ARGS " == *" $1 "* ]]; }
ARGS="$*"
integration=1 e2e=1
if has --integration && ! has --e2e; then e2e=0; fi
if has --e2e && ! has --integration; then integration=0; fi

step "host: code-server 4.99.4 and Chromium"
bash scripts/install-host.sh
if ! has --no-build; then
  step "build, compile tests, package"
  npm run --silent build
  npm run --silent compile-tests
  npm run --silent package >/dev/null
  ls -l close-contacts.vsix
fi

run_timed() {
  local name="$1"; shift
  local start=$SECONDS rc=0
  step "$name"
  "$@" || rc=$?
  printf '%s\t%s\t%ss\n' "$name" "$([ "$rc" -eq 0 ] && echo PASS || echo "FAIL (exit $rc)")" "$((SECONDS - start))" >>"$summary"
  return 0
}

summary="$(mktemp)"
trap 'rm -f "$summary"' EXIT
if [ "$integration" -eq 1 ]; then
  run_timed "integration (extension host)" node out/test/host/runIntegration.js
fi
if [ "$e2e" -eq 1 ]; then
  run_timed "end-to-end (UI, packaged .vsix)" node out/test/e2e/userFlow.js
  run_timed "windows: reload, search buttons, shared key" node out/test/e2e/windowFlows.js
  run_timed "windows: three windows share one load" node out/test/e2e/sharedLoad.js
  run_timed "Restricted Mode (untrusted folder)" node out/test/e2e/restrictedMode.js
  run_timed "accessibility: screen reader labels, keyboard copy, themes" node out/test/e2e/accessibility.js
  run_timed "localization: every string under a pseudo-locale" node out/test/e2e/pseudoLocale.js
  run_timed "export: CSV and vCard via the save dialog, multi-select copy" node out/test/e2e/exportFlow.js
  run_timed "exports: no path to the key from outside" node out/test/e2e/exportsProbe.js
  run_timed "privacy mode and hovers" node out/test/e2e/privacyMode.js
  run_timed "several organizations: add, switch, Accounts menu" node out/test/e2e/organizationsFlow.js
  run_timed "rows stream in (10,000 contacts)" node out/test/e2e/perf50k.js --contacts 10000 --check-streaming
fi
if has --perf || [[ "${CLOSE_VSCODE_PERF:-}" == 1 ]]; then
  run_timed "50,000 contacts in VS Code (perf)" node out/test/e2e/perf50k.js
fi

step "summary"
while IFS=$'\t' read -r name outcome took; do printf '  %-46s %-16s %s\n' "$name" "$outcome" "$took"; done <"$summary"
if grep -q FAIL "$summary"; then
  echo "test-vscode: FAILED (screenshots and logs: test-results/)"
  exit 1
fi
echo "test-vscode: all passed (screenshots: test-results/screenshots/)"
