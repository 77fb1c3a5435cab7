var http = require('http');
var db = require('./db');

function readBody(req) {
  return new Promise(function (resolve, reject) {
    var text = '';
    req.on('data', function (chunk) { text += chunk; });
    req.on('end', function () { resolve(text ? JSON.parse(text) : {}); });
    req.on('error', reject);
  });
}

function send(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function transfer(from, to, amount) {
  await db.query('BEGIN');
  try {
    await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
    await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await db.query('SELECT pg_sleep(0.02)');
    await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}

http.createServer(async function (req, res) {
  try {
    if (req.url === '/health') return send(res, 200, 'ok');
    if (req.url === '/pid') {
      var result = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
      return send(res, 200, { pid: result.rows[0].pid });
    }
    if (req.url === '/transfer' && req.method === 'POST') {
      var t = await readBody(req);
      await transfer(t.from, t.to, t.amount);
      return send(res, 200, { ok: true });
    }
    if (req.url === '/audit' && req.method === 'POST') {
      var body = await readBody(req);
      await db.query('INSERT INTO audit_log (note) VALUES ($1)', [body.note]);
      return send(res, 201, { ok: true });
    }
    send(res, 404, { error: 'not found' });
  } catch (err) {
    send(res, 500, { error: err.message });
  }
}).listen(Number(process.env.PORT || 3000));
