const express = require('express');
const accounts = require('./routes/accounts');

const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));
app.use(accounts);
app.use((err, req, res, next) => {
  res.status(err.code === '23514' ? 400 : 500).json({ error: err.message });
});

const port = Number(process.env.PORT || 3000);
app.listen(port, () => console.log(`listening on ${port}`));
