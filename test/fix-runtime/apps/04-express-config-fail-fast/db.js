const { Client } = require('pg');
const config = require('./config');

const db = new Client(config.database.url);

module.exports = db;
