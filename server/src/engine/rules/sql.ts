/**
 * Moved to ../sql.ts (graph/ and fix/ use it too). Kept so fix/transactions.ts
 * and fix/wrappers.ts build unchanged while the fix engine is rewritten;
 * delete once they import '../sql'.
 */
export * from '../sql';
