const { Client } = require('pg');

const config = { connectionString: process.env.DATABASE_URL };
let client = new Client(config);

function reconnect(err) {
  console.warn('database connection lost, reconnecting', err && err.message);
  client = new Client(config);
  client.on('error', reconnect);
  setTimeout(() => client.connect().catch(reconnect), 1000);
}

client.on('error', reconnect);
client.connect();

module.exports = { query: (text, params) => client.query(text, params) };
