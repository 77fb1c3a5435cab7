// Run `work` as one transaction, all or nothing. Written when the app moved
// from a single Client to the Pool: every statement still goes through `pool`.
const pool = require('./pool');

async function inTransaction(work) {
  await pool.query('BEGIN');
  try {
    const result = await work(pool);
    await pool.query('COMMIT');
    return result;
  } catch (err) {
    await pool.query('ROLLBACK');
    throw err;
  }
}

module.exports = { inTransaction };
