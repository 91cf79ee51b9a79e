import { isIPv4 } from 'node:net';
import { z } from 'zod';
import { AppError } from '@contest/shared';

const ZEmulatorLoginCode = z.object({ code: z.string().min(1) });

/**
 * Whether a WeChat API base is on this machine (127.0.0.0/8, localhost, [::1]): only the
 * emulator runs there, so the development sign-in can never mint codes against real WeChat.
 */
export function isLoopbackUrl(url: string): boolean {
  let hostname: string;
  try {
    // The URL parser normalises the host: `127.1` becomes 127.0.0.1, `[0:0::1]` becomes [::1].
    hostname = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}

/**
 * Development only (DEV_LOGIN_ENABLED, refused in production and unless WECHAT_API_BASE is a
 * loopback address): the H5 build has no wx.login, so it asks the WeChat emulator for a login
 * code for a named test user. The code then goes through the ordinary sign-in, exactly as a
 * phone's would.
 */
export async function mintEmulatorLoginCode(wechatApiBase: string, user: string, timeoutMs: number): Promise<string> {
  // Configuration refuses this combination at boot; answer as if the route did not exist all the same.
  if (!isLoopbackUrl(wechatApiBase)) throw new AppError('NOT_FOUND');
  let response: Response;
  try {
    response = await fetch(`${wechatApiBase.replace(/\/+$/, '')}/__control/login-code`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new AppError('WECHAT_UNAVAILABLE', '微信模拟服务未启动');
  }
  const parsed = ZEmulatorLoginCode.safeParse(await response.json().catch(() => null));
  if (!response.ok || !parsed.success) throw new AppError('WECHAT_UNAVAILABLE', '微信模拟服务未返回登录凭证');
  return parsed.data.code;
}
