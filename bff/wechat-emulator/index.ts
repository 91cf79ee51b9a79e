/**
 * WeChat API emulator for development and tests (never imported by bff/src).
 *
 * A small HTTP server with WeChat's endpoints and reply shapes (errcode/errmsg JSON, HTTP 200
 * even for errors) plus `/__control/*` endpoints that tests and the dev sign-in page use to
 * mint login codes, grant subscriptions, inject faults and read what happened. See README.md.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { errorReply } from './errcodes';
import { qrPng } from './png';
import { EMULATED_APIS, EmulatorState, isRecord, type EmulatedApi, type Reply } from './state';

export { DEFAULT_TEMPLATES, EMULATED_APIS, LIMITS, QR_PREFIX, type CallRecord, type EmulatedApi, type SentMessage } from './state';

export const DEFAULT_APPID = 'wx0123456789abcdef';
export const DEFAULT_SECRET = 'dev-secret-not-for-production';

export interface WeChatEmulatorOptions {
  /** 0 or undefined = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  appId?: string;
  appSecret?: string;
  /** The emulated platform's time (ms since the epoch); `POST /__control/clock` adds to it. */
  clock?: () => number;
  /** Give users a unionid (as for an app bound to an Open Platform account). Default false. */
  withUnionId?: boolean;
  /** One line per call (api and errcode only: never queries, bodies, secrets or tokens). */
  log?: (line: string) => void;
}

export interface WeChatEmulator {
  /** e.g. http://127.0.0.1:3900 — the client's base URL. */
  baseUrl: string;
  port: number;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

const ZLoginCode = z.object({ user: z.string().min(1).max(128) });
const ZGrant = z.object({ openid: z.string().min(1), templateId: z.string().min(1), count: z.number().int().min(1).max(10_000).default(1) });
const ZFault = z
  .object({
    api: z.enum([...EMULATED_APIS, '*']),
    errcode: z.number().int().optional(),
    httpStatus: z.number().int().min(400).max(599).optional(),
    drop: z.boolean().optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
    times: z.number().int().min(1).max(10_000).default(1),
  })
  .refine((f) => [f.errcode !== undefined, f.httpStatus !== undefined, f.drop === true].filter(Boolean).length <= 1, {
    message: 'choose at most one of errcode, httpStatus, drop',
  })
  .refine((f) => f.errcode !== undefined || f.httpStatus !== undefined || f.drop === true || f.delayMs !== undefined, {
    message: 'a fault needs errcode, httpStatus, drop or delayMs',
  });
const ZUsers = z.object({
  users: z.array(z.string().min(1).max(128)).min(1).max(10_000),
  grants: z.array(z.object({ templateId: z.string().min(1), count: z.number().int().min(1).max(10_000) })).default([]),
});
const ZExpireToken = z.object({ mode: z.enum(['expire', 'invalidate']).default('expire') });
const ZTemplate = z.object({ templateId: z.string().min(1).max(128) });
const ZPages = z.object({ pages: z.array(z.string().min(1)).nullable() });
const ZClock = z.object({ advanceMs: z.number().int() });
const ZSendCap = z.object({ perSecond: z.number().int().min(1).max(1_000_000).nullable() });

/** Which emulated API a path is, with the HTTP method WeChat requires for it. */
const ROUTES: Record<string, { api: EmulatedApi; method: 'GET' | 'POST' }> = {
  '/sns/jscode2session': { api: 'jscode2session', method: 'GET' },
  '/cgi-bin/stable_token': { api: 'stable_token', method: 'POST' },
  '/cgi-bin/token': { api: 'token', method: 'GET' },
  '/cgi-bin/message/subscribe/send': { api: 'subscribe_send', method: 'POST' },
  '/wxa/getwxacodeunlimit': { api: 'getwxacodeunlimit', method: 'POST' },
};

class BadControlRequest extends Error {}

export async function startWeChatEmulator(options: WeChatEmulatorOptions = {}): Promise<WeChatEmulator> {
  const host = options.host ?? '127.0.0.1';
  const state = new EmulatorState(
    { appId: options.appId ?? DEFAULT_APPID, appSecret: options.appSecret ?? DEFAULT_SECRET, withUnionId: options.withUnionId ?? false },
    options.clock ?? (() => Date.now()),
  );
  const log = options.log ?? (() => undefined);
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let stopping = false;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, api: EmulatedApi, method: 'GET' | 'POST'): Promise<void> {
    const fault = state.takeFault(api);
    const call = state.record(api, fault !== null);
    // The whole request arrives before any delay: a client that gives up while waiting has
    // still sent it, and the emulator goes on to act on it, as WeChat would.
    const read = method === 'POST' && req.method === 'POST' ? await readJson(req) : null;
    if (api === 'stable_token') call.forceRefresh = read?.ok === true && isRecord(read.value) && read.value.force_refresh === true;
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (stopping) return;
    if (fault?.errcode !== undefined) {
      call.errcode = fault.errcode;
      log(`${api} → ${fault.errcode} (injected)`);
      return sendJson(res, errorReply(fault.errcode));
    }
    if (fault?.httpStatus !== undefined) {
      log(`${api} → HTTP ${fault.httpStatus} (injected)`);
      res.writeHead(fault.httpStatus, { 'Content-Type': 'text/html' });
      res.end('<html><body>emulated server error</body></html>');
      return;
    }
    if (fault?.drop) {
      log(`${api} → connection dropped (injected)`);
      req.socket.destroy();
      return;
    }

    let reply: Reply;
    if (req.method !== method) {
      reply = { kind: 'json', body: errorReply(method === 'GET' ? 43001 : 43002) };
    } else if (api === 'jscode2session') {
      reply = state.jscode2session(url.searchParams);
    } else if (api === 'token') {
      reply = state.classicToken(url.searchParams);
    } else {
      const body = read?.ok ? read.value : undefined;
      if (read && !read.ok) {
        reply = { kind: 'json', body: errorReply(read.errcode) };
      } else if (api === 'stable_token') {
        reply = state.stableToken(body);
      } else {
        reply = state.checkToken(url.searchParams.get('access_token')) ?? (api === 'subscribe_send' ? state.subscribeSend(body) : state.unlimitedCode(body));
      }
    }

    if (reply.kind === 'qr') {
      const png = qrPng(reply.content, reply.width);
      call.errcode = 0;
      log(`${api} → image`);
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
      res.end(png);
      return;
    }
    const errcode = 'errcode' in reply.body && typeof reply.body.errcode === 'number' ? reply.body.errcode : 0;
    call.errcode = errcode;
    log(`${api} → ${errcode}`);
    sendJson(res, reply.body);
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = `${req.method} ${url.pathname.slice('/__control'.length)}`;
    // A dev sign-in page on another origin may mint codes; nothing else is reachable cross-origin.
    if (url.pathname === '/__control/login-code') {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' });
        res.end();
        return;
      }
    }
    const read = req.method === 'POST' ? await readJson(req) : undefined;
    // An empty body is an empty object; anything else must be JSON.
    if (read && !read.ok && read.errcode !== 44002) throw new BadControlRequest('the body must be a JSON object');
    const body = read?.ok ? read.value : undefined;
    const parse = <T>(schema: z.ZodType<T>): T => {
      const parsed = schema.safeParse(body ?? {});
      if (!parsed.success) throw new BadControlRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
      return parsed.data;
    };
    switch (route) {
      case 'POST /login-code': {
        const { user } = parse(ZLoginCode);
        return sendJson(res, state.mintLoginCode(user));
      }
      case 'POST /grants': {
        const grant = parse(ZGrant);
        if (!state.knowsOpenid(grant.openid)) throw new BadControlRequest('unknown openid: mint a login code for the user first');
        if (!state.knowsTemplate(grant.templateId)) throw new BadControlRequest('unknown templateId: register it with POST /__control/templates');
        return sendJson(res, { ...grant, remaining: state.grant(grant.openid, grant.templateId, grant.count) });
      }
      case 'POST /users': {
        const { users, grants } = parse(ZUsers);
        const unknown = grants.find((g) => !state.knowsTemplate(g.templateId));
        if (unknown) throw new BadControlRequest(`unknown templateId ${unknown.templateId}: register it with POST /__control/templates`);
        return sendJson(res, { openids: state.addUsers(users, grants) });
      }
      case 'GET /grants':
        return sendJson(res, { grants: state.listGrants() });
      case 'POST /faults': {
        const { times, ...fault } = parse(ZFault);
        state.addFault({ ...fault, remaining: times });
        return sendJson(res, { ok: true });
      }
      case 'POST /expire-token': {
        const { mode } = parse(ZExpireToken);
        return sendJson(res, { retired: state.retireTokens(mode) });
      }
      case 'POST /templates': {
        const { templateId } = parse(ZTemplate);
        state.registerTemplate(templateId);
        return sendJson(res, { ok: true });
      }
      case 'POST /pages': {
        const { pages } = parse(ZPages);
        state.setPages(pages);
        return sendJson(res, { ok: true });
      }
      case 'POST /clock': {
        const { advanceMs } = parse(ZClock);
        return sendJson(res, { now: state.advanceClock(advanceMs) });
      }
      case 'POST /send-cap': {
        const { perSecond } = parse(ZSendCap);
        state.setSendCap(perSecond);
        return sendJson(res, { ok: true });
      }
      case 'GET /sent':
        return sendJson(res, { messages: state.sentMessages() });
      case 'GET /counts':
        return sendJson(res, { counts: state.callCounts(), sent: state.sentCount() });
      case 'GET /calls':
        return sendJson(res, { counts: state.callCounts(), log: state.callLog() });
      case 'POST /reset':
        state.reset();
        return sendJson(res, { ok: true });
      default:
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: `no control endpoint ${route}` }));
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const route = ROUTES[url.pathname];
    const handled = url.pathname.startsWith('/__control/')
      ? handleControl(req, res, url)
      : route
        ? handleApi(req, res, url, route.api, route.method)
        : Promise.resolve(sendJson(res, { errcode: 40066, errmsg: 'invalid url' }, 404));
    handled.catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof BadControlRequest) return sendJson(res, { error: error.message }, 400);
      log(`internal error: ${error instanceof Error ? error.name : 'unknown'}`);
      sendJson(res, errorReply(-1), 500);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (!address || typeof address === 'string') reject(new Error('wechat emulator has no port'));
      else resolve(address.port);
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        stopping = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return stopped;
    },
  };
}

type BodyRead = { ok: true; value: unknown } | { ok: false; errcode: number };

/** The request body as JSON, whatever its Content-Type (as WeChat reads it); 44002 empty, 47001 not JSON. */
async function readJson(req: IncomingMessage): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { ok: false, errcode: 47001 };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: false, errcode: 44002 };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, errcode: 47001 };
  }
}

function sendJson(res: ServerResponse, body: object, status = 200): void {
  // WeChat appends a request id to every errmsg; so does the emulator.
  const payload = 'errcode' in body && 'errmsg' in body && body.errcode !== 0 ? { ...body, errmsg: `${String(body.errmsg)} rid: ${randomBytes(6).toString('hex')}` } : body;
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json; encoding=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
