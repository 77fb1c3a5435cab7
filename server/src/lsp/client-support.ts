/**
 * What the connected client can do, read once from its initialize
 * capabilities. Every optional LSP feature the server uses is checked here,
 * so a plain client (Neovim 0.7, a hand-written one) gets answers it
 * understands instead of ones it silently drops or rejects.
 */
import type { ClientCapabilities } from 'vscode-languageserver/node';

export interface ClientSupport {
  /** CodeAction literals (else only Commands are understood). */
  codeActionLiterals: boolean;
  /** codeAction/resolve may fill in `edit`. */
  codeActionResolveEdit: boolean;
  /** CodeAction.disabled is shown (else a disabled action must be left out). */
  codeActionDisabled: boolean;
  codeActionPreferred: boolean;
  /** WorkspaceEdit.documentChanges (versioned edits), else `changes`. */
  documentChanges: boolean;
  /** workspace/applyEdit, for edits run as commands. */
  applyEdit: boolean;
  showDocument: boolean;
  workDoneProgress: boolean;
  configuration: boolean;
  workspaceFolders: boolean;
  watchedFilesRegistration: boolean;
  configurationRegistration: boolean;
  relatedInformation: boolean;
  codeDescription: boolean;
}

export function clientSupport(capabilities: ClientCapabilities | undefined): ClientSupport {
  const caps = capabilities ?? {};
  const codeAction = caps.textDocument?.codeAction;
  const publish = caps.textDocument?.publishDiagnostics;
  return {
    codeActionLiterals: codeAction?.codeActionLiteralSupport !== undefined,
    codeActionResolveEdit: codeAction?.resolveSupport?.properties?.includes('edit') === true,
    codeActionDisabled: codeAction?.disabledSupport === true,
    codeActionPreferred: codeAction?.isPreferredSupport === true,
    documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
    applyEdit: caps.workspace?.applyEdit === true,
    showDocument: caps.window?.showDocument?.support === true,
    workDoneProgress: caps.window?.workDoneProgress === true,
    configuration: caps.workspace?.configuration === true,
    workspaceFolders: caps.workspace?.workspaceFolders === true,
    watchedFilesRegistration: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    configurationRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    relatedInformation: publish?.relatedInformation === true,
    codeDescription: publish?.codeDescriptionSupport === true,
  };
}

/** Everything on: for tests and in-process callers that speak the whole protocol. */
export const FULL_SUPPORT: ClientSupport = {
  codeActionLiterals: true,
  codeActionResolveEdit: true,
  codeActionDisabled: true,
  codeActionPreferred: true,
  documentChanges: true,
  applyEdit: true,
  showDocument: true,
  workDoneProgress: true,
  configuration: true,
  workspaceFolders: true,
  watchedFilesRegistration: true,
  configurationRegistration: true,
  relatedInformation: true,
  codeDescription: true,
};
