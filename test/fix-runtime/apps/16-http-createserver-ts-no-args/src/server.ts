import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, db } from './db';

async function json(req: IncomingMessage): Promise<{ from: number; to: number; amount: number }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  if (req.url === '/health') return reply(res, 200, 'ok');
  if (req.url === '/pid') {
    const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
    return reply(res, 200, { pid: rows[0].pid });
  }
  if (req.url === '/transfer') {
    const { from, to, amount } = await json(req);
    try {
      await db.query('BEGIN');
      await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
      await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await db.query('SELECT pg_sleep(0.02)');
      await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
      await db.query('COMMIT');
      return reply(res, 200, { ok: true });
    } catch (err) {
      await db.query('ROLLBACK');
      return reply(res, 400, { error: (err as Error).message });
    }
  }
  reply(res, 404, {});
});

connect().then(() => server.listen(Number(process.env.PORT ?? 3000)));
