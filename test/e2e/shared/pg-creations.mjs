// Independent oracle for the editor tests: finds node-postgres `new Client()` /
// `new Pool()` expressions with the TypeScript parser, so the e2e tests know
// where the diagnostic must appear and can check the file an editor saved,
// without trusting the engine under test.
//
//   node pg-creations.mjs locate <projectDir>            → JSON {file,line,character,lineText}
//   node pg-creations.mjs verify <file> rewrite|disable <line> [<original file>]
//                                                       → exit 0 when the file on disk shows the fix
//   node pg-creations.mjs changed <originalDir> <projectDir> → lists edited files, exit 1 on syntax errors
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const ts = createRequire(join(repoRoot, 'package.json'))('typescript');

const PG_MODULES = new Set(['pg', 'pg/lib/client', 'pg/lib/index', 'pg/lib', '@neondatabase/serverless']);
const SOURCE_EXT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

function parse(file) {
  const text = readFileSync(file, 'utf8');
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : file.match(/\.[cm]?ts$/) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
}

function isPgRequire(node) {
  return node && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require'
    && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0]) && PG_MODULES.has(node.arguments[0].text);
}

/** Module-level names bound to pg: `{ local → 'Client' | 'Pool' }` plus namespace names. */
function pgBindings(sf) {
  const classes = new Map();
  const namespaces = new Set();
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && PG_MODULES.has(stmt.moduleSpecifier.text)) {
      const clause = stmt.importClause;
      if (!clause) continue;
      if (clause.name) namespaces.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) classes.set(el.name.text, (el.propertyName ?? el.name).text);
      }
    }
    if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        if (!isPgRequire(decl.initializer)) continue;
        if (ts.isIdentifier(decl.name)) namespaces.add(decl.name.text);
        if (ts.isObjectBindingPattern(decl.name)) {
          for (const el of decl.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            classes.set(el.name.text, imported);
          }
        }
      }
    }
  }
  return { classes, namespaces };
}

/** Every `new Client(...)` / `new Pool(...)` of pg in the file, with 0-based positions. */
export function pgCreations(file) {
  const sf = parse(file);
  const { classes, namespaces } = pgBindings(sf);
  const found = [];
  const visit = (node) => {
    if (ts.isNewExpression(node)) {
      const callee = node.expression;
      let cls;
      if (ts.isIdentifier(callee)) cls = classes.get(callee.text);
      else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && namespaces.has(callee.expression.text)) {
        cls = callee.name.text;
      }
      if (cls === 'Client' || cls === 'Pool') {
        const start = node.getStart(sf);
        const { line, character } = sf.getLineAndCharacterOfPosition(start);
        found.push({ cls, line, character, lineText: sf.text.split(/\r?\n/)[line] });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Text of every comment in the file with its 0-based start line (scanner, not regex over code). */
function comments(file) {
  const text = readFileSync(file, 'utf8');
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      const start = scanner.getTokenStart ? scanner.getTokenStart() : scanner.getTokenPos();
      out.push({ line: sf.getLineAndCharacterOfPosition(start).line, text: scanner.getTokenText() });
    }
  }
  return out;
}

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (SOURCE_EXT.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The shared Client the tests fix: the first pg Client creation, preferring a file named db.*. */
export function locate(projectDir) {
  const files = sourceFiles(projectDir).sort((a, b) => Number(!basename(a).startsWith('db.')) - Number(!basename(b).startsWith('db.')));
  for (const file of files) {
    const client = pgCreations(file).find((c) => c.cls === 'Client');
    if (client) return { file, line: client.line, character: client.character, lineText: client.lineText };
  }
  return undefined;
}

/**
 * Checks the file on disk shows the applied fix; returns a problem description
 * or '' when fine. With `originalText`, a disable fix must have added exactly
 * one line (the comment) and changed nothing else.
 */
export function verify(file, mode, line, originalText) {
  const creations = pgCreations(file);
  if (mode === 'rewrite') {
    if (creations.some((c) => c.cls === 'Client')) return `still has new Client at line ${creations.find((c) => c.cls === 'Client').line + 1}`;
    if (!creations.some((c) => c.cls === 'Pool')) return 'no new Pool() from pg in the file';
    return '';
  }
  if (mode === 'disable') {
    const client = creations.find((c) => c.cls === 'Client');
    if (!client) return 'the Client creation is gone';
    const near = comments(file).filter((c) => c.text.includes('shared-client') && (c.line === client.line || c.line === client.line - 1));
    if (near.length === 0) return `no comment disabling shared-client on or above line ${client.line + 1}`;
    if (client.line !== line && client.line !== line + 1) return `Client moved from line ${line + 1} to ${client.line + 1}`;
    if (originalText !== undefined) {
      const after = readFileSync(file, 'utf8').split('\n');
      const added = near[0].line;
      const rest = after.slice(0, added).concat(after.slice(added + 1)).join('\n');
      if (near[0].line !== client.line && rest !== originalText) return 'the file changed beyond the added suppression comment';
    }
    return '';
  }
  return `unknown mode ${mode}`;
}

/**
 * Files under `projectDir` whose text differs from the same file under
 * `originalDir`, each with the syntax errors the TypeScript parser reports.
 */
export function changedFiles(originalDir, projectDir) {
  const out = [];
  for (const file of sourceFiles(projectDir)) {
    const rel = relative(projectDir, file);
    const before = join(originalDir, rel);
    const text = readFileSync(file, 'utf8');
    if (existsSync(before) && readFileSync(before, 'utf8') === text) continue;
    const errors = (parse(file).parseDiagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    out.push({ file: rel, syntaxErrors: errors });
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, target, mode, line, originalFile] = process.argv.slice(2);
  if (command === 'locate') {
    const found = locate(resolve(target));
    if (!found) {
      console.error(`no pg Client creation under ${target}`);
      process.exit(1);
    }
    console.log(JSON.stringify(found));
  } else if (command === 'verify') {
    const original = originalFile ? readFileSync(originalFile, 'utf8') : undefined;
    const problem = verify(resolve(target), mode, Number(line), original);
    if (problem) {
      console.error(`verify ${target} (${mode}): ${problem}`);
      process.exit(1);
    }
    console.log(`verify ${target} (${mode}): ok`);
  } else if (command === 'changed') {
    // changed <originalDir> <projectDir>: list edited files; fail on syntax errors.
    const changed = changedFiles(resolve(target), resolve(mode));
    for (const entry of changed) console.log(`changed: ${entry.file}${entry.syntaxErrors.length ? ` SYNTAX ERRORS: ${entry.syntaxErrors.join('; ')}` : ''}`);
    if (changed.some((entry) => entry.syntaxErrors.length > 0)) process.exit(1);
  } else {
    console.error('usage: pg-creations.mjs locate <dir> | verify <file> rewrite|disable <line> [<original>] | changed <originalDir> <projectDir>');
    process.exit(2);
  }
}
