// The app's connection pool, with pg's defaults: 10 connections and no bound
// on how long a caller waits for one.
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

pool.on('error', (err) => {
  console.error('idle PostgreSQL client failed', err);
});

module.exports = pool;
