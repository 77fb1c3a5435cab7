// Schema and seed data: run once with `npm run migrate`. A script with its own short-lived Client.
const { Client } = require('pg');

const CUSTOMERS = 200;

async function migrate() {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`
      CREATE TABLE IF NOT EXISTS orders (
        id       integer PRIMARY KEY,
        customer integer NOT NULL,
        status   text NOT NULL
      )`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS order_lines (
        order_id integer NOT NULL REFERENCES orders (id),
        sku      text NOT NULL,
        quantity integer NOT NULL
      )`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS credits (
        customer integer PRIMARY KEY,
        balance  bigint NOT NULL
      )`);
    // Stands in for a fraud check that takes a while on a busy database.
    await client.query(`
      CREATE OR REPLACE FUNCTION check_credit(customer integer) RETURNS boolean
      LANGUAGE sql AS $$ SELECT pg_sleep(0.02); SELECT true; $$`);
    await client.query(
      `INSERT INTO orders (id, customer, status) SELECT n, n, 'open' FROM generate_series(1, 20) AS n ON CONFLICT DO NOTHING`,
    );
    await client.query(
      `INSERT INTO order_lines (order_id, sku, quantity) SELECT n, 'sku-' || n, n FROM generate_series(1, 20) AS n`,
    );
    await client.query(
      `INSERT INTO credits (customer, balance) SELECT n, 1000 FROM generate_series(1, $1::integer) AS n ON CONFLICT DO NOTHING`,
      [CUSTOMERS],
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
