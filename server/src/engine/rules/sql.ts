/**
 * Moved to ../sql.ts (graph/ and fix/ use it too). Kept so the fix engine
 * (fix/sessionState.ts, fix/transactions.ts, fix/wrappers.ts) builds
 * unchanged; delete once they import '../sql'.
 */
export * from '../sql';
