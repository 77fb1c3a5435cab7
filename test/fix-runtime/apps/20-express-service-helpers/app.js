const express = require('express');
const db = require('./db');

const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));
app.get('/pid', async (req, res) => res.json({ pid: await db.backendPid() }));
app.post('/transfer', async (req, res) => {
  try {
    await db.transfer(req.body.from, req.body.to, req.body.amount);
    res.json({ ok: true });
  } catch (err) {
    res.status(400).json({ error: err.message });
  }
});
app.post('/audit', async (req, res) => {
  await db.audit(req.body.note);
  res.sendStatus(201);
});
app.listen(process.env.PORT || 3000);
