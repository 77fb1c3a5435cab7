// One connection for the whole app, opened when the module is first required.
const { Client } = require('pg');

const client = new Client({ connectionString: process.env.DATABASE_URL });
client.connect();

module.exports = client;
