// Imports a batch of events. Top-level await, ES module.
import pg from 'pg';

const client = new pg.Client(`${process.env.DATABASE_URL}`);
await client.connect();

const kinds = ['signup', 'login', 'logout', 'purchase', 'refund'];
await Promise.all(kinds.map((kind, i) => client.query('INSERT INTO events (kind, payload) VALUES ($1, $2)', [kind, { i }])));
const { rows } = await client.query('SELECT count(*)::int AS n FROM events');
console.log(`${rows[0].n} events`);

await client.end();
