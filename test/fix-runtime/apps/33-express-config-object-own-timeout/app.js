const express = require('express');
const db = require('./db');

const app = express();
app.get('/health', (req, res) => res.send('ok'));
app.get('/pid', async (req, res) => {
  const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: rows[0].pid });
});
app.listen(process.env.PORT || 3000);
