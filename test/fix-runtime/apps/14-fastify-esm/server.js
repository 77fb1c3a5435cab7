import Fastify from 'fastify';
import routes from './routes.js';

const app = Fastify();
app.get('/health', async () => 'ok');
await app.register(routes);
await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
