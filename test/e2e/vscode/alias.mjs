// VS Code (code-server in headless Chromium) with the packaged pg-pool-guard.vsix
// on a create-next-app-shaped workspace whose route handlers import the db
// module through the tsconfig alias `@/lib/db` (issue 7, "half a fix in the
// editor"):
// 1. A Client whose rewrite must be refused (its route switches search_path per
//    request): the FIRST code action list the server answers for it already
//    carries the rewrite disabled with the reason (computed ahead of the list),
//    and Ctrl+. offers no applicable rewrite (VS Code hides disabled quick fixes from a
//    menu that has applicable ones, as the LSP spec asks).
// 2. From the route's transaction error, Ctrl+. offers the rewrite of every
//    file that needs it ("(2 files)"); applied, VS Code saves it (its default
//    files.refactoring.autoSave) and the files on disk are rewritten: the Pool
//    in the db module, the transaction on a checked-out client released in
//    finally; the shared-client problems go away.
// 3. One Ctrl+Z in the route's editor undoes the rewrite in every file (VS Code
//    asks "undo across all files?", answered as a user would), and after Save
//    All every file on disk equals the original again; the problems come back.
// Failures leave artifacts in test/e2e/artifacts/vscode-alias/.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { changedFiles } from '../shared/pg-creations.mjs';
import { prepareHome, codeServerInstalled } from './code-server.mjs';
import { withWorkbench } from './session.mjs';
import { outputChannelLog } from './logs.mjs';
import { NEXT_APP_FILES, writeNextApp } from './next-app.mjs';
import { pollUntil } from './poll.mjs';
import { LIGHTBULB, ACTION_WIDGET, quickOpen, goToLine, squigglesOnLine, problemsRows, quickFixItems, selectQuickFix, runCommand, activeEditorText, unsavedCount, confirmAcrossFiles } from './workbench.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../../..');
const vsix = process.env.PPG_VSIX ?? join(repo, 'pg-pool-guard.vsix');
const artifacts = join(repo, 'test', 'e2e', 'artifacts', 'vscode-alias');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const DB = 'src/lib/db.ts';
const TRANSFERS = 'src/app/api/transfers/route.ts';
const ACCOUNTS = 'src/app/api/accounts/route.ts';
const TENANT_DB = 'src/lib/tenant-db.ts';
const TENANT_ROUTE = 'src/app/api/tenants/[tenant]/invoices/route.ts';

/** Where a line's text starts in a file of the workspace: { line, column } (1-based). */
function positionOf(rel, needle) {
  const lines = NEXT_APP_FILES[rel].split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${rel}`);
  return { line: index + 1, column: lines[index].indexOf(needle) + 1, lineText: lines[index] };
}

function step(message) {
  console.log(`[vscode-alias] ${new Date().toISOString().slice(11, 23)} ${message}`);
}

async function main() {
  for (const [what, path] of [['vsix', vsix], ['chromium', CHROMIUM]]) {
    if (!existsSync(path)) throw new Error(`missing ${what}: ${path}`);
  }
  if (!codeServerInstalled()) throw new Error('code-server is not installed (npm ci --prefix test/e2e)');

  const work = mkdtempSync(join(tmpdir(), 'ppg-vscode-alias-'));
  const project = join(work, 'ledger-web');
  writeNextApp(project);
  const baseline = join(work, 'baseline');
  cpSync(project, baseline, { recursive: true });

  // VS Code's own default (the shared settings turn it off): a refactoring that
  // edits several files saves them, so what the user gets on disk is the rewrite.
  const home = prepareHome(join(work, 'home'), { 'files.refactoring.autoSave': true });
  try {
    return await withWorkbench({ home, vsix, chromiumPath: CHROMIUM, folder: project, artifacts, tag: 'vscode-alias', step }, async (page) => {
      await refusedRewrite(page, home, { project, baseline });
      await aliasRewriteAndUndo(page, home, { project, baseline });
    });
  } finally {
    if (process.env.PPG_KEEP_WORK) step(`kept ${work}`); else rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Opens `rel`, waits for the finding's squiggle, puts the cursor on it and
 * waits for the lightbulb and for pg-pool-guard's answer to the code action
 * request VS Code makes for it (listing `rewrite`), as a user who pauses on
 * the line before pressing Ctrl+.: the server computes rewrites ahead of the
 * list, so every list shows a rewrite as it is. (Another
 * extension's lightbulb, or a request VS Code cancelled, does not count.)
 */
async function cursorOnFinding(page, home, rel, { line, column, lineText }, what, rewrite) {
  await quickOpen(page, rel);
  await pollUntil(async () => (await squigglesOnLine(page, lineText)).length > 0, { timeout: 90_000, interval: 300, what: `the ${what} squiggle in ${rel}:${line}` });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await goToLine(page, line, column);
  await page.waitForSelector(LIGHTBULB, { state: 'visible', timeout: 30_000 });
  await pollUntil(() => codeActionResponses(home).some((actions) => actions.some((a) => a.title?.startsWith(rewrite))), { timeout: 30_000, interval: 200, what: `pg-pool-guard to answer a code action request with "${rewrite}…"` });
  step(`${rel}:${line}:${column}: ${what} squiggle and lightbulb shown, code actions answered`);
}

/** Ctrl+. until the menu lists `expected` (the menu can open before the server answered). */
async function openQuickFixes(page, expected) {
  const items = await pollUntil(async () => {
    if (!(await page.locator(ACTION_WIDGET).isVisible().catch(() => false))) await page.keyboard.press('Control+.');
    const found = await quickFixItems(page).catch(() => []);
    return found.some((item) => item.title === expected) ? found : undefined;
  }, { timeout: 30_000, interval: 500, what: `the quick-fix menu with "${expected}"` });
  step(`quick fixes: ${items.map((item) => item.title + (item.disabled ? ' (disabled)' : '')).join(' | ')}`);
  return items;
}

async function closeMenu(page) {
  await page.keyboard.press('Escape');
  await pollUntil(async () => !(await page.locator(ACTION_WIDGET).isVisible().catch(() => false)), { timeout: 10_000, what: 'the quick-fix menu to close' });
}

/**
 * The code actions pg-pool-guard answered, from the verbose protocol trace in
 * its output channel: every `textDocument/codeAction` response's result.
 */
function codeActionResponses(home) {
  const log = outputChannelLog(home);
  const results = [];
  // "… Received response 'textDocument/codeAction - (7)' in 8ms.\n<time> [info] Result: [\n    {…}\n]\n"
  for (const match of log.matchAll(/Received response 'textDocument\/codeAction - \(\d+\)' in \d+ms\.\n[^\n]*?Result: (\[\]|\[\n[\s\S]*?\n\])\n/g)) {
    try { results.push(JSON.parse(match[1])); } catch { /* not JSON: no result to check */ }
  }
  return results;
}

/**
 * tenantDb's route runs `SET search_path` per request: its rewrite is refused.
 * VS Code has disabledSupport, so the server lists the rewrite disabled with
 * the reason; VS Code shows a disabled quick fix only when nothing in the menu
 * is applicable (else it leaves it out). Either way it must not be applicable.
 */
async function refusedRewrite(page, home, { project, baseline }) {
  const creation = positionOf(TENANT_DB, 'new Client');
  await cursorOnFinding(page, home, TENANT_DB, creation, 'shared-client', 'Rewrite `tenantDb`');
  // The first list the server answered with this rewrite (the lightbulb's request) already has it disabled with
  // its reason: rewrites are computed ahead of the list, and VS Code takes the disabled state from the list only.
  const first = codeActionResponses(home).find((actions) => actions.some((a) => a.title?.startsWith('Rewrite `tenantDb`')))
    .find((a) => a.title?.startsWith('Rewrite `tenantDb`'));
  if (first.edit || first.data || !(first.disabled?.reason ?? '').startsWith(`${TENANT_ROUTE}:5: SET here changes`)) {
    throw new Error(`the first list offered the refused rewrite as ${JSON.stringify(first)}`);
  }
  step(`first list: "${first.title}" disabled: ${first.disabled.reason.slice(0, 60)}…`);
  const items = await openQuickFixes(page, 'Disable shared-client for this line');
  const rewrite = items.filter((item) => item.title.startsWith('Rewrite `tenantDb`') || /SET here changes/.test(item.title));
  const applicable = rewrite.filter((item) => !item.disabled);
  if (applicable.length > 0) throw new Error(`the refused rewrite is offered as applicable: ${applicable.map((i) => i.title).join(' | ')}`);
  if (rewrite.length > 0) step(`rewrite shown greyed out: ${rewrite.map((i) => i.title).join(' | ')}`);
  else step('no applicable rewrite in the menu (VS Code leaves disabled quick fixes out when others apply)');

  // What the server answered VS Code for this menu: the rewrite, disabled, with the reason.
  const answered = await pollUntil(() => {
    const last = codeActionResponses(home).findLast((actions) => actions.some((a) => a.title === 'Disable shared-client for this line'));
    return last?.find((a) => a.title?.startsWith('Rewrite `tenantDb`'));
  }, { timeout: 10_000, what: 'the codeAction response with the tenantDb rewrite in the protocol trace' });
  const reason = answered.disabled?.reason ?? '';
  if (answered.edit || !reason.startsWith(`${TENANT_ROUTE}:5: SET here changes a setting of whichever pooled connection runs it`)) {
    throw new Error(`the server listed the refused rewrite as ${JSON.stringify(answered)}`);
  }
  step(`server answered "${answered.title}" disabled: ${reason.slice(0, 90)}…`);
  await closeMenu(page);
  const changed = changedFiles(baseline, project);
  if (changed.length > 0) throw new Error(`files changed without a fix: ${changed.map((c) => c.file).join(', ')}`);
}

/** What every file that uses `db` must say after the rewrite. */
function checkRewritten(project) {
  const problems = [];
  const db = readFileSync(join(project, DB), 'utf8');
  const route = readFileSync(join(project, TRANSFERS), 'utf8');
  const accounts = readFileSync(join(project, ACCOUNTS), 'utf8');
  if (!db.includes("import { Pool } from 'pg';") || !/export const db = new Pool\(\{ connectionString: process\.env\.DATABASE_URL, connectionTimeoutMillis: 10000 \}\);/.test(db) || /Client|db\.connect\(\)/.test(db)) {
    problems.push(`${DB} is not a Pool module:\n${db}`);
  }
  if (!/db\.on\('error'/.test(db)) problems.push(`${DB} has no pool error listener`);
  const transaction = /  const client = await db\.connect\(\);\n  let failed = false;\n  try \{\n    await client\.query\('BEGIN'\);\n    await client\.query\('UPDATE [^\n]*\n    await client\.query\('UPDATE [^\n]*\n    await client\.query\('COMMIT'\);\n  \} catch \(err\) \{\n    failed = true;\n    await client\.query\('ROLLBACK'\);\n    throw err;\n  \} finally \{\n    client\.release\(failed\);\n  \}\n/;
  if (!transaction.test(route) || /db\.query\('(BEGIN|COMMIT)'/.test(route)) problems.push(`${TRANSFERS}: the transaction is not on a checked-out client released in finally:\n${route}`);
  // db.query on a Pool is right as it is: this route has nothing to change.
  if (accounts !== NEXT_APP_FILES[ACCOUNTS]) problems.push(`${ACCOUNTS} changed although db.query works on a Pool:\n${accounts}`);
  return problems;
}

async function aliasRewriteAndUndo(page, home, { project, baseline }) {
  const begin = positionOf(TRANSFERS, "db.query('BEGIN')");
  await cursorOnFinding(page, home, TRANSFERS, begin, 'shared-client-transaction', 'Rewrite `db`');
  const rows = await problemsRows(page);
  if (!rows.some((row) => row.text.includes(`shared-client-transaction[Ln ${begin.line}, Col ${begin.column}]`))) {
    throw new Error(`no shared-client-transaction entry at [Ln ${begin.line}, Col ${begin.column}] in Problems: ${JSON.stringify(rows.map((r) => r.text))}`);
  }
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await goToLine(page, begin.line, begin.column);

  const items = await openQuickFixes(page, 'Disable shared-client-transaction for this line');
  const title = 'Rewrite `db` to a pg Pool (2 files)';
  const rewrite = items.filter((item) => item.title.startsWith('Rewrite `db`'));
  if (rewrite.length !== 1 || rewrite[0].title !== title || rewrite[0].disabled) {
    throw new Error(`expected one applicable "${title}" (the db module and the transaction route; the GET route needs no change), got ${JSON.stringify(rewrite)}`);
  }
  // The action VS Code holds (listed complete, see rewrite-service.ts) edits exactly those files.
  const listed = codeActionResponses(home).findLast((actions) => actions.some((a) => a.title === title))?.find((a) => a.title === title);
  const edited = (listed?.edit?.documentChanges ?? []).map((change) => relative(project, fileURLToPath(change.textDocument.uri))).sort();
  if (JSON.stringify(edited) !== JSON.stringify([TRANSFERS, DB].sort())) throw new Error(`the listed rewrite edits ${JSON.stringify(edited)}: ${JSON.stringify(listed)}`);
  step(`the listed rewrite edits ${edited.join(', ')}`);
  step(`applying: ${title}`);
  await selectQuickFix(page, title, items.length);
  await pollUntil(async () => !(await page.locator(ACTION_WIDGET).isVisible().catch(() => false)), { timeout: 10_000, what: 'the quick-fix menu to close' });

  // files.refactoring.autoSave: VS Code writes every file the rewrite touched.
  let problems = [];
  await pollUntil(() => (problems = checkRewritten(project)).length === 0, { timeout: 30_000, interval: 300, what: 'the rewrite on disk in every file that uses db' })
    .catch((error) => { throw new Error(`${error.message}:\n${problems.join('\n')}`); });
  const changed = changedFiles(baseline, project);
  const names = changed.map((c) => c.file).sort();
  if (JSON.stringify(names) !== JSON.stringify([TRANSFERS, DB].sort())) throw new Error(`the rewrite changed ${JSON.stringify(names)}`);
  for (const entry of changed) if (entry.syntaxErrors.length) throw new Error(`${entry.file} has syntax errors after the rewrite: ${entry.syntaxErrors.join('; ')}`);
  step(`on disk: ${names.join(', ')} rewritten (Pool; transaction on db.connect() with release in finally); ${ACCOUNTS} unchanged`);

  await pollUntil(async () => {
    const all = await problemsRows(page);
    return !all.some((row) => /shared-client-transaction\[Ln /.test(row.text)) && all.filter((row) => /shared-client\[Ln /.test(row.text)).length === 1;
  }, { timeout: 30_000, interval: 300, what: 'the db problems to disappear (the refused tenantDb one stays)' });
  step(`problems after the rewrite: ${(await problemsRows(page)).map((r) => r.text).join(' | ')}`);

  // One Ctrl+Z in the route's editor, where the rewrite was applied.
  const routeText = NEXT_APP_FILES[TRANSFERS];
  const dialogs = [];
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Z');
  let last = '';
  await pollUntil(async () => {
    const text = await confirmAcrossFiles(page);
    if (text) dialogs.push(text);
    last = (await activeEditorText(page)) ?? '';
    // Only rendered lines can be read, and the undo may leave the view scrolled past line 1: bring it back.
    if (!sameText(last, routeText)) await page.keyboard.press('Control+Home');
    return sameText(last, routeText) && (await unsavedCount(page)) === 2;
  }, { timeout: 20_000, interval: 250, what: `one Ctrl+Z to restore ${TRANSFERS} and leave both rewritten files unsaved` })
    .catch(async (error) => { throw new Error(`${error.message}; ${await unsavedCount(page)} unsaved; editor reads:\n${last}`); });
  step(`one Ctrl+Z undid the rewrite in both files${dialogs.length ? ` (VS Code asked: "${dialogs.at(-1)}")` : ' (no dialog)'}`);

  await runCommand(page, 'File: Save All');
  await pollUntil(async () => (await unsavedCount(page)) === 0 && changedFiles(baseline, project).length === 0, { timeout: 30_000, interval: 300, what: 'every file on disk to equal the original after Save All' })
    .catch((error) => { throw new Error(`${error.message}; still different: ${changedFiles(baseline, project).map((c) => c.file).join(', ')}`); });
  step('after Ctrl+Z and Save All every file on disk equals the original');

  await pollUntil(async () => (await problemsRows(page)).some((row) => row.text.includes(`shared-client-transaction[Ln ${begin.line}, Col ${begin.column}]`)), { timeout: 30_000, interval: 300, what: 'the transaction problem to come back after the undo' });
  step('the transaction problem is back');
}

const sameText = (a, b) => a.replace(/\r\n/g, '\n').trimEnd() === b.replace(/\r\n/g, '\n').trimEnd();

const started = Date.now();
main().then(
  () => {
    console.log(`vscode-alias: PASS in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(0);
  },
  (error) => {
    console.error(`vscode-alias: FAIL: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
