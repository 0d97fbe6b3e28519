#!/usr/bin/env bash
# `npm run demo`: Close Contacts on a few thousand fake contacts, no Close account needed.
# Installs what it needs on first use, builds, then starts the fake Close server and a real
# VS Code pointed at it (the desktop `code` if installed, else code-server: open the printed URL).
# Options go to out/test/host/demo.js: --contacts N, --latency MS, --port N, --web (force code-server).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  echo "demo: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
if ! command -v code >/dev/null 2>&1 || [[ " $* " == *" --web "* ]]; then
  bash scripts/install-host.sh
fi
echo "demo: building"
npm run --silent build
npm run --silent compile-tests
if ! command -v code >/dev/null 2>&1 || [[ " $* " == *" --web "* ]]; then
  npm run --silent package >/dev/null
fi
exec node out/test/host/demo.js "$@"
