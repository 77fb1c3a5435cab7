const { Client } = require('pg');

const client = new Client(process.env.DATABASE_URL);
client.connect();
// Reports are in local time for the office.
client.query("SET TIME ZONE 'America/Sao_Paulo'");

module.exports = client;
