import express from 'express';
import { connectDatabase, db } from './db';
import { apiRoutes } from './routes';

const app = express();
app.use(express.json());
app.get('/health', (_req, res) => {
  res.send('ok');
});
app.use(apiRoutes(db));

async function main(): Promise<void> {
  await connectDatabase();
  app.listen(Number(process.env.PORT ?? 3000));
}

void main();
