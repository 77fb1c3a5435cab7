const { Client } = require('pg');
const express = require('express');

const client = new Client(process.env.DATABASE_URL);
client.connect();
client.query('LISTEN jobs');
client.on('notification', (msg) => console.log('job', msg.payload));

const app = express();
app.get('/jobs', async (req, res) => res.json((await client.query('SELECT * FROM events')).rows));
app.listen(process.env.PORT || 3000);
