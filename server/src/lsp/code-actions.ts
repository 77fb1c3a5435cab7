/**
 * Code actions for pg-pool-guard findings. Everything is computed from the
 * cached findings of the last analysis; nothing here parses the workspace.
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
  /** What the client understands; everything when absent. */
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

  if (wants(only, CodeActionKind.QuickFix)) {
    const seen = new Set<string>();
    const once = (key: string) => (seen.has(key) ? false : (seen.add(key), true));
    for (const finding of sources.findings) {
      if (!rangesOverlap(toLspRange(finding.range), params.range)) continue;
      const diagnostic = sources.diagnosticFor(finding);
      // A client that cannot resolve an edit later gets it computed now.
      const canResolve = sources.support?.codeActionResolveEdit ?? true;
      const rewrite = canResolve ? sources.rewrites?.forListing(finding, getText) : sources.rewrites?.compute(finding, getText);
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

  if (wants(only, FIX_ALL_KIND) && sources.rewrites) {
    const fixAll = fixAllAction(sources, getText);
    if (fixAll) actions.push(fixAll);
  }
  // A client without disabledSupport would offer a disabled action as if it worked: leave it out.
  return sources.support?.codeActionDisabled === false ? actions.filter((a) => !a.disabled) : actions;
}

/** What codeAction/resolve needs to compute a deferred rewrite. */
export interface DeferredRewriteData {
  pgPoolGuard: 'rewrite';
  uri: string;
  key: string;
}

export function isDeferredRewriteData(data: unknown): data is DeferredRewriteData {
  const d = data as DeferredRewriteData | undefined;
  return !!d && d.pgPoolGuard === 'rewrite' && typeof d.uri === 'string' && typeof d.key === 'string';
}

function rewriteKey(finding: Finding, rewrite: PoolRewrite | DeferredRewrite): string {
  return finding.creation ? `${finding.creation.file}#${finding.creation.id}` : `${rewrite.title}@${finding.file}:${finding.range.offset}`;
}

function rewriteAction(rewrite: PoolRewrite | DeferredRewrite, diagnostic: Diagnostic, uri: string, sources: CodeActionSources): CodeAction {
  if ('deferred' in rewrite) {
    const data: DeferredRewriteData = { pgPoolGuard: 'rewrite', uri, key: rewrite.key };
    return { title: rewrite.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], data };
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

/** Every preferred rewrite of the file's findings, skipping any that would overlap one already taken. */
function fixAllAction(sources: CodeActionSources, getText: (p: string) => string | undefined): CodeAction | undefined {
  const merged = new Map<string, OffsetEdit[]>();
  const taken = new Set<string>();
  for (const finding of sources.findings) {
    const rewrite = sources.rewrites?.compute(finding, getText);
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
  return edit ? { title: 'Rewrite shared pg Clients to Pools', kind: FIX_ALL_KIND, edit } : undefined;
}

function editsOverlap(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.length === 0 && b.length === 0) return a.offset === b.offset;
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}

/** Offsets → ranges against each file's current text; open documents are pinned to their version. */
export function toWorkspaceEdit(edits: Map<string, OffsetEdit[]>, sources: Pick<CodeActionSources, 'fileFor' | 'support'>): WorkspaceEdit | undefined {
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
