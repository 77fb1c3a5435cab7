const express = require('express');
const ledger = require('./routes/ledger');

const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));
app.get('/pid', ledger.pid);
app.post('/transfer', ledger.transfer);
app.listen(process.env.PORT || 3000);
