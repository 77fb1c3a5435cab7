/**
 * Code actions for pg-pool-guard findings. Listing works from the cached
 * findings of the last analysis and never parses the workspace: a Pool
 * rewrite is listed unresolved and computed by codeAction/resolve
 * (`resolveCodeAction`), unless the client cannot resolve actions.
 */
import {
  CodeActionKind,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/types';
import type { ClientSupport } from './client-support';
import { FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND } from '../shared/protocol';
import { rangesOverlap, toLspRange } from './diagnostics';
import type { PoolRewrite } from './fix-provider';
import type { DeferredRewrite, RewriteService } from './rewrite-service';
import { fixKeyOf } from './rewrite-keys';
import { disableFileEdit, disableLineEdit, type OffsetEdit } from './suppression-edits';

/** A file as the editor currently sees it: open documents carry their version, closed files null. */
export interface EditableFile {
  uri: string;
  version: number | null;
  document: TextDocument;
}

export interface CodeActionSources {
  /** Visible findings of the file (settings already applied). */
  findings: readonly Finding[];
  diagnosticFor(finding: Finding): Diagnostic;
  docsUrl(rule: string): string | undefined;
  fileFor(path: string): EditableFile | undefined;
  /** Pool rewrites, when the rewrite engine is available. */
  rewrites?: Pick<RewriteService, 'forListing' | 'compute'>;
  /**
   * What the client understands; everything when absent. With
   * `codeActionResolveEdit` rewrites are computed in codeAction/resolve, never
   * while listing; without it they are computed here.
   */
  support?: Pick<ClientSupport, 'codeActionResolveEdit' | 'codeActionDisabled' | 'documentChanges'>;
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  // Without an explicit request, offer quick fixes only; source actions are asked for by kind.
  if (!only || only.length === 0) return kind === CodeActionKind.QuickFix;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function buildCodeActions(path: string, params: CodeActionParams, sources: CodeActionSources): CodeAction[] {
  const only = params.context?.only;
  const actions: CodeAction[] = [];
  const file = sources.fileFor(path);
  if (!file) return actions;
  const getText = (p: string) => sources.fileFor(p)?.document.getText();
  const canResolve = sources.support?.codeActionResolveEdit ?? true;

  if (wants(only, CodeActionKind.QuickFix)) {
    const seen = new Set<string>();
    const once = (key: string) => (seen.has(key) ? false : (seen.add(key), true));
    for (const finding of sources.findings) {
      if (!rangesOverlap(toLspRange(finding.range), params.range)) continue;
      const diagnostic = sources.diagnosticFor(finding);
      // A client that cannot resolve an edit later gets it computed now.
      const rewrite = canResolve ? sources.rewrites?.forListing(finding) : sources.rewrites?.compute(finding, getText);
      if (rewrite && once(`rewrite:${rewriteKey(finding, rewrite)}`)) actions.push(rewriteAction(rewrite, diagnostic, file.uri, sources));
      if (once(`line:${finding.range.start.line}:${finding.rule}`)) {
        const edit = disableLineEdit(file.document.getText(), finding.range.start.line, finding.rule);
        actions.push(editAction(`Disable ${finding.rule} for this line`, diagnostic, new Map([[path, [edit]]]), sources));
      }
      if (once(`file:${finding.rule}`)) {
        const edit = disableFileEdit(path, file.document.getText(), finding.rule);
        actions.push(editAction(`Disable ${finding.rule} for this file`, diagnostic, new Map([[path, [edit]]]), sources));
      }
      const url = sources.docsUrl(finding.rule);
      if (url && once(`docs:${finding.rule}`)) {
        actions.push({
          title: `Show documentation for ${finding.rule}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: `Show documentation for ${finding.rule}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [url] },
        });
      }
    }
  }

  if (wants(only, FIX_ALL_KIND) && sources.rewrites && sources.findings.some((f) => f.creation)) {
    if (canResolve) {
      const data: DeferredFixAllData = { pgPoolGuard: 'fixAll', uri: file.uri };
      actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data });
    } else {
      const fixAll = fixAllAction(sources.findings, sources.rewrites, sources, getText);
      if (fixAll) actions.push(fixAll);
    }
  }
  // A client without disabledSupport would offer a disabled action as if it worked: leave it out.
  return sources.support?.codeActionDisabled === false ? actions.filter((a) => !a.disabled) : actions;
}

const FIX_ALL_TITLE = 'Rewrite shared pg Clients to Pools';

/** What codeAction/resolve needs to compute a deferred rewrite. */
export interface DeferredRewriteData {
  pgPoolGuard: 'rewrite';
  uri: string;
  key: string;
}

/** What codeAction/resolve needs to compute the file's fix-all. */
export interface DeferredFixAllData {
  pgPoolGuard: 'fixAll';
  uri: string;
}

export function isDeferredRewriteData(data: unknown): data is DeferredRewriteData {
  const d = data as DeferredRewriteData | undefined;
  return !!d && d.pgPoolGuard === 'rewrite' && typeof d.uri === 'string' && typeof d.key === 'string';
}

function isDeferredFixAllData(data: unknown): data is DeferredFixAllData {
  const d = data as DeferredFixAllData | undefined;
  return !!d && d.pgPoolGuard === 'fixAll' && typeof d.uri === 'string';
}

export interface ResolveSources {
  /** Visible findings of a file, by path; undefined when the file is not analysed. */
  findingsOf(path: string): readonly Finding[] | undefined;
  pathOf(uri: string): string | undefined;
  fileFor(path: string): EditableFile | undefined;
  rewrites: Pick<RewriteService, 'compute'>;
  /** Tell the user why an action they picked cannot be applied. */
  warn(message: string): void;
  support?: Pick<ClientSupport, 'documentChanges'>;
}

/**
 * codeAction/resolve: compute the rewrite (or the file's fix-all) the action
 * stands for, once. A refused rewrite comes back disabled with its reason and
 * without an edit, and the user is told why.
 */
export function resolveCodeAction(action: CodeAction, sources: ResolveSources): CodeAction {
  const data = action.data;
  if (!isDeferredRewriteData(data) && !isDeferredFixAllData(data)) return action;
  const path = sources.pathOf(data.uri);
  const findings = path ? sources.findingsOf(path) : undefined;
  if (!findings) return action;
  const getText = (p: string) => sources.fileFor(p)?.document.getText();
  if (isDeferredFixAllData(data)) {
    const fixAll = fixAllAction(findings, sources.rewrites, sources, getText);
    return fixAll ? { ...action, edit: fixAll.edit } : action;
  }
  const finding = findings.find((f) => rewriteKeyOf(f) === data.key);
  if (!finding) return action;
  const rewrite = sources.rewrites.compute(finding, getText);
  const edit = rewrite && rewrite.edits.size > 0 ? toWorkspaceEdit(rewrite.edits, sources) : undefined;
  if (!rewrite || !edit) {
    const reason = rewrite?.reason ?? (rewrite ? 'a file to edit could not be read' : 'this Client can no longer be rewritten (it changed since the list was made)');
    sources.warn(`pg-pool-guard did not rewrite this Client to a Pool: ${reason}`);
    return { ...action, title: rewrite?.title ?? action.title, disabled: { reason } };
  }
  return { ...action, title: rewrite.title, edit, isPreferred: true };
}

function rewriteKeyOf(finding: Finding): string | undefined {
  return fixKeyOf(finding);
}

function rewriteKey(finding: Finding, rewrite: PoolRewrite | DeferredRewrite): string {
  return fixKeyOf(finding) ?? `${rewrite.title}@${finding.file}:${finding.range.offset}`;
}

function rewriteAction(rewrite: PoolRewrite | DeferredRewrite, diagnostic: Diagnostic, uri: string, sources: CodeActionSources): CodeAction {
  if ('deferred' in rewrite) {
    // Offered as the fix; codeAction/resolve computes it (and disables it with the reason if it must be refused).
    const data: DeferredRewriteData = { pgPoolGuard: 'rewrite', uri, key: rewrite.key };
    return { title: rewrite.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, data };
  }
  // No edits means the rewrite was refused: show it greyed out with the reason.
  if (rewrite.edits.size === 0) {
    return { title: rewrite.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], disabled: { reason: rewrite.reason ?? 'nothing to rewrite' } };
  }
  const action = editAction(rewrite.title, diagnostic, rewrite.edits, sources);
  if (rewrite.preferred) action.isPreferred = true;
  return action;
}

function editAction(title: string, diagnostic: Diagnostic | undefined, edits: Map<string, OffsetEdit[]>, sources: CodeActionSources): CodeAction {
  const action: CodeAction = { title, kind: CodeActionKind.QuickFix };
  if (diagnostic) action.diagnostics = [diagnostic];
  const edit = toWorkspaceEdit(edits, sources);
  if (edit) action.edit = edit;
  else action.disabled = { reason: 'the file to edit could not be read' };
  return action;
}

/** Every applicable rewrite of the file's findings, skipping any that would overlap one already taken. */
function fixAllAction(
  findings: readonly Finding[],
  rewrites: Pick<RewriteService, 'compute'>,
  sources: { fileFor: CodeActionSources['fileFor']; support?: Pick<ClientSupport, 'documentChanges'> },
  getText: (p: string) => string | undefined,
): CodeAction | undefined {
  const merged = new Map<string, OffsetEdit[]>();
  const taken = new Set<string>();
  for (const finding of findings) {
    const rewrite = rewrites.compute(finding, getText);
    if (!rewrite || !rewrite.preferred || rewrite.edits.size === 0) continue;
    const key = rewriteKey(finding, rewrite);
    if (taken.has(key)) continue;
    taken.add(key);
    const overlaps = [...rewrite.edits].some(([file, edits]) => edits.some((e) => (merged.get(file) ?? []).some((m) => editsOverlap(e, m))));
    if (overlaps) continue;
    for (const [file, edits] of rewrite.edits) merged.set(file, [...(merged.get(file) ?? []), ...edits]);
  }
  if (merged.size === 0) return undefined;
  const edit = toWorkspaceEdit(merged, sources);
  return edit ? { title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit } : undefined;
}

function editsOverlap(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.length === 0 && b.length === 0) return a.offset === b.offset;
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}

/** Offsets → ranges against each file's current text; open documents are pinned to their version. */
export function toWorkspaceEdit(edits: Map<string, OffsetEdit[]>, sources: { fileFor: CodeActionSources['fileFor']; support?: Pick<ClientSupport, 'documentChanges'> }): WorkspaceEdit | undefined {
  const documentChanges: TextDocumentEdit[] = [];
  for (const [path, fileEdits] of edits) {
    const file = sources.fileFor(path);
    if (!file) return undefined;
    const doc = file.document;
    documentChanges.push(
      TextDocumentEdit.create(
        OptionalVersionedTextDocumentIdentifier.create(file.uri, file.version),
        fileEdits.map((e) => TextEdit.replace({ start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) }, e.newText)),
      ),
    );
  }
  if (sources.support?.documentChanges === false) {
    // Unversioned `changes` for clients without documentChanges.
    return { changes: Object.fromEntries(documentChanges.map((c) => [c.textDocument.uri, c.edits as TextEdit[]])) };
  }
  return { documentChanges };
}
