/**
 * Which quick fix a finding gets, as a key the code action list and
 * codeAction/resolve agree on: one rewrite per connection for the
 * shared-connection rules (all three findings of one Client share it), one
 * fix per finding for the Pool rules.
 */
import type { Finding } from '../engine/types';

/** Titles of the Pool rules' quick fixes while listing (null: the rule has none). */
const POOL_FIX_TITLES: Readonly<Record<string, string | null | undefined>> = {
  'pool-connect-timeout': 'Add connectionTimeoutMillis to the Pool',
  'pool-error-listener': "Add an 'error' listener to the Pool",
  'pool-client-leak': 'Release the pool client in finally',
  'pool-transaction': 'Run the transaction on one checked-out connection',
  'pool-per-request': 'Create the Pool once, at module scope',
};

export function fixKeyOf(finding: Finding): string | undefined {
  if (!finding.creation) return undefined;
  const poolFix = POOL_FIX_TITLES[finding.rule];
  if (poolFix === null) return undefined; // no quick fix
  return poolFix !== undefined ? `${finding.rule}#${finding.file}#${finding.range.offset}` : `${finding.creation.file}#${finding.creation.id}`;
}

/** The listing title of a Pool rule's fix; undefined for the connection rewrite. */
export function poolFixTitle(finding: Finding): string | undefined {
  return POOL_FIX_TITLES[finding.rule] ?? undefined;
}
