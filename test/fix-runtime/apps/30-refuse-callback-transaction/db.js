const { Client } = require('pg');
const client = new Client(process.env.DATABASE_URL);
client.connect();

function transfer(from, to, amount, done) {
  client.query('BEGIN', (err) => {
    if (err) return done(err);
    client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from], () => {
      client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to], () => {
        client.query('COMMIT', done);
      });
    });
  });
}

module.exports = { client, transfer };
