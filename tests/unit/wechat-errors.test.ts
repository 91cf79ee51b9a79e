import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  backoffDelayMs,
  classifyErrcode,
  DEFAULT_RETRY,
  SCENE_PATTERN,
  shouldRetryNow,
  WeChatClient,
  WeChatError,
  type RetryPolicy,
  type WeChatCallOutcome,
  type WeChatErrorKind,
} from '@contest/bff/src/wechat';
import { LIMITS } from '@contest/bff/wechat-emulator';
import { SCENE_PATTERN as EMULATOR_SCENE_PATTERN } from '@contest/bff/wechat-emulator/state';

describe('classifyErrcode', () => {
  it.each<[number, WeChatErrorKind]>([
    [-1, 'retryable'],
    [45009, 'retryable'],
    [45011, 'retryable'],
    [40001, 'token'],
    [40014, 'token'],
    [42001, 'token'],
    [43101, 'user_refused'],
    [40003, 'permanent'],
    [40029, 'permanent'],
    [40037, 'permanent'],
    [40163, 'permanent'],
    [41030, 'permanent'],
    [47003, 'permanent'],
    [40125, 'permanent'],
    [99999, 'permanent'],
  ])('%i is %s', (errcode, kind) => {
    expect(classifyErrcode(errcode)).toBe(kind);
  });
});

describe('WeChatError', () => {
  it('names the api and the reason, and says WeChat refused when it answered an errcode', () => {
    const error = WeChatError.fromErrcode('cgi-bin/message/subscribe/send', 43101, 'user refuse to accept the msg rid: 1');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('WeChat cgi-bin/message/subscribe/send failed: errcode 43101 user refuse to accept the msg rid: 1');
    expect(error).toMatchObject({ name: 'WeChatError', kind: 'user_refused', errcode: 43101, outcome: 'refused' });
  });

  it('without an errcode the outcome is unknown unless told', () => {
    expect(new WeChatError('x', 'retryable', null, 'HTTP 502').outcome).toBe('unknown');
    expect(new WeChatError('x', 'permanent', null, 'bad scene', 'not_sent').outcome).toBe('not_sent');
  });
});

describe('shouldRetryNow', () => {
  const error = (kind: WeChatErrorKind, errcode: number | null, outcome: WeChatCallOutcome) => new WeChatError('x', kind, errcode, 'r', outcome);
  it.each<[string, WeChatError, RetryPolicy, boolean]>([
    ['45011 on an idempotent call', error('retryable', 45011, 'refused'), 'idempotent', true],
    ['45011 on a once-only call (WeChat did not act)', error('retryable', 45011, 'refused'), 'once', true],
    ['-1 on a once-only call', error('retryable', -1, 'refused'), 'once', true],
    ['45009 (daily quota) anywhere', error('retryable', 45009, 'refused'), 'idempotent', false],
    ['a timeout on an idempotent call', error('retryable', null, 'unknown'), 'idempotent', true],
    ['a timeout on a once-only call (WeChat may have acted)', error('retryable', null, 'unknown'), 'once', false],
    ['a refused connection on a once-only call', error('retryable', null, 'not_sent'), 'once', true],
    ['a token error (handled by the refresh, not here)', error('token', 42001, 'refused'), 'idempotent', false],
    ['43101', error('user_refused', 43101, 'refused'), 'idempotent', false],
    ['a permanent error', error('permanent', 40003, 'refused'), 'idempotent', false],
  ])('%s → %s', (_name, e, policy, expected) => {
    expect(shouldRetryNow(e, policy)).toBe(expected);
  });
});

describe('backoffDelayMs', () => {
  const options = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('doubles per retry between half the ceiling and the ceiling, capped', () => {
    expect([0, 1, 2, 3, 4].map((retry) => backoffDelayMs(retry, options, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((retry) => backoffDelayMs(retry, options, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('the default policy waits well under a second in all', () => {
    const worst = Array.from({ length: DEFAULT_RETRY.attempts - 1 }, (_, retry) => backoffDelayMs(retry, DEFAULT_RETRY, () => 1));
    expect(worst.reduce((a, b) => a + b, 0)).toBeLessThan(1000);
  });

  it('is jittered', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
        const delay = backoffDelayMs(retry, options, () => r);
        const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
        return delay >= ceiling / 2 && delay <= ceiling;
      }),
    );
  });
});

describe('scene rules', () => {
  const allowed = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$&'()*+,/:;=?@-._~";
  it('accepts up to 32 of WeChat’s allowed characters', () => {
    expect(SCENE_PATTERN.test(allowed.slice(0, 32))).toBe(true);
    expect(SCENE_PATTERN.test(allowed.slice(32, 64))).toBe(true);
    expect(SCENE_PATTERN.test(allowed.slice(64))).toBe(true);
    expect(SCENE_PATTERN.test('u=ABC23&c=7f3a')).toBe(true);
  });

  it.each(['', 'x'.repeat(33), 'a b', '工会', 'a%b', 'a"b', 'a<b', 'a\\b', 'a^b', 'a|b', 'a\nb'])('rejects %j', (scene) => {
    expect(SCENE_PATTERN.test(scene)).toBe(false);
  });

  it('the client and the emulator agree', () => {
    const chars = fc.constantFrom(...[...allowed], ' ', '%', '"', '工', '\n', '^', '`');
    fc.assert(
      fc.property(fc.array(chars, { minLength: 0, maxLength: 40 }), (list) => {
        const scene = list.join('');
        const emulatorAccepts = scene.length > 0 && scene.length <= LIMITS.sceneMaxLength && EMULATOR_SCENE_PATTERN.test(scene);
        return SCENE_PATTERN.test(scene) === emulatorAccepts;
      }),
    );
  });
});

describe('WeChatClient options', () => {
  const base = { baseUrl: 'http://127.0.0.1:3900', appId: 'wx0123456789abcdef', appSecret: 'dev-secret-not-for-production', timeoutMs: 1000 };
  it('refuses a bad base URL, timeout or attempt count', () => {
    expect(() => new WeChatClient({ ...base, baseUrl: 'not a url' })).toThrow();
    expect(() => new WeChatClient({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new WeChatClient({ ...base, retry: { attempts: 0 } })).toThrow(/attempts/);
    expect(() => new WeChatClient(base)).not.toThrow();
  });
});

it('production code never imports the WeChat emulator', () => {
  const root = path.resolve(__dirname, '../../bff/src');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(10);
  const offenders = files.filter((file) => /from\s+['"][^'"]*wechat-emulator/.test(readFileSync(path.join(root, file), 'utf8')));
  expect(offenders).toEqual([]);
});
