const { Client } = require('pg');
const { databaseSettings } = require('./settings');

const db = new Client(databaseSettings());
db.connect();

module.exports = db;
