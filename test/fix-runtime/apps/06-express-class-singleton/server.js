const express = require('express');
const db = require('./database');

const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));
app.get('/pid', async (req, res) => {
  const [row] = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: row.pid });
});
app.post('/transfer', (req, res) => {
  db.transfer(req.body.from, req.body.to, req.body.amount).then(
    () => res.json({ ok: true }),
    (err) => res.status(400).json({ error: err.message }),
  );
});
app.post('/audit', async (req, res) => {
  await db.query('INSERT INTO audit_log (note) VALUES ($1)', [req.body.note]);
  res.json({ ok: true });
});

db.connect().then(() => app.listen(process.env.PORT || 3000));
