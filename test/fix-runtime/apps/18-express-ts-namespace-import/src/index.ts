import express from 'express';
import { routes } from './routes';

const app = express();
app.use(express.json());
app.get('/health', (_req, res) => {
  res.send('ok');
});
app.use(routes);
app.listen(Number(process.env.PORT ?? 3000));
