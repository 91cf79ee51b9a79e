import { z } from 'zod';
import { AppError } from '@contest/shared';

const ZEmulatorLoginCode = z.object({ code: z.string().min(1) });

/**
 * Development only (DEV_LOGIN_ENABLED, refused in production): the H5 build has no wx.login,
 * so it asks the WeChat emulator for a login code for a named test user. The code then goes
 * through the ordinary sign-in, exactly as a phone's would.
 */
export async function mintEmulatorLoginCode(wechatApiBase: string, user: string, timeoutMs: number): Promise<string> {
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
