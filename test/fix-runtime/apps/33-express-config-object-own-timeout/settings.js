// The database settings as an object built from the PG* environment, with the app's own limits.
function databaseSettings() {
  return {
    host: process.env.PGHOST,
    port: Number(process.env.PGPORT),
    user: process.env.PGUSER,
    database: process.env.PGDATABASE,
    max: 4,
    connectionTimeoutMillis: 30000,
  };
}

module.exports = { databaseSettings };
