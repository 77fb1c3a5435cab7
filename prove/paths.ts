import { resolve } from 'node:path';

/** Repository root (this file is prove/paths.ts). */
export const REPO_ROOT = resolve(__dirname, '..');
export const EXAMPLE_APP_DIR = resolve(REPO_ROOT, 'examples', 'express-shop');
export const CLI_SCRIPT = resolve(REPO_ROOT, 'bin', 'pg-pool-guard.js');
export const CLI_BUNDLE = resolve(REPO_ROOT, 'server', 'out', 'cli.js');
/** The app copies live outside the repo; they find express and pg here. */
export const REPO_NODE_MODULES = resolve(REPO_ROOT, 'node_modules');
export const MYSQL_EXAMPLE_APP_DIR = resolve(REPO_ROOT, 'examples', 'mysql-ledger');
export const POOL_EXAMPLE_APP_DIR = resolve(REPO_ROOT, 'examples', 'pool-orders');
