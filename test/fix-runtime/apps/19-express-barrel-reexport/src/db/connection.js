const { Client } = require('pg');

const connection = new Client({ connectionString: process.env.DATABASE_URL });
connection.connect();

module.exports = { connection };
