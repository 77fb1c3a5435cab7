#!/usr/bin/env bash
# Editor end-to-end tests: Neovim (headless, third-party LSP client) and VS Code
# (code-server + headless Chromium with the packaged .vsix).
# Needs: neovim, chromium, ripgrep, libkrb5-dev (see .ci/run), Node 20.
# Last line: "e2e: N passed, N failed".
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
started=$(date +%s)
passed=0
failed=0

finish() {
  echo "e2e: took $(( $(date +%s) - started )) s"
  echo "e2e: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}

echo "=== e2e: build and package the extension ==="
if ! (cd "$repo" && npm run package); then
  echo "e2e: npm run package failed" >&2
  failed=2
  finish
fi

echo "=== e2e: install code-server and playwright-core (test/e2e) ==="
# npm ci wipes node_modules, and code-server's native build takes minutes:
# skip it when the installed tree matches the lock file (never in a fresh clone).
lock_hash="$(sha256sum "$here/package-lock.json" "$here/package.json" | sha256sum | cut -c1-64)"
stamp="$here/node_modules/.pg-pool-guard-lock-hash"
if [ "${E2E_FORCE_INSTALL:-}" != "1" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ] \
  && [ -f "$here/node_modules/code-server/.pg-pool-guard-setup-done" ]; then
  echo "test/e2e/node_modules is up to date"
else
  install_env=(npm_config_yes=true npm_config_unsafe_perm=true npm_config_fund=false npm_config_audit=false)
  # Native modules build against the system Node headers: nothing is downloaded.
  [ -f /usr/include/node/node.h ] && install_env+=(npm_config_nodedir=/usr)
  if ! env "${install_env[@]}" npm ci --prefix "$here" --foreground-scripts --loglevel=warn; then
    echo "e2e: npm ci --prefix test/e2e failed" >&2
    failed=2
    finish
  fi
  echo "$lock_hash" > "$stamp"
fi

echo "=== e2e: Neovim (headless LSP client) ==="
if bash "$here/nvim/run.sh"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

echo "=== e2e: VS Code (code-server + Chromium) ==="
if timeout 600 node "$here/vscode/test.mjs"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

echo "=== e2e: VS Code, Pool rewrite through a tsconfig alias (Next.js app) ==="
if timeout 600 node "$here/vscode/alias.mjs"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

finish
