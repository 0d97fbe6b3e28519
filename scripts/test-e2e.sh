#!/usr/bin/env bash
# The user-level end-to-end flows: the packaged .vsix in code-server, driven through its UI in
# Chromium (eleven flows, each in its own code-server and Chromium; about 9 minutes on the
# 2-core machine). Installs on first use what it needs, as npm test does. CI runs it after
# npm test. Extra arguments go to scripts/test-vscode.sh (e.g. --perf).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/test-vscode.sh --e2e "$@"
