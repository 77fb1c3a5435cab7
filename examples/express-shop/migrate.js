// Creates the schema and seed data. Run once: `npm run migrate`.
const { Client } = require('pg');

const ACCOUNTS = 50;
const OPENING_BALANCE = 1000;

async function migrate() {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`
      CREATE TABLE IF NOT EXISTS accounts (
        id      integer PRIMARY KEY,
        owner   text NOT NULL,
        balance bigint NOT NULL CHECK (balance >= 0)
      )`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS transfers (
        id         bigserial PRIMARY KEY,
        from_id    integer NOT NULL REFERENCES accounts (id),
        to_id      integer NOT NULL REFERENCES accounts (id),
        amount     bigint NOT NULL CHECK (amount > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS audit_log (
        id         bigserial PRIMARY KEY,
        action     text NOT NULL,
        detail     text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The pg_sleep calls stand in for the time these queries take on a large,
    // busy database, so the demo behaves like production at small scale.
    await client.query(`
      CREATE OR REPLACE FUNCTION recent_activity(account integer)
      RETURNS TABLE (from_id integer, to_id integer, amount bigint, created_at timestamptz)
      LANGUAGE sql AS $$
        SELECT pg_sleep(0.02);
        SELECT t.from_id, t.to_id, t.amount, t.created_at FROM transfers t
         WHERE account IN (t.from_id, t.to_id)
         ORDER BY t.created_at DESC LIMIT 10;
      $$`);
    await client.query(`
      CREATE OR REPLACE FUNCTION sent_today(account integer)
      RETURNS bigint
      LANGUAGE sql AS $$
        SELECT pg_sleep(0.05);
        SELECT coalesce(sum(t.amount), 0)::bigint FROM transfers t
         WHERE t.from_id = account AND t.created_at > now() - interval '1 day';
      $$`);
    await client.query(
      `INSERT INTO accounts (id, owner, balance)
       SELECT n, 'customer ' || n, $2 FROM generate_series(1, $1::integer) AS n
       ON CONFLICT (id) DO NOTHING`,
      [ACCOUNTS, OPENING_BALANCE],
    );
  } finally {
    await client.end();
  }
}

migrate().then(
  () => console.log('migrated'),
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
