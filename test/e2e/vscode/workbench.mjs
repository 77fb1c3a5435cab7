// Small helpers that drive the VS Code workbench in a Playwright page the way
// a person would: keyboard shortcuts, Quick Open, the Problems panel.
import { pollUntil } from './poll.mjs';

export const SQUIGGLES = '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info';
export const LIGHTBULB = '.monaco-editor .lightBulbWidget, .monaco-editor [class*="codicon-lightbulb"], .monaco-editor .codicon-light-bulb';
export const ACTION_WIDGET = '.action-widget';

export async function waitForWorkbench(page, timeout = 90_000) {
  await page.waitForSelector('.monaco-workbench .part.editor', { state: 'visible', timeout });
  // The explorer shows the folder once the remote file system is connected.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { state: 'visible', timeout });
}

/** Opens a workspace file by its relative path through Quick Open (Ctrl+P). */
export async function quickOpen(page, relativePath, timeout = 30_000) {
  const name = relativePath.split('/').pop();
  await pollUntil(async () => {
    await page.keyboard.press('Control+P');
    return page.locator('.quick-input-widget').isVisible();
  }, { timeout, interval: 500, what: 'Quick Open' });
  await page.keyboard.type(relativePath);
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  await pollUntil(async () => ((await first.textContent().catch(() => '')) ?? '').includes(name), { timeout, what: `Quick Open result ${name}` });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tabs-container .tab.active[aria-label*="${name}"]`, { timeout });
  await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { state: 'visible', timeout });
}

/** Go to Line (Ctrl+G) with a 1-based line and column. */
export async function goToLine(page, line, column, timeout = 15_000) {
  await pollUntil(async () => {
    await page.keyboard.press('Control+G');
    return page.locator('.quick-input-widget').isVisible();
  }, { timeout, interval: 500, what: 'Go to Line' });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await pollUntil(async () => {
    const status = (await page.locator('.statusbar-item[id="status.editor.selection"]').textContent().catch(() => '')) ?? '';
    return status.includes(`Ln ${line}, Col ${column}`);
  }, { timeout, what: `cursor at Ln ${line}, Col ${column}` });
}

/** Squiggle decorations that sit on the editor line showing `lineText`. */
export async function squigglesOnLine(page, lineText) {
  return page.evaluate(({ selector, lineText }) => {
    const lines = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')];
    const target = lines.find((el) => (el.textContent ?? '').replace(/\u00a0/g, ' ') === lineText);
    if (!target) return [];
    const box = target.getBoundingClientRect();
    return [...document.querySelectorAll(selector)]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const middle = r.top + r.height / 2;
        return r.width > 0 && middle >= box.top && middle <= box.bottom;
      })
      .map((el) => el.className);
  }, { selector: SQUIGGLES, lineText });
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns the text of every visible row. */
export async function problemsRows(page) {
  if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel', { state: 'visible', timeout: 15_000 });
  }
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => ({
      text: (row.textContent ?? '').replace(/\u00a0/g, ' '),
      label: row.getAttribute('aria-label') ?? '',
      related: row.querySelector('.related-info, .marker-related') !== null || /related/i.test(row.className),
    })),
  );
}

/** Entries of the open quick-fix menu (Ctrl+.): title and whether it is greyed out. */
export async function quickFixItems(page) {
  return page.locator(`${ACTION_WIDGET} .monaco-list-row.action`).evaluateAll((rows) =>
    rows.map((row) => ({
      title: (row.querySelector('.title')?.textContent ?? row.textContent ?? '').trim(),
      disabled: row.classList.contains('option-disabled') || row.getAttribute('aria-disabled') === 'true',
    })),
  );
}

/**
 * Applies the quick-fix menu entry titled `title` with the keyboard, as a user
 * would (the menu's pointer block swallows synthetic clicks).
 */
export async function selectQuickFix(page, title, entries) {
  const focused = page.locator(`${ACTION_WIDGET} .monaco-list-row.action.focused`);
  for (let step = 0; step <= entries * 2; step++) {
    if ((await focused.getAttribute('aria-label').catch(() => null)) === title) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`could not focus "${title}" in the quick-fix menu`);
}

/** Runs a command by its palette label (F1), waiting for the palette to close. */
export async function runCommand(page, label, timeout = 15_000) {
  await pollUntil(async () => {
    await page.keyboard.press('F1');
    return page.locator('.quick-input-widget').isVisible();
  }, { timeout, interval: 500, what: 'the command palette' });
  await page.keyboard.type(label);
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  await pollUntil(async () => ((await first.getAttribute('aria-label').catch(() => '')) ?? '').startsWith(label), { timeout, what: `command "${label}"` });
  await page.keyboard.press('Enter');
  await pollUntil(async () => !(await page.locator('.quick-input-widget').isVisible()), { timeout, what: 'the command palette to close' });
}

/**
 * Text of the active editor as rendered: its `.view-line`s in top-to-bottom
 * order (only the lines in view, so meant for short files).
 */
export async function activeEditorText(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor')
      ?? document.querySelector('.editor-instance .monaco-editor');
    if (!editor) return undefined;
    return [...editor.querySelectorAll('.view-lines .view-line')]
      .map((el) => ({ top: el.getBoundingClientRect().top, text: (el.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text)
      .join('\n');
  });
}

/** Number of unsaved files, from the Explorer's activity-bar badge ("Explorer … - 2 unsaved files"). */
export async function unsavedCount(page) {
  const labels = await activityLabels(page);
  for (const label of labels) {
    const match = /(\d+) unsaved file/i.exec(label);
    if (match) return Number(match[1]);
  }
  return 0;
}

/**
 * Answers VS Code's "Would you like to undo/redo '…' across all files?" dialog, if
 * one is showing, with its all-files button. Returns the dialog's text, or undefined.
 */
export async function confirmAcrossFiles(page) {
  const dialog = page.locator('.monaco-dialog-box');
  if (!(await dialog.isVisible().catch(() => false))) return undefined;
  const text = ((await dialog.textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
  const button = dialog.locator('.dialog-buttons .monaco-button').filter({ hasText: /^(Undo|Redo) in \d+ Files$/ });
  if ((await button.count()) === 0) throw new Error(`unexpected dialog: ${text}`);
  await button.first().click();
  await pollUntil(async () => !(await dialog.isVisible().catch(() => false)), { timeout: 10_000, what: 'the undo/redo dialog to close' });
  return text;
}

/** aria-labels and titles in the activity bar (badges are described there). */
export async function activityLabels(page) {
  return page.locator('.activitybar .action-item, .activitybar .action-item *').evaluateAll((items) =>
    items.flatMap((el) => [el.getAttribute('aria-label'), el.getAttribute('title')]).filter(Boolean),
  );
}
