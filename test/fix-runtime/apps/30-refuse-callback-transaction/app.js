const express = require('express');
const { transfer } = require('./db');

const app = express();
app.use(express.json());
app.post('/transfer', (req, res) => transfer(req.body.from, req.body.to, req.body.amount, (err) => res.sendStatus(err ? 500 : 200)));
app.listen(process.env.PORT || 3000);
