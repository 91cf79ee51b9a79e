/**
 * The baseline for `bench:register`: a bare Koa app (the BFF's Koa) answering `{ ok: true }`
 * on GET /bare, run as its own process. PORT (default 0); prints `bare listening on <url>`.
 */
import Koa from 'koa';

const app = new Koa();
app.use((ctx) => {
  if (ctx.method === 'GET' && ctx.path === '/bare') ctx.body = { ok: true };
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`bare listening on http://127.0.0.1:${port}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
