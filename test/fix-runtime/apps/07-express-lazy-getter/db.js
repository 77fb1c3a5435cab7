const pg = require('pg');

let client = null;

// Connect on first use.
async function getClient() {
  if (!client) {
    client = new pg.Client(process.env.DATABASE_URL);
    await client.connect();
  }
  return client;
}

module.exports = { getClient };
