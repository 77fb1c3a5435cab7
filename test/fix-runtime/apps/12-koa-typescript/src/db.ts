import pg from 'pg';

const url: string = process.env.DATABASE_URL ?? 'postgres://localhost/koa';
const db = new pg.Client(url);
db.connect();

export default db;
