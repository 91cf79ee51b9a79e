import type Koa from 'koa';
import type { AppState } from '@contest/bff/src/context';

/** Key names that must never appear in an API response. */
const FORBIDDEN_KEYS = /"(session_key|sessionKey|openid|unionid|access_token|accessToken|secret|appSecret|tokenHash|codeHash)"\s*:/;
/** Our session tokens: 32 random bytes in base64url, standing alone. */
const SESSION_TOKEN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
/** Images (e.g. an invitation's QR) are data URLs whose base64 is no token. */
const DATA_URL = /data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+/g;

/**
 * Watches every response the app gives during a test file: WeChat's session_key, openids,
 * access tokens, the app secret, stored hashes, or a session token other than the caller's
 * own must never leave the BFF. Violations are collected; the harness fails on stop.
 */
export function guardResponses(app: Koa<AppState>, secrets: string[]): string[] {
  const violations: string[] = [];
  app.middleware.unshift(async (ctx, next) => {
    await next();
    if (ctx.body === undefined || ctx.body === null || Buffer.isBuffer(ctx.body) || typeof (ctx.body as { pipe?: unknown }).pipe === 'function') return;
    const text = typeof ctx.body === 'string' ? ctx.body : JSON.stringify(ctx.body);
    const where = `${ctx.method} ${ctx.path} → ${ctx.status}`;
    if (FORBIDDEN_KEYS.test(text)) violations.push(`${where}: forbidden key in ${text.slice(0, 200)}`);
    for (const secret of secrets) if (secret && text.includes(secret)) violations.push(`${where}: a secret value`);
    const own = /^Bearer (.+)$/.exec(ctx.get('Authorization'))?.[1];
    const issued = ctx.path === '/api/v1/auth/wechat' ? (ctx.body as { data?: { token?: string } }).data?.token : undefined;
    for (const token of text.replace(DATA_URL, 'data-url').match(SESSION_TOKEN) ?? []) {
      if (token !== own && token !== issued) violations.push(`${where}: a token that is not the caller's`);
    }
  });
  return violations;
}
