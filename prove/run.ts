/**
 * `npm run prove`: runs the example app before and after `pg-pool-guard --fix`
 * on a real PostgreSQL and prints the comparison. Exit 0 when the proof
 * holds, 1 when an expectation fails, 2 when the harness itself cannot run.
 *
 *   npm run prove -- [--bursts N] [--rounds N] [--load-attempts N]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PROOF_OPTIONS, runProof, type ProofOptions } from './harness';
import { latencyShortfall, proofFailures, renderTable } from './report';
import { poolProofFailures, renderPoolTable } from './pool-harness';
import { mysqlProofFailures, renderMysqlTable } from './mysql-harness';

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`--${name} must be an integer from 1 to 100 (got "${value}")`);
  return n;
}

function parseOptions(argv: string[]): ProofOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      bursts: { type: 'string' },
      rounds: { type: 'string' },
      'load-attempts': { type: 'string' },
    },
  });
  return {
    ...DEFAULT_PROOF_OPTIONS,
    bursts: positiveInteger('bursts', values.bursts, DEFAULT_PROOF_OPTIONS.bursts),
    rounds: positiveInteger('rounds', values.rounds, DEFAULT_PROOF_OPTIONS.rounds),
    loadAttempts: positiveInteger('load-attempts', values['load-attempts'], DEFAULT_PROOF_OPTIONS.loadAttempts),
    log: (message) => console.error(`[prove] ${message}`),
  };
}

async function main(): Promise<number> {
  let options: ProofOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
  let result;
  try {
    result = await runProof(options);
  } catch (err) {
    console.error(`[prove] the proof could not run:\n${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  console.log(renderTable(result));
  console.log(`\n${renderPoolTable(result.pool)}`);
  console.log(`\n${renderMysqlTable(result.mysql)}`);
  const shortfall = latencyShortfall(result);
  const failures = [...proofFailures(result), ...poolProofFailures(result.pool), ...mysqlProofFailures(result.mysql)];
  if (shortfall) failures.push(shortfall);
  if (failures.length > 0) {
    console.log(`\nPROOF FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    return 1;
  }
  console.log('\nProof holds: the shared Client and the shared mysql2 connection corrupt data and serialise requests, a leaked pool client hangs the app and a pool.query transaction loses money; after --fix none of it happens.');
  return 0;
}

main().then((code) => {
  process.exitCode = code;
});
