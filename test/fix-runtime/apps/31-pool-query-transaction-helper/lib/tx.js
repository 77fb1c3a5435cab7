// Left over from the days of a single Client: BEGIN, the work and COMMIT all go through the pool.
const pool = require('./pool');

async function tx(work) {
  await pool.query('BEGIN');
  try {
    const value = await work(pool);
    await pool.query('COMMIT');
    return value;
  } catch (err) {
    await pool.query('ROLLBACK');
    throw err;
  }
}

module.exports = { tx };
