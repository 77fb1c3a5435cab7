#!/usr/bin/env bash
# Neovim (headless) as a third-party LSP client, configured with the README's
# snippet for its version: the snippet starts the client, then test.lua checks
# code actions before the first diagnostic, Show documentation, the quick fix
# and save; the file on disk is checked by an independent TypeScript-based oracle.
# The other version's snippet is run too when this Neovim can, else compiled.
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

# 0.7 → the 0.7 snippet; 0.8 and later → the 0.8+ snippet.
nvim_version="$(nvim --version | head -n 1 | sed -E 's/^NVIM v([0-9]+)\.([0-9]+).*/\1.\2/')"
if [ "$(printf '%s\n' "$nvim_version" 0.8 | sort -V | head -n 1)" = "0.8" ]; then snippet=0.8; other=0.7; else snippet=0.7; other=0.8; fi
init="$work/init.lua"
node "$here/readme-snippet.mjs" "$snippet" "$server" > "$init"
echo "nvim: Neovim $nvim_version, started with the README's $snippet snippet"
# The other snippet needs APIs this Neovim may not have (0.8+ needs vim.fs): it must at least compile.
node "$here/readme-snippet.mjs" "$other" "$server" > "$work/other.lua"
nvim --headless -u NONE -i NONE -c "lua assert(loadfile('$work/other.lua'))" -c 'qall!' </dev/null
echo "nvim: the README's $other snippet compiles (this Neovim runs only the $snippet one)"

result="$work/result.json"
status=0
(
  cd "$project"
  export PPG_LINE="$line" PPG_RESULT="$result"
  # Private XDG dirs: no user config, and lsp.log lands where we can keep it.
  export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
  timeout 300 nvim --headless -u "$init" -i NONE --cmd 'set noswapfile' \
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
