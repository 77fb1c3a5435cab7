const { Client } = require('pg');

const db = new Client(process.env.DATABASE_URL);

module.exports = { db };
