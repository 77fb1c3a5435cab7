// Schema and seed data; run once with `npm run migrate`. A script: one connection, used in order, then closed.
const mysql = require('mysql2/promise');

const WALLETS = 50;
const OPENING_BALANCE = 1000;

async function migrate() {
  const connection = await mysql.createConnection(process.env.DATABASE_URL);
  try {
    await connection.query(`
      CREATE TABLE IF NOT EXISTS wallets (
        id      INT PRIMARY KEY,
        holder  VARCHAR(100) NOT NULL,
        balance BIGINT NOT NULL,
        CONSTRAINT balance_not_negative CHECK (balance >= 0)
      ) ENGINE=InnoDB`);
    await connection.query(`
      CREATE TABLE IF NOT EXISTS payments (
        id         BIGINT AUTO_INCREMENT PRIMARY KEY,
        from_id    INT NOT NULL,
        to_id      INT NOT NULL,
        amount     BIGINT NOT NULL,
        created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
      ) ENGINE=InnoDB`);
    await connection.query(`
      CREATE TABLE IF NOT EXISTS events (
        id         BIGINT AUTO_INCREMENT PRIMARY KEY,
        kind       VARCHAR(100) NOT NULL,
        note       TEXT,
        created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
      ) ENGINE=InnoDB`);
    // The SLEEP calls stand in for the time these take on a big, busy database.
    await connection.query('DROP PROCEDURE IF EXISTS latest_movements');
    await connection.query(`
      CREATE PROCEDURE latest_movements(IN wallet INT)
      BEGIN
        DO SLEEP(0.02);
        SELECT from_id, to_id, amount, created_at FROM payments
         WHERE wallet IN (from_id, to_id) ORDER BY created_at DESC LIMIT 10;
      END`);
    await connection.query('DROP FUNCTION IF EXISTS paid_today');
    await connection.query(`
      CREATE FUNCTION paid_today(wallet INT) RETURNS BIGINT
      READS SQL DATA
      BEGIN
        DO SLEEP(0.05);
        RETURN (SELECT COALESCE(SUM(amount), 0) FROM payments
                 WHERE from_id = wallet AND created_at > NOW() - INTERVAL 1 DAY);
      END`);
    const rows = Array.from({ length: WALLETS }, (_, i) => [i + 1, `holder ${i + 1}`, OPENING_BALANCE]);
    await connection.query('INSERT IGNORE INTO wallets (id, holder, balance) VALUES ?', [rows]);
  } finally {
    await connection.end();
  }
}

migrate().then(
  () => console.log('migrated'),
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
