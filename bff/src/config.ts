import path from 'node:path';
import { z } from 'zod';
import { PASS_KEY_ID, ZNotificationTemplateKey, type TNotificationTemplateKey } from '@contest/shared';
import { isLoopbackUrl } from './services/devLogin';

/** `id:base64,id:base64` → 32-byte keys by id (several, so old keys stay listed for rotation); `message` names what is wrong. */
function keysById(idPattern: RegExp, message: string) {
  return (value: string, ctx: z.RefinementCtx<string>): Map<string, Buffer> => {
    const keys = new Map<string, Buffer>();
    for (const entry of value.split(',')) {
      const [id, key] = entry.trim().split(':');
      const bytes = key ? Buffer.from(key, 'base64') : Buffer.alloc(0);
      if (!id || !idPattern.test(id) || bytes.length !== 32) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      keys.set(id, bytes);
    }
    return keys;
  };
}

/** Every setting the BFF reads, parsed once at boot. */
const ZConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z
    .string({ error: 'is required (e.g. mongodb://127.0.0.1:27017/contest)' })
    .regex(/^mongodb(\+srv)?:\/\/.+/, 'must start with mongodb:// or mongodb+srv://'),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a plain database name').default('contest'),
  MONGODB_SERVER_SELECTION_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest JSON body accepted, in bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(100 * 1024),
  /** Folder of the mini-program's H5 build, served at `/` when set. */
  H5_DIST_DIR: z
    .string()
    .min(1)
    .transform((dir) => path.resolve(dir))
    .optional(),
  /** WeChat's API, or the local emulator in development and tests. */
  WECHAT_API_BASE: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://api.weixin.qq.com'),
  WECHAT_APPID: z.string().regex(/^wx[0-9a-f]{16}$/, 'must look like wx followed by 16 hex digits'),
  WECHAT_SECRET: z.string().min(16, 'must be the mini-program AppSecret (16+ characters)'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Development only: lets the H5 build sign in through the WeChat emulator. */
  DEV_LOGIN_ENABLED: z.stringbool().default(false),
  /** Sessions expire after this many days without use. */
  SESSION_IDLE_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Per-IP sign-ins per minute, and per-user (or per-IP when signed out) writes per minute. */
  RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Per-IP look-ups of codes (union codes, invitation codes) per minute, so codes cannot be enumerated. */
  RATE_LIMIT_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Per-user audit queue searches by a full ID number per minute: each answers whether a guess is right. */
  RATE_LIMIT_ID_SEARCHES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Exports one person may have streaming at once, across all BFF processes. */
  EXPORTS_PER_PERSON: z.coerce.number().int().min(1).max(20).default(2),
  /**
   * Reverse proxies in front of the BFF that append to X-Forwarded-For. The client's address
   * (the rate limits' key) is the entry the outermost trusted one wrote; 0 trusts no header.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Keys for ID numbers and phones (PIPL): AES-256-GCM keys as `id:base64,id:base64` (old keys
   * stay listed so older records still decrypt), the id of the one new records use, and the
   * HMAC key for uniqueness and look-up hashes. `npm start` generates development keys.
   */
  PII_ENCRYPTION_KEYS: z
    .string({ error: 'is required (id:base64-32-byte-key[,id:key…])' })
    .transform(keysById(/^[A-Za-z0-9_-]{1,16}$/, 'each entry must be id:base64 of 32 bytes')),
  PII_ACTIVE_KEY_ID: z.string({ error: 'is required (one of the ids in PII_ENCRYPTION_KEYS)' }).min(1),
  PII_HMAC_KEY: z
    .string({ error: 'is required (base64 of at least 32 bytes)' })
    .transform((value, ctx) => {
      const bytes = Buffer.from(value, 'base64');
      if (bytes.length < 32) {
        ctx.addIssue({ code: 'custom', message: 'must be base64 of at least 32 bytes' });
        return z.NEVER;
      }
      return bytes;
    }),
  /**
   * Ed25519 keys that sign admission passes: `id:base64,id:base64`, each the key's 32-byte seed
   * (ids of 1–8 letters, digits, _ or -, carried in every token; old keys stay listed so the passes
   * they signed still verify), and the id of the one new passes are signed with. `npm start`
   * generates development keys.
   */
  PASS_SIGNING_KEYS: z
    .string({ error: 'is required (id:base64-32-byte-seed[,id:seed…])' })
    .transform(keysById(PASS_KEY_ID, 'each entry must be id (1–8 of A-Z a-z 0-9 _ -):base64 of a 32-byte seed')),
  PASS_ACTIVE_KEY_ID: z.string({ error: 'is required (one of the ids in PASS_SIGNING_KEYS)' }).min(1),
  /** The Chinese font printed passes are set in: TrueType outlines, .ttf or .ttc (Debian's fonts-wqy-microhei by default), read at the first print. */
  PASS_PDF_FONT: z.string().min(1).default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
  /** The public certificate verification page a certificate's QR opens, `?token=` appended (the H5 page by default; set an absolute URL in production). */
  CERTIFICATE_VERIFY_URL: z.string().min(1).default('/#/packageNotice/pages/verify/index'),
  /** BFF processes serving one port (Node's cluster module); above 1 a primary process forks and restarts them. */
  BFF_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /** How long a SIGTERM waits for in-flight requests before closing anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Active registrations one WeChat account may hold per competition, so no account holds ID numbers in bulk. */
  MAX_ACTIVE_REGISTRATIONS_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(1),
  /** How often each BFF process relays notifications a crash left in registrations' outboxes. */
  NOTIFY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Templates WeChat approved as long-term subscriptions for this deployment (certain public-service categories only): sent without spending a one-time grant. */
  NOTIFY_LONG_TERM_TEMPLATES: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((key) => key.trim()).filter(Boolean))
    .pipe(z.array(ZNotificationTemplateKey)),
  /** Subscribe messages sent per second, counted across all BFF processes (WeChat allows far more). */
  NOTIFY_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(20),
  /** How often each BFF process looks for notifications due to be sent. */
  NOTIFY_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** The WeChat template id of each catalogue template, `key=id,key=id`; a template without one is never pushed (inbox only). */
  NOTIFY_TEMPLATE_IDS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const ids: Partial<Record<TNotificationTemplateKey, string>> = {};
      for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
        const [key, id] = pair.split('=').map((p) => p.trim());
        const known = ZNotificationTemplateKey.safeParse(key);
        if (!known.success || !id) {
          ctx.addIssue({ code: 'custom', message: `must be key=templateId pairs with keys among ${ZNotificationTemplateKey.options.join(', ')}` });
          return z.NEVER;
        }
        ids[known.data] = id;
      }
      return ids;
    }),
  /** Days personal data of a finished competition is kept (the privacy notice: 本届大赛结束后一年), then purged (services/retention/). */
  RETENTION_DAYS_AFTER_COMPETITION: z.coerce.number().int().min(1).max(3650).default(365),
  /** How often the BFF looks for competitions past their retention (one process at a time, by a lease). */
  RETENTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(60_000).max(7 * 86_400_000).default(86_400_000),
});

export type Config = z.infer<typeof ZConfig>;

/** Every environment variable the BFF reads (deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(ZConfig.shape);

/** Settings that are fine alone but not together. */
function checkCombinations(config: Config): void {
  if (config.NODE_ENV === 'production' && config.DEV_LOGIN_ENABLED) {
    throw new ConfigError('Invalid configuration: DEV_LOGIN_ENABLED must not be set in production');
  }
  if (config.DEV_LOGIN_ENABLED && !isLoopbackUrl(config.WECHAT_API_BASE)) {
    throw new ConfigError('Invalid configuration: DEV_LOGIN_ENABLED needs WECHAT_API_BASE on a loopback address (the WeChat emulator)');
  }
  if (!config.PII_ENCRYPTION_KEYS.has(config.PII_ACTIVE_KEY_ID)) {
    throw new ConfigError('Invalid configuration: PII_ACTIVE_KEY_ID must name a key in PII_ENCRYPTION_KEYS');
  }
  if (!config.PASS_SIGNING_KEYS.has(config.PASS_ACTIVE_KEY_ID)) {
    throw new ConfigError('Invalid configuration: PASS_ACTIVE_KEY_ID must name a key in PASS_SIGNING_KEYS');
  }
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function parseEnv<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** Parses the environment; a missing or bad setting throws one line naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = parseEnv(ZConfig, env);
  checkCombinations(config);
  return config;
}

/** The database and personal-data keys, for `npm run pii:reseal`. */
export function loadPersonalDataConfig(env: NodeJS.ProcessEnv = process.env) {
  return parseEnv(
    ZConfig.pick({ MONGODB_URI: true, MONGODB_DB: true, MONGODB_SERVER_SELECTION_MS: true, PII_ENCRYPTION_KEYS: true, PII_ACTIVE_KEY_ID: true, PII_HMAC_KEY: true }),
    env,
  );
}

/** Only the database settings, for tools that touch nothing else (`npm run quotas:reconcile`). */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): Pick<Config, 'MONGODB_URI' | 'MONGODB_DB' | 'MONGODB_SERVER_SELECTION_MS'> {
  return parseEnv(ZConfig.pick({ MONGODB_URI: true, MONGODB_DB: true, MONGODB_SERVER_SELECTION_MS: true }), env);
}

/** The database settings and the retention period, for `npm run retention:purge`. */
export function loadRetentionCommandConfig(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Config, 'MONGODB_URI' | 'MONGODB_DB' | 'MONGODB_SERVER_SELECTION_MS' | 'RETENTION_DAYS_AFTER_COMPETITION'> {
  return parseEnv(ZConfig.pick({ MONGODB_URI: true, MONGODB_DB: true, MONGODB_SERVER_SELECTION_MS: true, RETENTION_DAYS_AFTER_COMPETITION: true }), env);
}
