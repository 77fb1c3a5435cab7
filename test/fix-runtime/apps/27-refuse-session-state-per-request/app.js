const express = require('express');
const db = require('./db');

const app = express();
// Each tenant has its own schema.
app.get('/t/:tenant/items', async (req, res) => {
  await db.query(`SET search_path TO tenant_${req.params.tenant}`);
  res.json((await db.query('SELECT * FROM items')).rows);
});
app.listen(process.env.PORT || 3000);
