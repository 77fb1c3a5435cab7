import { app } from './app';
import { PORT } from './config';
import { db } from './db';

async function start(): Promise<void> {
  await db.connect();
  console.log('Connected to PostgreSQL');
  app.listen(PORT, () => console.log(`API on :${PORT}`));
}

start().catch((err) => {
  console.error(err);
  process.exit(1);
});
