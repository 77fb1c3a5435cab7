var pg = require('pg');

var client = new pg.Client(process.env.DATABASE_URL);
client.connect(function (err) {
  if (err) {
    console.error('could not connect to postgres', err);
    process.exit(1);
  }
  console.log('connected to postgres');
});

module.exports = client;
