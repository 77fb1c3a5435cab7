const { Client } = require('pg');

class Database {
  constructor(url) {
    this.client = new Client({ connectionString: url });
  }

  async connect() {
    await this.client.connect();
    console.log('Database connected');
  }

  async query(text, params) {
    return (await this.client.query(text, params)).rows;
  }

  async transfer(from, to, amount) {
    await this.client.query('BEGIN');
    try {
      await this.client.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
      await this.client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await this.client.query('SELECT pg_sleep(0.02)');
      await this.client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
      await this.client.query('COMMIT');
    } catch (err) {
      await this.client.query('ROLLBACK');
      throw err;
    }
  }
}

module.exports = new Database(process.env.DATABASE_URL);
