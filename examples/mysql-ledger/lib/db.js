// One MySQL connection for the whole app, opened when the module loads.
// Routes use its promise API (`await db.query(...)` → [rows, fields]).
const mysql = require('mysql2');

const connection = mysql.createConnection(process.env.DATABASE_URL);

module.exports = connection.promise();
