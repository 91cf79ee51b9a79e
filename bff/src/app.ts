import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import serveStatic from 'koa-static';
import { z } from 'zod';
import type { AppDeps, AppState } from './context';
import { authenticate } from './middleware/authenticate';
import { errorHandler } from './middleware/errorHandler';
import { requestContext } from './middleware/requestContext';
import { apiRouter } from './routes/api';
import { healthRouter } from './routes/health';
import { publicResultsRouter } from './routes/api/results';

// Zod's own messages (a missing field, a wrong type) in Chinese for every route; messages
// written on a schema still win.
z.config(z.locales.zhCN());

/** Builds the Koa app without listening, so tests can mount it directly. */
export function createApp(deps: AppDeps): Koa<AppState> {
  // Only the last TRUST_PROXY_HOPS entries of X-Forwarded-For were written by our proxies; the
  // client writes whatever it likes in front of them.
  const hops = deps.config.TRUST_PROXY_HOPS;
  const app = new Koa<AppState>({ proxy: hops > 0, maxIpsCount: hops });
  // Errors are answered and logged by errorHandler; silence Koa's default stderr printer.
  app.silent = true;

  app.use(requestContext(deps.logger));
  app.use(errorHandler());
  // The public 公示 answers come ready from memory: matched before the rest (see its router).
  app.use(publicResultsRouter().routes());
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: deps.config.BODY_LIMIT_BYTES,
      encoding: 'utf-8',
    }),
  );

  app.use(authenticate(deps));

  const health = healthRouter();
  const api = apiRouter(deps);
  app.use(health.routes());
  app.use(api.routes());
  app.use(api.allowedMethods());

  if (deps.config.H5_DIST_DIR) {
    app.use(serveStatic(deps.config.H5_DIST_DIR, { index: 'index.html', maxage: 0 }));
  }
  return app;
}
