// Prints the README's Neovim snippet for a version ("0.7" or "0.8"), with the
// server path filled in, so the e2e test starts Neovim exactly as a user who
// copied it would.  Usage: node readme-snippet.mjs <0.7|0.8> <server.js>
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [version, server] = process.argv.slice(2);
const FIRST_LINES = { '0.7': '-- Neovim 0.7:', '0.8': '-- Neovim 0.8+:' };
const first = FIRST_LINES[version];
if (!first || !server) {
  console.error('usage: readme-snippet.mjs <0.7|0.8> <server.js>');
  process.exit(2);
}
const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
const blocks = [...readme.matchAll(/^```lua\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const snippet = blocks.find((block) => block.startsWith(first));
if (!snippet) {
  console.error(`README.md has no \`\`\`lua block starting with "${first}"`);
  process.exit(1);
}
const placeholder = '/path/to/pg-pool-guard/server/out/server.js';
if (!snippet.includes(placeholder)) {
  console.error(`the ${version} snippet does not name ${placeholder}`);
  process.exit(1);
}
process.stdout.write(snippet.split(placeholder).join(server));
