import express, { type ErrorRequestHandler } from 'express';
import { miscRouter } from '@/routes/misc';
import { transferRouter } from '@/routes/transfer';

const app = express();
app.use(express.json());
app.get('/health', (_req, res) => {
  res.send('ok');
});
app.use(miscRouter, transferRouter);
const onError: ErrorRequestHandler = (err, _req, res, _next) => {
  res.status(500).json({ error: (err as Error).message });
};
app.use(onError);
app.listen(Number(process.env.PORT ?? 3000));
