const express = require('express');
const client = require('./db');

client.connect();

const app = express();
app.get('/health', (req, res) => res.send('ok'));
app.get('/pid', async (req, res) => {
  const { rows } = await client.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: rows[0].pid });
});
app.get('/users', async (req, res) => res.json((await client.query('SELECT name FROM users ORDER BY name')).rows));
app.listen(process.env.PORT || 3000);
