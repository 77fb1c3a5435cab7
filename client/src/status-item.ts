/** The language status item: analysing… / "N files in T ms" / error. */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/shared/protocol';

const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
];

export function createStatusItem(showOutputCommand: string): vscode.LanguageStatusItem & { update(status: StatusParams): void } {
  const item = vscode.languages.createLanguageStatusItem('pgPoolGuard.status', SELECTOR);
  item.name = 'pg-pool-guard';
  item.text = 'pg-pool-guard: starting…';
  item.command = { title: 'Show Output', command: showOutputCommand };
  return Object.assign(item, {
    update(status: StatusParams) {
      item.busy = status.state === 'analysing';
      switch (status.state) {
        case 'analysing':
          item.text = 'pg-pool-guard: analysing…';
          item.detail = undefined;
          item.severity = vscode.LanguageStatusSeverity.Information;
          break;
        case 'ok':
          item.text = `pg-pool-guard: ${status.files} files in ${status.ms} ms`;
          item.detail = 'last analysis';
          item.severity = vscode.LanguageStatusSeverity.Information;
          break;
        case 'error':
          item.text = 'pg-pool-guard: error';
          item.detail = status.message;
          item.severity = vscode.LanguageStatusSeverity.Error;
          break;
      }
    },
  });
}
