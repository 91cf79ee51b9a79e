import { z } from 'zod';
import { ZRole, ZRoleScope } from './auth';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确');

/** Invitation codes: 10 characters from the union-code alphabet, easy to read aloud and type. */
export const ZInvitationCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[2-9A-HJKMNP-Z]{10}$/, '邀请码应为 10 位字母或数字');

export const ZInvitationCreateInput = z
  .object({
    role: ZRole,
    unionId: objectId.nullable().default(null),
    competitionId: objectId.nullable().default(null),
    venue: z.string().trim().min(1).max(60).nullable().default(null),
    note: z.string().trim().max(100).default(''),
    expiresInHours: z.number().int().min(1, '有效期至少 1 小时').max(24 * 14, '有效期最长 14 天').default(72),
  })
  .superRefine((input, ctx) => {
    if (input.role === 'union_official' && !input.unionId) {
      ctx.addIssue({ code: 'custom', path: ['unionId'], message: '请选择工会' });
    }
    if (input.role === 'venue_staff' && !input.competitionId) {
      ctx.addIssue({ code: 'custom', path: ['competitionId'], message: '请选择赛事' });
    }
    if (input.role === 'venue_staff' && !input.venue) {
      ctx.addIssue({ code: 'custom', path: ['venue'], message: '请选择赛场' });
    }
    if (input.role !== 'union_official' && input.unionId) {
      ctx.addIssue({ code: 'custom', path: ['unionId'], message: '该角色不关联工会' });
    }
  });
export type TInvitationCreateInput = z.infer<typeof ZInvitationCreateInput>;

export const ZInvitationStatus = z.enum(['pending', 'accepted', 'revoked', 'expired']);
export type TInvitationStatus = z.infer<typeof ZInvitationStatus>;

export const INVITATION_STATUS_LABELS: Record<TInvitationStatus, string> = {
  pending: '待接受',
  accepted: '已接受',
  revoked: '已撤销',
  expired: '已过期',
};

export const ZInvitation = z.object({
  id: z.string(),
  role: ZRole,
  scope: ZRoleScope,
  note: z.string(),
  status: ZInvitationStatus,
  expiresAt: z.iso.datetime({ offset: true }),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TInvitation = z.infer<typeof ZInvitation>;

/** Only the creator sees the code, once, in the answer to the create request. */
export const ZCreatedInvitation = ZInvitation.extend({
  code: ZInvitationCode,
  /** The mini-program code that opens the invitation (data:image/png;base64,…); null if WeChat could not draw it. */
  qrImage: z.string().nullable(),
});
export type TCreatedInvitation = z.infer<typeof ZCreatedInvitation>;

export const ZInvitationAcceptInput = z.object({ code: ZInvitationCode });
export type TInvitationAcceptInput = z.infer<typeof ZInvitationAcceptInput>;
