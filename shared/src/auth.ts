import { z } from 'zod';

/** Staff roles. Workers have no role: any signed-in person may register. */
export const ZRole = z.enum(['union_official', 'committee', 'venue_staff', 'admin']);
export type TRole = z.infer<typeof ZRole>;

export const ROLE_LABELS: Record<TRole, string> = {
  union_official: '工会审核员',
  committee: '大赛组委会',
  venue_staff: '现场工作人员',
  admin: '系统管理员',
};

/**
 * Where a role applies:
 * - union_official: one union and every union beneath it (unionId);
 * - committee: one competition (competitionId), or the whole organising committee (null);
 * - venue_staff: one competition and one of its venues;
 * - admin: everything.
 */
export const ZRoleScope = z.object({
  unionId: z.string().nullable(),
  unionName: z.string().nullable(),
  competitionId: z.string().nullable(),
  competitionName: z.string().nullable(),
  venue: z.string().nullable(),
});
export type TRoleScope = z.infer<typeof ZRoleScope>;

export const ZRoleGrant = z.object({
  id: z.string(),
  role: ZRole,
  scope: ZRoleScope,
  grantedAt: z.iso.datetime({ offset: true }),
});
export type TRoleGrant = z.infer<typeof ZRoleGrant>;

/** The privacy notice's current version; a worker accepts it before giving an ID number or phone. */
export const PRIVACY_NOTICE_VERSION = '2026-12-03';

export const ZMe = z.object({
  id: z.string(),
  privacy: z.object({
    currentVersion: z.string(),
    acceptedVersion: z.string().nullable(),
    acceptedAt: z.iso.datetime({ offset: true }).nullable(),
  }),
  roles: z.array(ZRoleGrant),
});
export type TMe = z.infer<typeof ZMe>;

export const ZWeChatSignInInput = z.object({
  code: z.string().trim().min(1, '缺少登录凭证').max(128, '登录凭证格式不正确'),
});
export type TWeChatSignInInput = z.infer<typeof ZWeChatSignInInput>;

export const ZSession = z.object({
  /** Bearer token for `Authorization: Bearer …`; the only secret the client ever holds. */
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  me: ZMe,
});
export type TSession = z.infer<typeof ZSession>;

export const ZPrivacyConsentInput = z.object({
  version: z.literal(PRIVACY_NOTICE_VERSION, { error: '隐私政策已更新，请重新阅读后同意' }),
});
export type TPrivacyConsentInput = z.infer<typeof ZPrivacyConsentInput>;

/** Development only: the H5 build signs in through the WeChat emulator with a test user name. */
export const ZDevLoginCodeInput = z.object({
  user: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, '测试用户名只能包含字母、数字、下划线和短横线'),
});
export const ZDevLoginCode = z.object({ code: z.string() });
