#!/usr/bin/env bash
# Installs what the tests and the demo need and that npm alone cannot bring: Debian's
# Chromium and ripgrep (apt), openssl (the HTTPS unit test makes its certificate with it), then
# code-server from npm into a cache folder outside the repo's dependency tree. Idempotent: a
# second run only checks.
set -euo pipefail

CODE_SERVER_VERSION=4.99.4
CACHE_DIR="${CLOSE_HOST_CACHE:-$HOME/.cache/close-contacts-host}"
CS_DIR="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium ripgrep openssl libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

# node-gyp builds code-server's native modules; pointed at this Node's own headers it needs no
# download (the headers ship with Node's official builds and Debian's nodejs-dev).
node_root="$(dirname "$(dirname "$(node -p process.execPath)")")"
if [ -f "$node_root/include/node/node.h" ]; then
  export npm_config_nodedir="$node_root"
fi

if [[ " $* " == *" --plan "* ]]; then
  echo "install-host: apt ${APT_PACKAGES[*]}; code-server $CODE_SERVER_VERSION into $CS_DIR; node-gyp headers from ${npm_config_nodedir:-the npm default (may download)}"
  exit 0
fi

need_apt=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-host: missing system packages: ${need_apt[*]}" >&2
    echo "install-host: run as root, or: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "install-host: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds it:
# seed the cache with Debian's rg.
rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rg_cache"
tmp="$(mktemp -d)"
cp "$(command -v rg)" "$tmp/rg"
tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp" rg
rm -rf "$tmp"

echo "install-host: installing code-server $CODE_SERVER_VERSION into $CS_DIR, native modules built against ${npm_config_nodedir:-the npm default headers} (about 2 minutes)"
mkdir -p "$CS_DIR.partial"
npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error --prefix "$CS_DIR.partial" "code-server@$CODE_SERVER_VERSION" >/dev/null
rm -rf "$CS_DIR"
mv "$CS_DIR.partial" "$CS_DIR"
echo "install-host: code-server ready"
