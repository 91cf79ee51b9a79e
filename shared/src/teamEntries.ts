/**
 * Team entries by union officials (#14 item 2): an official names a team with its 领队 and enters
 * its members, one at a time or from a sheet; each entered person confirms their own entry from a
 * link or QR, and only then is it a registration (theirs, in the normal audit flow).
 */
import { z } from 'zod';
import { okEnvelope } from './envelope';
import { ZGroupCode } from './competition';
import { ZDeclarations, ZMobile, ZRegistrationForm, ZSkillLevel } from './registration';
import { ZUnionCode } from './union';
import { normalizePersonName } from './typedInput';

const ZObjectIdText = z.string().regex(/^[0-9a-f]{24}$/i, '编号不正确');

/** The team leader (领队): a name and a phone to reach them, not a contestant. */
export const ZTeamLeader = z
  .object({
    name: z.string({ error: '请填写领队姓名' }).overwrite(normalizePersonName).min(2, '领队姓名至少2个字').max(30, '领队姓名最多30个字'),
    mobile: ZMobile,
  })
  .strict();
export type TTeamLeader = z.infer<typeof ZTeamLeader>;

export const ZTeamCreateInput = z
  .object({
    competitionId: ZObjectIdText,
    /** The union the team enters for: the official's own or one below it; left out, the official's own union (when they have one). */
    unionCode: ZUnionCode.optional(),
    name: z.string({ error: '请填写参赛队名称' }).trim().min(2, '参赛队名称至少2个字').max(40, '参赛队名称最多40个字'),
    leader: ZTeamLeader,
  })
  .strict();
export type TTeamCreateInput = z.infer<typeof ZTeamCreateInput>;

/**
 * One member entered by the official: the registration form without the union (the team's) and
 * without the declarations, which are the person's own to make on the confirmation page.
 */
export const ZTeamMemberInput = ZRegistrationForm.omit({ unionCode: true, declarations: true });
export type TTeamMemberInput = z.infer<typeof ZTeamMemberInput>;
export type TTeamMemberFormInput = z.input<typeof ZTeamMemberInput>;

/** awaiting: 待本人确认; confirmed: 已确认 (a registration now); expired: not confirmed by the registration deadline. */
export const ZTeamEntryStatus = z.enum(['awaiting', 'confirmed', 'expired']);
export type TTeamEntryStatus = z.infer<typeof ZTeamEntryStatus>;
export const TEAM_ENTRY_STATUS_LABELS: Record<TTeamEntryStatus, string> = {
  awaiting: '待本人确认',
  confirmed: '已确认',
  expired: '已过期',
};

/**
 * The confirmation token: the entry's id and a keyed signature, 28 characters of base64url, so it
 * fits a QR code's scene (`t=<token>`, at most 32 characters) and cannot be guessed.
 */
export const ZTeamEntryToken = z.string().regex(/^[A-Za-z0-9_-]{28}$/, '确认链接无效');
export const TEAM_ENTRY_SCENE = /^t=([A-Za-z0-9_-]{28})$/;

export function teamEntryScene(token: string): string {
  return `t=${token}`;
}

/** The token in a QR's scene (URL-encoded or not), or null. */
export function teamEntryTokenFromScene(scene: string): string | null {
  try {
    return TEAM_ENTRY_SCENE.exec(decodeURIComponent(scene).trim())?.[1] ?? null;
  } catch {
    return null;
  }
}

/** One member as the official's team page shows them. */
export const ZTeamMember = z.object({
  id: z.string(),
  name: z.string(),
  nationalIdMasked: z.string(),
  mobileMasked: z.string(),
  tradeName: z.string(),
  groupCode: ZGroupCode,
  status: ZTeamEntryStatus,
  /** While awaiting: the token, the page and its query, to send as a link or draw as a QR. */
  confirmation: z.object({ token: ZTeamEntryToken, path: z.string() }).nullable(),
  enteredAt: z.iso.datetime({ offset: true }),
  confirmedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type TTeamMember = z.infer<typeof ZTeamMember>;

export const ZTeam = z.object({
  id: z.string(),
  competitionId: z.string(),
  name: z.string(),
  unionName: z.string(),
  unionCode: z.string(),
  leader: z.object({ name: z.string(), mobileMasked: z.string() }),
  /** Entries not confirmed by this moment lapse. */
  confirmBy: z.iso.datetime({ offset: true }),
  members: z.array(ZTeamMember),
});
export type TTeam = z.infer<typeof ZTeam>;

export const ZTeamResponse = okEnvelope(ZTeam);
export const ZTeamListResponse = okEnvelope(z.object({ items: z.array(ZTeam) }));
export const ZTeamMemberResponse = okEnvelope(ZTeamMember);
export const ZTeamSheetResult = z.object({ entered: z.number().int(), team: ZTeam });
export type TTeamSheetResult = z.infer<typeof ZTeamSheetResult>;
export const ZTeamSheetResponse = okEnvelope(ZTeamSheetResult);

/** What the entered person sees before confirming: what the official entered for them. */
export const ZTeamEntryView = z.object({
  status: ZTeamEntryStatus,
  competitionName: z.string(),
  teamName: z.string(),
  unionName: z.string(),
  leaderName: z.string(),
  name: z.string(),
  nationalIdMasked: z.string(),
  mobileMasked: z.string(),
  employer: z.string(),
  tradeName: z.string(),
  groupName: z.string(),
  skillLevel: ZSkillLevel,
  yearsInTrade: z.number().int(),
  declarations: ZDeclarations,
  confirmBy: z.iso.datetime({ offset: true }),
  /** Once confirmed: the registration it became (the confirmer's own). */
  registrationId: z.string().nullable(),
});
export type TTeamEntryView = z.infer<typeof ZTeamEntryView>;
export const ZTeamEntryViewResponse = okEnvelope(ZTeamEntryView);

/** The person's own consent to the privacy notice (its version) and to the declarations entered for them. */
export const ZTeamEntryConfirmInput = z
  .object({
    privacyNoticeVersion: z.string().min(1),
    confirmDeclarations: z.literal(true, { error: '请确认以上信息属实并符合参赛条件' }),
  })
  .strict();
export type TTeamEntryConfirmInput = z.infer<typeof ZTeamEntryConfirmInput>;

/** The team sheet (参赛队报名表): one person a row, the header in row 1. */
export const TEAM_SHEET_COLUMNS = {
  name: '姓名',
  nationalId: '身份证号',
  mobile: '手机号',
  employer: '工作单位',
  trade: '工种',
  group: '组别',
  skillLevel: '技能等级',
  yearsInTrade: '从事本工种年限',
} as const;
export const TEAM_SHEET_MAX_ROWS = 200;
export const TEAM_SHEET_MAX_BYTES = 2 * 1024 * 1024;

export const ZTeamIdParams = z.object({ teamId: ZObjectIdText });
export const ZTeamListQuery = z.object({ competitionId: ZObjectIdText });
