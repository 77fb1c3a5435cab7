const http = require('http');
const db = require('./db');

http.createServer(async (req, res) => {
  if (req.url === '/health') return res.end('ok');
  const { rows } = await db.query('SELECT pg_backend_pid() AS pid');
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ pid: rows[0].pid }));
}).listen(Number(process.env.PORT || 3000));
