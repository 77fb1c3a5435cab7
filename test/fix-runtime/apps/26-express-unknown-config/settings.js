const fs = require('fs');
const path = require('path');

// settings.json when there is one, else the environment's URL.
function databaseSettings() {
  const file = path.join(__dirname, 'settings.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).database;
  return process.env.DATABASE_URL;
}

module.exports = { databaseSettings };
