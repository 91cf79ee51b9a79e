import { Writable } from 'node:stream';
import Koa from 'koa';
import request from 'supertest';
import { z } from 'zod';
import { AppError, ZErrorEnvelope } from '@contest/shared';
import type { AppState } from '@contest/bff/src/context';
import { createLogger } from '@contest/bff/src/logger';
import { errorHandler } from '@contest/bff/src/middleware/errorHandler';
import { requestContext } from '@contest/bff/src/middleware/requestContext';

function appThrowing(error: unknown, logLines: string[] = []): Koa<AppState> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const app = new Koa<AppState>();
  app.silent = true;
  app.use(requestContext(createLogger({ LOG_LEVEL: 'info' }, sink)));
  app.use(errorHandler());
  app.use(() => {
    throw error;
  });
  return app;
}

it('answers an unexpected error with 500 and a generic message, logging the cause', async () => {
  const logLines: string[] = [];
  const res = await request(appThrowing(new Error('secret connection string mongodb://u:p@db'), logLines).callback())
    .get('/x')
    .expect(500);
  const body = ZErrorEnvelope.parse(res.body);
  expect(body.code).toBe('INTERNAL');
  expect(body.message).toBe('服务器开小差了，请稍后再试');
  expect(JSON.stringify(res.body)).not.toContain('secret');
  expect(JSON.stringify(res.body)).not.toContain('at ');
  expect(logLines.join('')).toContain('secret connection string');
});

it('answers an AppError with its status, code and message', async () => {
  const res = await request(appThrowing(new AppError('CONFLICT', '已被他人处理')).callback()).get('/x').expect(409);
  expect(res.body).toMatchObject({ ok: false, code: 'CONFLICT', message: '已被他人处理' });
});

it('answers a zod failure with 400 and the field that failed', async () => {
  const parsed = z.object({ name: z.string().min(2, '姓名至少两个字') }).safeParse({ name: 'x' });
  const res = await request(appThrowing(parsed.error).callback()).get('/x').expect(400);
  expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'name', message: '姓名至少两个字' }] });
});
