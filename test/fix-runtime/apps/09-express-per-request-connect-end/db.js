const { Client } = require('pg');

module.exports = new Client({ connectionString: process.env.DATABASE_URL });
