#!/usr/bin/env bash
# Neovim (headless) as a third-party LSP client: diagnostics, quick fix, save,
# then the file on disk is checked by an independent TypeScript-based oracle.
# Needs: nvim, node, a built server/out/server.js. Exit 0 = pass.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
server="${PPG_SERVER_OVERRIDE:-$repo/server/out/server.js}"
example="$repo/examples/express-shop"
artifacts="$here/../artifacts/nvim"
oracle="$here/../shared/pg-creations.mjs"

[ -f "$server" ] || { echo "nvim: missing $server (run node scripts/build.mjs)" >&2; exit 1; }
[ -d "$example" ] || { echo "nvim: missing $example" >&2; exit 1; }
command -v nvim >/dev/null || { echo "nvim: neovim is not installed" >&2; exit 1; }

work="$(mktemp -d -t ppg-nvim-XXXXXX)"
trap 'rm -rf "$work"' EXIT
project="$work/express-shop"
mkdir -p "$project"
(cd "$example" && tar --exclude=node_modules -cf - .) | (cd "$project" && tar -xf -)

located="$(node "$oracle" locate "$project")"
file="$(node -p 'JSON.parse(process.argv[1]).file' "$located")"
line="$(node -p 'JSON.parse(process.argv[1]).line' "$located")"
original="$work/original.txt"
cp "$file" "$original"
echo "nvim: expecting shared-client at ${file#"$project"/}:$((line + 1))"

result="$work/result.json"
status=0
(
  cd "$project"
  export PPG_SERVER="$server" PPG_ROOT="$project" PPG_LINE="$line" PPG_RESULT="$result"
  # Private XDG dirs: no user config, and lsp.log lands where we can keep it.
  export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
  timeout 120 nvim --headless -u NONE -i NONE --cmd 'set noswapfile' \
    -c "luafile $here/test.lua" "$file" </dev/null
) || status=$?

mode=""
if [ -f "$result" ]; then
  mode="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).mode || ""' "$result")"
fi
if [ "$status" -eq 0 ] && [ -n "$mode" ] && node "$oracle" verify "$file" "$mode" "$line" "$original" \
  && node "$oracle" changed "$example" "$project"; then
  echo "nvim: PASS ($mode fix applied and saved, diagnostic cleared)"
  exit 0
fi

echo "nvim: FAIL (nvim exit $status, mode '${mode}')" >&2
mkdir -p "$artifacts"
[ -f "$result" ] && cp "$result" "$artifacts/result.json"
cp "$file" "$artifacts/$(basename "$file").after" 2>/dev/null || true
find "$work" -name 'lsp.log' -exec cp {} "$artifacts/lsp.log" \; 2>/dev/null || true
echo "nvim: artifacts in $artifacts" >&2
exit 1
