// One connection for the whole app: opened at startup, shared by every route.
const { Client } = require('pg');

const client = new Client(process.env.DATABASE_URL);
client.connect();

module.exports = client;
