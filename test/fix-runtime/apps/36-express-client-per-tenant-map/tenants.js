const { Client } = require('pg');

const clients = new Map();

function urlFor(tenant) {
  return process.env[`DATABASE_URL_${tenant.toUpperCase()}`] || process.env.DATABASE_URL;
}

// One connection per tenant, opened on its first request.
async function clientFor(tenant) {
  let client = clients.get(tenant);
  if (!client) {
    client = new Client({ connectionString: urlFor(tenant) });
    await client.connect();
    clients.set(tenant, client);
  }
  return client;
}

module.exports = { clientFor };
