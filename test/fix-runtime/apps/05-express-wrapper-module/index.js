const express = require('express');
const routes = require('./routes');

const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));
app.use('/', routes);
app.listen(process.env.PORT || 3000);
