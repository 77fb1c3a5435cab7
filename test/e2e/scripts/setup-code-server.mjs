// postinstall of the e2e package: finishes installing code-server offline.
//
// code-server's own postinstall runs `npm install` inside lib/vscode, whose
// native modules (node-pty, spdlog, …) npm 11 refuses to build unless that
// package.json approves them in `allowScripts`; and @vscode/ripgrep's
// postinstall downloads rg from GitHub, which is unreachable here. So we
// approve the Linux native modules, seed ripgrep's download cache with the
// system `rg`, and then run code-server's postinstall.sh ourselves.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const e2eDir = dirname(dirname(fileURLToPath(import.meta.url)));
const codeServerDir = join(e2eDir, 'node_modules', 'code-server');
const vscodeDir = join(codeServerDir, 'lib', 'vscode');

/** Native/downloading modules of VS Code's server that matter on Linux. */
const LINUX_SCRIPTS = ['@parcel/watcher', '@vscode/deviceid', '@vscode/ripgrep', '@vscode/spdlog', 'kerberos', 'native-watchdog', 'node-pty'];
/** Windows-only modules whose node-gyp builds would fail here. */
const WINDOWS_ONLY = ['@vscode/windows-process-tree', '@vscode/windows-registry'];

function fail(message) {
  console.error(`setup-code-server: ${message}`);
  process.exit(1);
}

function which(command) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : '';
}

/** @vscode/ripgrep looks in $TMPDIR/vscode-ripgrep-cache-<version>/ before downloading. */
function seedRipgrepCache() {
  const pkgFile = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'package.json');
  const version = existsSync(pkgFile) ? JSON.parse(readFileSync(pkgFile, 'utf8')).version : '1.15.11';
  const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${version}`);
  const tarball = join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(tarball)) return;
  const rg = which('rg');
  if (!rg) fail('ripgrep (`rg`) is not installed; apt-get install ripgrep');
  const staging = mkdtempSync(join(tmpdir(), 'rg-seed-'));
  copyFileSync(rg, join(staging, 'rg'));
  mkdirSync(cacheDir, { recursive: true });
  execFileSync('tar', ['-C', staging, '-czf', tarball, 'rg']);
  rmSync(staging, { recursive: true, force: true });
}

function approveScripts(packageJsonFile) {
  const pkg = JSON.parse(readFileSync(packageJsonFile, 'utf8'));
  pkg.allowScripts = { ...(pkg.allowScripts ?? {}) };
  for (const name of LINUX_SCRIPTS) pkg.allowScripts[name] = true;
  for (const name of WINDOWS_ONLY) pkg.allowScripts[name] = false;
  writeFileSync(packageJsonFile, JSON.stringify(pkg, null, 2) + '\n');
}

if (!existsSync(vscodeDir)) fail(`${vscodeDir} is missing; is code-server installed?`);
const marker = join(codeServerDir, '.pg-pool-guard-setup-done');
if (existsSync(marker)) {
  console.log('setup-code-server: already done');
  process.exit(0);
}

seedRipgrepCache();
approveScripts(join(vscodeDir, 'package.json'));
approveScripts(join(vscodeDir, 'extensions', 'package.json'));

const env = { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' };
delete env.npm_config_allow_scripts;
env.npm_config_user_agent ??= `npm/unknown node/${process.version} linux x64`;
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

const run = spawnSync('sh', ['./postinstall.sh'], { cwd: codeServerDir, env, stdio: 'inherit' });
if (run.status !== 0) fail(`code-server postinstall.sh exited with ${run.status}`);

const mustExist = [
  join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
  join(vscodeDir, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
  join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
];
for (const file of mustExist) if (!existsSync(file)) fail(`expected ${file} after the install`);
writeFileSync(marker, new Date().toISOString() + '\n');
console.log('setup-code-server: done');
