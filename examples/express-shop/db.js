// The database handle every module shares, connected when first required.
const { Client } = require('pg');

const client = new Client({ connectionString: process.env.DATABASE_URL });
client.connect();

module.exports = client;
