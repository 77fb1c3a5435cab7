/**
 * The language status item: "analysing…", then what a user wants to know
 * ("142 files · 2 problems"); Warning, with the reason, when files were left
 * out (size, time budget) or the scan was cancelled; Error when it failed.
 */
import * as vscode from 'vscode';
import { statusText, type StatusUpdate } from './status-text';

const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
];

export function createStatusItem(showOutputCommand: string): vscode.LanguageStatusItem & { update(status: StatusUpdate): void } {
  const item = vscode.languages.createLanguageStatusItem('pgPoolGuard.status', SELECTOR);
  item.name = 'pg-pool-guard';
  item.text = 'pg-pool-guard: starting…';
  item.command = { title: 'Show Output', command: showOutputCommand };
  return Object.assign(item, {
    update(status: StatusUpdate) {
      item.busy = status.state === 'analysing';
      item.text = statusText(status);
      switch (status.state) {
        case 'analysing':
          item.detail = undefined;
          item.severity = vscode.LanguageStatusSeverity.Information;
          break;
        case 'ok':
          item.detail = `pg-pool-guard, last pass ${status.ms ?? 0} ms`;
          item.severity = vscode.LanguageStatusSeverity.Information;
          break;
        case 'warning':
          item.detail = status.message;
          item.severity = vscode.LanguageStatusSeverity.Warning;
          break;
        case 'error':
          item.detail = status.message;
          item.severity = vscode.LanguageStatusSeverity.Error;
          break;
      }
    },
  });
}
