const { Client } = require('pg');

const client = new Client({ connectionString: process.env.DATABASE_URL });
client.connect().catch((err) => {
  console.error('database unavailable', err);
  process.exit(1);
});

async function query(text, params) {
  const result = await client.query(text, params);
  return result.rows;
}

// Runs `work` inside BEGIN/COMMIT; it gets the client to send its statements on.
async function transaction(work) {
  await client.query('BEGIN');
  try {
    const value = await work(client);
    await client.query('COMMIT');
    return value;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

module.exports = { query, transaction };
