// VS Code (code-server in headless Chromium) with the packaged pg-pool-guard.vsix:
// Ctrl+. right after opening the file (before the first analysis is shown)
// lists the fixes, diagnostic squiggle + Problems entry, lightbulb, quick-fix
// menu, apply the fix, undo it with one Ctrl+Z (every file it touched) and
// redo it, save, check the file on disk and that the problem is gone; then
// Restart Server, and the output channel has no Error line and no internal ids.
// Screenshots go to docs/images/; failures leave artifacts in test/e2e/artifacts/vscode/.
import { readFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { changedFiles, locate, verify } from '../shared/pg-creations.mjs';
import { prepareHome, codeServerInstalled } from './code-server.mjs';
import { withWorkbench } from './session.mjs';
import { pollUntil } from './poll.mjs';
import { outputChannelLog } from './logs.mjs';
import { LIGHTBULB, ACTION_WIDGET, quickOpen, goToLine, squigglesOnLine, problemsRows, quickFixItems, selectQuickFix, runCommand, activeEditorText, unsavedCount, confirmAcrossFiles, activityLabels } from './workbench.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../../..');
// PPG_VSIX: try the harness with another build of the extension.
const vsix = process.env.PPG_VSIX ?? join(repo, 'pg-pool-guard.vsix');
const example = join(repo, 'examples', 'express-shop');
const images = join(repo, 'docs', 'images');
const artifacts = join(repo, 'test', 'e2e', 'artifacts', 'vscode');
const RULE = 'shared-client';
const DISABLE_TITLE = 'Disable shared-client for this line';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function step(message) {
  console.log(`[vscode] ${new Date().toISOString().slice(11, 23)} ${message}`);
}

function isRewrite(title) {
  return /^(Rewrite|Replace)\b/.test(title);
}

async function main() {
  for (const [what, path] of [['vsix', vsix], ['example', example], ['chromium', CHROMIUM]]) {
    if (!existsSync(path)) throw new Error(`missing ${what}: ${path}`);
  }
  if (!codeServerInstalled()) throw new Error('code-server is not installed (npm ci --prefix test/e2e)');

  const work = mkdtempSync(join(tmpdir(), 'ppg-vscode-'));
  const project = join(work, 'express-shop');
  cpSync(example, project, { recursive: true, filter: (src) => !src.split('/').includes('node_modules') });
  writeFillerModules(project);
  // What every file must equal unless the fix changed it: the example plus the filler.
  const baseline = join(work, 'baseline');
  cpSync(project, baseline, { recursive: true });
  const target = locate(project);
  if (!target) throw new Error('no pg Client creation in the example');
  const originalText = readFileSync(target.file, 'utf8');
  const relPath = relative(project, target.file);
  const line = target.line + 1;
  const column = target.character + 1;
  step(`expecting ${RULE} at ${relPath}:${line}:${column}`);

  const home = prepareHome(join(work, 'home'));
  try {
    return await withWorkbench({ home, vsix, chromiumPath: CHROMIUM, folder: project, artifacts, tag: 'vscode', step }, async (page) => {
      await quickOpen(page, relPath);
      step(`opened ${relPath}`);
      await quickFixBeforeFirstAnalysis(page, { line, column, lineText: target.lineText }, home);

      const squiggles = await pollUntil(async () => {
        const found = await squigglesOnLine(page, target.lineText);
        return found.length > 0 ? found : undefined;
      }, { timeout: 60_000, interval: 300, what: `a squiggle on line ${line}` });
      step(`squiggle on line ${line}: ${squiggles.join(' | ')}`);

      const rows = await pollUntil(async () => {
        const all = await problemsRows(page);
        const index = all.findIndex((row) => row.text.includes(`${RULE}[Ln ${line}, Col ${column}]`));
        return index >= 0 ? { all, index } : undefined;
      }, { timeout: 30_000, interval: 300, what: `the ${RULE} entry at [Ln ${line}, Col ${column}] in Problems` });
      const entry = rows.all[rows.index];
      step(`Problems: ${entry.text}`);
      if (!/Client/.test(entry.text)) throw new Error(`the Problems message does not mention the Client: ${entry.text}`);
      // Related information (the concurrent handlers that share the client) is
      // rendered as child rows under the marker: "orders.js[Ln 12, Col 5]: GET /orders".
      const related = [];
      for (const row of rows.all.slice(rows.index + 1)) {
        if (!/^[^[]*\[Ln \d+, Col \d+\]:/.test(row.text)) break;
        related.push(row);
      }
      if (related.length === 0) throw new Error(`no related handlers under the Problems entry; rows: ${JSON.stringify(rows.all.map((r) => r.text))}`);
      for (const row of related) step(`  related: ${row.text}`);
      mkdirSync(images, { recursive: true });
      await page.screenshot({ path: join(images, 'diagnostic.png') });

      // Focus the editor again and put the cursor on `new Client`.
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await goToLine(page, line, column);
      await page.waitForSelector(LIGHTBULB, { state: 'visible', timeout: 30_000 });
      step('lightbulb shown');

      const items = await pollUntil(async () => {
        if (!(await page.locator(ACTION_WIDGET).isVisible().catch(() => false))) await page.keyboard.press('Control+.');
        const found = await quickFixItems(page).catch(() => []);
        return found.some((item) => item.title === DISABLE_TITLE) ? found : undefined;
      }, { timeout: 30_000, interval: 500, what: `the quick-fix menu with "${DISABLE_TITLE}"` });
      step(`quick fixes: ${items.map((item) => item.title + (item.disabled ? ' (disabled)' : '')).join(' | ')}`);
      await page.screenshot({ path: join(images, 'quickfix.png') });

      const chosen = items.find((item) => isRewrite(item.title) && !item.disabled)?.title ?? DISABLE_TITLE;
      const mode = isRewrite(chosen) ? 'rewrite' : 'disable';
      step(`applying: ${chosen}`);
      await selectQuickFix(page, chosen, items.length);
      await pollUntil(async () => !(await page.locator(ACTION_WIDGET).isVisible().catch(() => false)), { timeout: 10_000, what: 'the quick-fix menu to close' });

      if (mode === 'rewrite') await undoAndRedo(page, { chosen, relPath, originalText, project, baseline });

      // A rewrite may touch other files too: save the active one, then all.
      await page.keyboard.press('Control+S');
      await runCommand(page, 'File: Save All');
      await pollUntil(() => verify(target.file, mode, target.line, originalText) === '', { timeout: 30_000, interval: 300, what: `${relPath} on disk to show the ${mode} fix` });
      step(`${relPath} on disk shows the ${mode} fix`);
      await pollUntil(async () => (await page.locator('.tabs-container .tab.dirty').count()) === 0, { timeout: 15_000, what: 'all editors saved' });
      const changed = changedFiles(baseline, project);
      for (const entry of changed) step(`  changed: ${entry.file}${entry.syntaxErrors.length ? ` SYNTAX ERRORS: ${entry.syntaxErrors.join('; ')}` : ''}`);
      if (changed.some((entry) => entry.syntaxErrors.length > 0)) throw new Error('the fix left syntax errors');

      await pollUntil(async () => {
        const all = await problemsRows(page);
        return !all.some((row) => row.text.includes(`${RULE}[Ln `));
      }, { timeout: 30_000, interval: 300, what: `the ${RULE} problem to disappear` });
      step('problem gone from the Problems panel');
      if (mode === 'rewrite') {
        // The Pool the rewrite made is the one the tool recommends: it has its connectionTimeoutMillis already.
        const rows = await problemsRows(page);
        if (rows.some((row) => row.text.includes('pool-connect-timeout'))) throw new Error(`the rewritten Pool has a pool-connect-timeout problem: ${JSON.stringify(rows.map((r) => r.text))}`);
        step('no pool-connect-timeout problem on the new Pool');
      }

      await restartWithoutErrors(page, home);
      return { mode, chosen };
    });
  } finally {
    if (process.env.PPG_KEEP_WORK) step(`kept ${work}`); else rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The first Ctrl+. in a freshly opened folder used to answer "No code actions
 * available": the server answered an empty list until it had analysed. Now it
 * waits for its first scan (1,500 filler modules make that take seconds), up
 * to its codeActionWaitMs bound (10 s), after which an empty answer is correct.
 * Pressed as soon as VS Code asks pg-pool-guard for code actions, the menu must
 * list the fixes. VS Code itself drops a pending Ctrl+. when another
 * extension's providers change (it cancels the request, as the protocol trace
 * shows); then the test presses again, as a user would, but the server must
 * never have answered a code action request with nothing before its scan.
 */
async function quickFixBeforeFirstAnalysis(page, { line, column, lineText }, home) {
  // Until the language client has started the server no extension can answer (VS Code asks only the
  // providers registered at that moment): wait for the server's first line (logged on `initialized`,
  // once the client has registered its providers), then for VS Code to ask it (the trace shows it).
  await pollUntil(() => /pg-pool-guard [\d.]+ started: scanning/.test(outputChannelLog(home)), { timeout: 120_000, interval: 50, what: 'the server to start' });
  await goToLine(page, line, column);
  await pollUntil(() => /Sending request 'textDocument\/codeAction/.test(outputChannelLog(home)), { timeout: 60_000, interval: 50, what: 'VS Code to ask pg-pool-guard for code actions' });
  const squiggles = (await squigglesOnLine(page, lineText)).length;
  const scannedAtPress = /Scanned \d+ folder/.test(outputChannelLog(home)) ? 'after' : 'before';
  let presses = 1;
  await page.keyboard.press('Control+.');
  const items = await pollUntil(async () => {
    const message = (await page.locator('.monaco-editor-overlaymessage').textContent().catch(() => '')) ?? '';
    if (/No code actions available/i.test(message)) {
      const empty = emptyAnswersBeforeFirstScan(outputChannelLog(home));
      if (empty.length > 0) throw new Error(`the server answered code actions with nothing before its first scan:\n${empty.join('\n')}`);
      step('VS Code dropped the pending Ctrl+. (it cancelled the request itself); pressing again');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      presses++;
      return undefined;
    }
    const found = await quickFixItems(page).catch(() => []);
    return found.some((item) => item.title === DISABLE_TITLE) ? found : undefined;
  }, { timeout: 120_000, interval: 100, what: 'the first Ctrl+. to list the fixes' });
  step(`first Ctrl+. (${squiggles ? 'squiggle already shown' : 'before any squiggle'}, pressed ${scannedAtPress} the first scan was logged, ${presses} press${presses === 1 ? '' : 'es'}): ${items.map((item) => item.title).join(' | ')}`);
  const empty = emptyAnswersBeforeFirstScan(outputChannelLog(home));
  if (empty.length > 0) throw new Error(`the server answered code actions with nothing before its first scan:\n${empty.join('\n')}`);
  await page.keyboard.press('Escape');
  await pollUntil(async () => !(await page.locator(ACTION_WIDGET).isVisible().catch(() => false)), { timeout: 10_000, what: 'the quick-fix menu to close' });
}

/** The server's codeActionWaitMs default: an empty answer after this long is the bound at work. */
const CODE_ACTION_WAIT_MS = 10_000;

/** codeAction responses in the verbose protocol trace, before the first scan's log line, that carried no action within the bound. */
function emptyAnswersBeforeFirstScan(log) {
  const scanned = log.search(/Scanned \d+ folder/);
  const before = scanned < 0 ? log : log.slice(0, scanned);
  const empty = [];
  for (const match of before.matchAll(/Received response 'textDocument\/codeAction - \((\d+)\)' in (\d+)ms\.(.*)\n(?:.*\n)?/g)) {
    const [all, id, ms, rest] = match;
    if (/Request failed/.test(rest)) continue; // cancelled by VS Code: no answer, not an empty one
    if (Number(ms) >= CODE_ACTION_WAIT_MS) continue; // waited the whole bound: answering with what there is is right
    if (/No result returned|Result: \[\]/.test(all)) empty.push(`request ${id}: ${all.trim()}`);
  }
  return empty;
}

/**
 * Restart Server must look like what it is, a normal restart: the server
 * scans again and the output channel shows no Error line (the client library
 * used to log the clean exit as "[Error …] Server process exited with code 0")
 * and no internal ids such as `db.js#new:94`.
 */
async function restartWithoutErrors(page, home) {
  const scans = () => (outputChannelLog(home).match(/Scanned \d+ folders? in \d+ ms/g) ?? []).length;
  const before = await pollUntil(() => scans() || undefined, { timeout: 30_000, what: 'the first scan in the output channel log' });
  await runCommand(page, 'pg-pool-guard: Restart Server');
  await pollUntil(() => scans() > before, { timeout: 60_000, interval: 300, what: 'a scan by the restarted server in the output channel log' });
  const log = outputChannelLog(home);
  // The log's own lines (timestamped); the test's protocol trace bodies below them carry internal data by design.
  const lines = log.split('\n').filter((l) => /^\d{4}-\d\d-\d\d /.test(l) && !l.includes('[Trace - '));
  const errors = lines.filter((l) => /\[error\]|\[Error\b/i.test(l));
  if (errors.length > 0) throw new Error(`the output channel has Error lines after a normal restart:\n${errors.join('\n')}`);
  const ids = lines.filter((l) => /\.[cm]?[jt]sx?#[\w-]+:\d+/.test(l));
  if (ids.length > 0) throw new Error(`the output channel shows internal ids:\n${ids.join('\n')}`);
  step(`restarted: ${scans()} scans logged, no Error line, no internal id`);
  for (const l of lines.filter((x) => /Server stopped|Scanned /.test(x))) step(`  log: ${l.trim()}`);
}

/**
 * Plain modules that have nothing to do with pg, so the first scan takes
 * seconds and the first Ctrl+. really comes before the first analysis.
 */
const FILLER_MODULES = 1500;
function writeFillerModules(project) {
  const dir = join(project, 'lib', 'generated');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < FILLER_MODULES; i++) {
    const functions = Array.from({ length: 8 }, (_, j) => [
      `function rank${j}(items, offset = ${i}) {`,
      `  return items.map((item, index) => ({ ...item, rank: index + offset * ${j + 1} })).filter((entry) => entry.rank % ${j + 2} !== 0);`,
      '}',
    ].join('\n'));
    writeFileSync(join(dir, `module-${String(i).padStart(4, '0')}.js`), `'use strict';\n\n${functions.join('\n\n')}\n\nmodule.exports = { ${Array.from({ length: 8 }, (_, j) => `rank${j}`).join(', ')} };\n`);
  }
}

/** How many files `pg-pool-guard --fix` changes in a copy of `dir`. */
function filesTheCliRewrites(dir) {
  const copy = mkdtempSync(join(tmpdir(), 'ppg-vscode-oracle-'));
  try {
    cpSync(dir, copy, { recursive: true });
    const run = spawnSync(process.execPath, [join(repo, 'bin', 'pg-pool-guard.js'), '--fix', '--fail-on', 'none', '.'], { cwd: copy, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pg-pool-guard --fix exited ${run.status}: ${run.stderr}`);
    const changed = changedFiles(dir, copy).length;
    if (changed === 0) throw new Error(`pg-pool-guard --fix changed nothing in the example:\n${run.stdout}`);
    return changed;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const sameText = (a, b) => a.replace(/\r\n/g, '\n').trimEnd() === b.replace(/\r\n/g, '\n').trimEnd();

/**
 * Acceptance: one Ctrl+Z in the edited file undoes the whole rewrite in every
 * file it touched (VS Code keeps a multi-file WorkspaceEdit as one undo group and
 * may ask to undo it "in N Files"), and redo brings it back. Checked through the
 * editor (the rendered text of the short edited file, the unsaved-files count),
 * then by saving: every file on disk must still equal the example.
 */
async function undoAndRedo(page, { chosen, relPath, originalText, project, baseline }) {
  // The action's title names its files only once the server has computed it (after the first list),
  // so the CLI's --fix on a copy of the same project is the oracle for that number; a count in the
  // title must agree with it.
  const files = filesTheCliRewrites(baseline);
  const titled = /\((\d+) files?\)$/.exec(chosen)?.[1];
  if (titled !== undefined && Number(titled) !== files) throw new Error(`"${chosen}" but --fix changes ${files} file(s)`);
  step(`"${chosen}": --fix changes ${files} file(s) of this project`);
  const state = async () => ({ text: (await activeEditorText(page)) ?? '', unsaved: await unsavedCount(page) });
  const describe = ({ text, unsaved }) => `${unsaved} unsaved file(s); ${relPath} reads:\n${text}`;
  const dump = async () => step(`tabs: ${JSON.stringify(await page.locator('.tabs-container .tab').evaluateAll((tabs) => tabs.map((tab) => `${tab.getAttribute('aria-label')} (${tab.className})`)))}; `
    + `changed on disk: ${JSON.stringify(changedFiles(baseline, project).map((entry) => entry.file))}; activity bar: ${JSON.stringify(await activityLabels(page))}`);

  let last;
  await pollUntil(async () => {
    last = await state();
    return !sameText(last.text, originalText) && last.unsaved === files;
  }, { timeout: 15_000, what: `the rewrite in the ${relPath} editor and ${files} unsaved file(s)` }).catch(async (error) => {
    await dump();
    throw new Error(`${error.message}; last: ${describe(last)}`);
  });
  step(`rewrite applied in the editors (${files} unsaved files)`);

  const dialogs = [];
  const undoneOrRedone = async (press, done, what) => {
    await page.keyboard.press(press);
    await pollUntil(async () => {
      const text = await confirmAcrossFiles(page);
      if (text) dialogs.push(text);
      last = await state();
      return done(last);
    }, { timeout: 20_000, interval: 250, what }).catch(async (error) => {
      await dump();
      throw new Error(`${error.message}; last: ${describe(last)}`);
    });
  };

  await undoneOrRedone('Control+Z', (s) => sameText(s.text, originalText) && s.unsaved === 0,
    `one Ctrl+Z to restore ${relPath} and leave no unsaved file`);
  step(`Ctrl+Z undid the rewrite in all ${files} files in one step${dialogs.length ? ` (confirmed: "${dialogs.at(-1)}")` : ''}`);
  // Nothing may differ from the example once everything is saved.
  await runCommand(page, 'File: Save All');
  await pollUntil(async () => (await unsavedCount(page)) === 0 && (await page.locator('.tabs-container .tab.dirty').count()) === 0, { timeout: 15_000, what: 'all editors saved after the undo' });
  const changed = changedFiles(baseline, project);
  if (changed.length > 0) throw new Error(`after Ctrl+Z and Save All these files differ from the example: ${changed.map((entry) => entry.file).join(', ')}`);
  step('after Ctrl+Z every file on disk equals the example');

  const before = dialogs.length;
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await undoneOrRedone('Control+Shift+Z', (s) => !sameText(s.text, originalText) && s.unsaved === files,
    `Ctrl+Shift+Z to redo the rewrite in ${files} file(s)`);
  step(`Ctrl+Shift+Z redid it${dialogs.length > before ? ` (confirmed: "${dialogs.at(-1)}")` : ''}`);
}

const started = Date.now();
main().then(
  ({ mode, chosen }) => {
    console.log(`vscode: PASS (${mode}: "${chosen}") in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(0);
  },
  (error) => {
    console.error(`vscode: FAIL: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
