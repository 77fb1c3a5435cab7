import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { test } from 'node:test';
import { HttpClient } from '../../prove/http';

/** A server that drops a kept-alive socket unread when a request arrives on it for the `dropAt`-th time. */
async function startServer(dropAt: number): Promise<{ server: Server; url: string; handled: () => number }> {
  const seen = new WeakMap<Socket, number>();
  let handled = 0;
  const server = createServer((req, res) => {
    const count = (seen.get(req.socket) ?? 0) + 1;
    seen.set(req.socket, count);
    if (count === dropAt) {
      req.socket.destroy();
      return;
    }
    handled++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, handled: () => handled };
}

test('a kept-alive socket reset before the request was read is retried once on a new socket', async () => {
  const { server, url, handled } = await startServer(2);
  const http = new HttpClient(url);
  try {
    assert.equal((await http.request('GET', '/a')).status, 200);
    const second = await http.request('POST', '/b', { n: 1 });
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, { ok: true });
    assert.equal(handled(), 2);
  } finally {
    http.close();
    server.close();
  }
});

test('the retry opens a new connection: every idle kept-alive socket may be stale at once', async () => {
  const { server, url, handled } = await startServer(2);
  const http = new HttpClient(url);
  try {
    // Two sockets in the agent's idle pool, both dropped on their next use.
    await Promise.all([http.request('GET', '/a'), http.request('GET', '/b')]);
    const third = await http.request('GET', '/c');
    assert.equal(third.status, 200);
    assert.equal(handled(), 3);
  } finally {
    http.close();
    server.close();
  }
});

test('a reset on a fresh socket is an error, not retried', async () => {
  const { server, url, handled } = await startServer(1);
  const http = new HttpClient(url);
  try {
    await assert.rejects(http.request('GET', '/a'), (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
    assert.equal(handled(), 0);
  } finally {
    http.close();
    server.close();
  }
});
