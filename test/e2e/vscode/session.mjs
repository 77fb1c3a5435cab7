// One code-server + Chromium session on a folder: install the extension, start the server, open the
// folder in the workbench, run the test's steps; on failure keep a screenshot and the logs; always stop both.
import { chromium } from 'playwright-core';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { installExtension, startCodeServer } from './code-server.mjs';
import { copyLogs } from './logs.mjs';
import { waitForWorkbench } from './workbench.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function withWorkbench({ home, vsix, chromiumPath, folder, artifacts, tag, step }, work) {
  let server;
  let browser;
  let page;
  try {
    step(installExtension(home, vsix).split('\n').pop());
    server = await startCodeServer(home);
    step(`code-server at ${server.url} (pgid ${server.pid})`);
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await waitForWorkbench(page);
    step('workbench ready');
    return await work(page);
  } catch (error) {
    mkdirSync(artifacts, { recursive: true });
    if (page) await page.screenshot({ path: join(artifacts, 'failure.png') }).catch(() => {});
    if (existsSync(home.dirs.log)) copyFileSync(home.dirs.log, join(artifacts, 'code-server.log'));
    copyLogs(join(home.dirs.userData, 'logs'), join(artifacts, 'logs'));
    console.error(`[${tag}] artifacts in ${artifacts}`);
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
}
