import { z } from 'zod';
import { ZGroupCode } from './competition';
import { ZEligibilityClaims } from './eligibilityEvidence';
import { ZUnionCode } from './union';
import { NAME_SEPARATOR, normalizeMobile, normalizeNationalId, normalizePersonName } from './typedInput';

export const SKILL_LEVELS = {
  none: '无',
  junior: '初级工',
  intermediate: '中级工',
  senior: '高级工',
  technician: '技师',
  senior_technician: '高级技师',
} as const;
export const ZSkillLevel = z.enum(Object.keys(SKILL_LEVELS) as [keyof typeof SKILL_LEVELS, ...(keyof typeof SKILL_LEVELS)[]], {
  error: '请选择技能等级',
});
export type TSkillLevel = z.infer<typeof ZSkillLevel>;

/** Mainland mobile numbers: 11 digits starting 13–19 (typed with +86, spaces or dashes, full-width). */
export const ZMobile = z
  .string({ error: '请填写手机号' })
  .overwrite(normalizeMobile)
  .regex(/^1[3-9]\d{9}$/, '请输入11位中国大陆手机号');

/** What the worker declares; which ones a competition requires depends on its eligibility settings. */
export const ZDeclarations = z
  .object({
    /** 职工组: not a full-time student. */
    notFullTimeStudent: z.boolean().default(false),
    /** Holds none of the competition's excluded honours (e.g. 中华技能大奖, 全国技术能手). */
    noExcludedHonour: z.boolean().default(false),
    /** 职工组: local household registration, or at least 12 months of local social insurance. */
    localResidence: z.boolean().default(false),
  })
  .strict();
export type TDeclarations = z.infer<typeof ZDeclarations>;

export const DECLARATION_TEXT: Record<keyof TDeclarations, string> = {
  notFullTimeStudent: '本人不是全日制在校学生',
  noExcludedHonour: '本人未获得赛事规定不得以选手身份参赛的荣誉',
  localResidence: '本人具有本市户籍，或在本市连续缴纳社会保险满12个月',
};

/**
 * The registration form: one schema for the page and the BFF. Unknown fields are refused, so a
 * worker cannot set `status`, `unionId` and the like. Birth date and sex come from the ID number.
 */
export const ZRegistrationForm = z
  .object({
    unionCode: ZUnionCode,
    name: z
      .string({ error: '请填写姓名' })
      .overwrite(normalizePersonName)
      .refine((name) => !/^\u00B7+$/u.test(name), '姓名不能只有间隔号')
      .refine((name) => !name.startsWith(NAME_SEPARATOR) && !name.endsWith(NAME_SEPARATOR), '间隔号“·”只能写在名字中间，不能在开头或结尾')
      .min(2, '姓名至少2个字')
      .max(30, '姓名最多30个字')
      .regex(/^[\p{Script=Han}A-Za-z· ]+$/u, '姓名只能包含汉字、字母和间隔号'),
    nationalId: z
      .string({ error: '请填写身份证号' })
      .overwrite(normalizeNationalId)
      .regex(/^\d{17}[\dX]$/, '身份证号应为18位，前17位为数字，最后一位为数字或X'),
    mobile: ZMobile,
    employer: z.string({ error: '请填写工作单位' }).trim().min(2, '请填写工作单位全称').max(60, '工作单位最多60个字'),
    tradeCode: z.string({ error: '请选择工种' }).min(1, '请选择工种').max(32),
    groupCode: z.enum(ZGroupCode.options, { error: '请选择组别' }),
    skillLevel: ZSkillLevel,
    yearsInTrade: z.number({ error: '请填写从事本工种年限' }).int('年限请填写整数').min(0, '年限不能为负数').max(50, '年限不能超过50年'),
    declarations: ZDeclarations,
    /** The eligibility fields the competition asks for (eligibilityEvidence.ts); absent: none stated. */
    eligibilityClaims: ZEligibilityClaims.prefault({}),
  })
  .strict();
export type TRegistrationForm = z.infer<typeof ZRegistrationForm>;
export type TRegistrationFormInput = z.input<typeof ZRegistrationForm>;

export const ZRegistrationSubmitInput = ZRegistrationForm.extend({
  competitionId: z.string().regex(/^[0-9a-f]{24}$/i, '赛事编号不正确'),
}).strict();
export type TRegistrationSubmitInput = z.infer<typeof ZRegistrationSubmitInput>;

/** The life cycle (ARCHITECTURE.md): union audit, then the committee's confirmation. */
export const ZRegistrationStatus = z.enum(['submitted', 'union_approved', 'union_rejected', 'confirmed', 'committee_rejected', 'withdrawn']);
export type TRegistrationStatus = z.infer<typeof ZRegistrationStatus>;

export const REGISTRATION_STATUS_LABELS: Record<TRegistrationStatus, string> = {
  submitted: '待工会审核',
  union_approved: '待组委会确认',
  union_rejected: '工会审核未通过',
  confirmed: '报名成功',
  committee_rejected: '组委会未通过',
  withdrawn: '已撤回',
};

export type TRegistrationActor = 'worker' | 'union' | 'committee';
export const ZRegistrationAction = z.enum([
  'submit',
  'resubmit',
  'withdraw',
  'union_approve',
  'union_forward',
  'union_reject',
  'committee_confirm',
  'committee_reject',
  'committee_disqualify',
]);
export type TRegistrationAction = z.infer<typeof ZRegistrationAction>;

/** Every step after the submission: what the transition table governs. */
export type TRegistrationVerb = Exclude<TRegistrationAction, 'submit'>;

/**
 * The one transition table: who may take which step from which status, and where it leads.
 * (A rejection's reason is required by the decision schemas in audit.ts.)
 */
export const REGISTRATION_TRANSITIONS: Record<TRegistrationVerb, { actor: TRegistrationActor; from: readonly TRegistrationStatus[]; to: TRegistrationStatus }> = {
  resubmit: { actor: 'worker', from: ['union_rejected'], to: 'submitted' },
  withdraw: { actor: 'worker', from: ['submitted', 'union_approved', 'union_rejected', 'committee_rejected'], to: 'withdrawn' },
  union_approve: { actor: 'union', from: ['submitted'], to: 'union_approved' },
  /** Two-level audit: the 基层工会 approves and the registration waits for its parent union, still 待工会审核. */
  union_forward: { actor: 'union', from: ['submitted'], to: 'submitted' },
  union_reject: { actor: 'union', from: ['submitted'], to: 'union_rejected' },
  committee_confirm: { actor: 'committee', from: ['union_approved'], to: 'confirmed' },
  committee_reject: { actor: 'committee', from: ['union_approved'], to: 'committee_rejected' },
  /** After confirmation (e.g. found ineligible, or gives up through the committee): the pass is revoked. */
  committee_disqualify: { actor: 'committee', from: ['confirmed'], to: 'committee_rejected' },
};

export const REGISTRATION_ACTION_LABELS: Record<TRegistrationAction, string> = {
  submit: '提交报名',
  resubmit: '修改后重新提交',
  withdraw: '撤回报名',
  union_approve: '工会审核通过',
  union_forward: '基层工会审核通过，报上级工会审核',
  union_reject: '工会审核不通过',
  committee_confirm: '组委会确认',
  committee_reject: '组委会不通过',
  committee_disqualify: '组委会取消参赛资格',
};

export function canTake(action: TRegistrationVerb, status: TRegistrationStatus): boolean {
  return REGISTRATION_TRANSITIONS[action].from.includes(status);
}

export const ZTimelineEntry = z.object({
  at: z.iso.datetime({ offset: true }),
  action: ZRegistrationAction,
  actor: z.enum(['worker', 'union', 'committee']),
  /** The deciding body's name (e.g. 河西区总工会); never an official's personal details. */
  actorName: z.string().nullable(),
  from: ZRegistrationStatus.nullable(),
  to: ZRegistrationStatus,
  reason: z.string().nullable(),
  /** What else the step did, e.g. 证件号已释放. */
  note: z.string().optional(),
  /** A union decision of a two-level audit: the level it was taken at (1 基层工会, 2 its parent). */
  auditLevel: z.number().int().optional(),
});
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>;

/** A registration as its owner sees it: ID and phone masked. */
export const ZMyRegistration = z.object({
  id: z.string(),
  competition: z.object({ id: z.string(), name: z.string() }),
  union: z.object({ id: z.string(), code: z.string(), name: z.string(), chain: z.array(z.string()) }),
  name: z.string(),
  nationalIdMasked: z.string(),
  mobileMasked: z.string(),
  /** Age on the competition's reference date. Not the birth date: with the masked ID (first 6, last 4) it would give the whole number away. */
  age: z.number().int(),
  sex: z.enum(['male', 'female']),
  employer: z.string(),
  trade: z.object({ code: z.string(), name: z.string() }),
  group: z.object({ code: ZGroupCode, name: z.string() }),
  skillLevel: ZSkillLevel,
  yearsInTrade: z.number().int(),
  declarations: ZDeclarations,
  status: ZRegistrationStatus,
  version: z.number().int(),
  submittedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  /** What the owner may do now (from the transition table and the registration window). */
  allowedActions: z.array(z.enum(['resubmit', 'withdraw'])),
  timeline: z.array(ZTimelineEntry),
  /** WeChat template ids of the messages still ahead of it (subscribeTemplatesAhead), for wx.requestSubscribeMessage at a tap; at most 3. */
  subscribeTemplateIds: z.array(z.string()).max(3),
  /** Its admission pass once placed (GET …/:id/pass has the rest), revoked or not; null before. */
  pass: z.object({ number: z.string(), revoked: z.boolean() }).nullable(),
  /** The worker's own result once a 公示 is open (from its latest snapshot); null before, or when not on the list. */
  result: z
    .object({
      status: z.enum(['公示中', '已确定']),
      theory: z.number().nullable(),
      practical: z.number().nullable(),
      total: z.string().nullable(),
      rank: z.number().int().nullable(),
      /** The award's label (金奖 …), null without one. */
      award: z.string().nullable(),
      honours: z.array(z.string()),
      absent: z.boolean(),
      /** The last day of the 公示 (China date). */
      closingDate: z.string(),
    })
    .nullable(),
});
export type TMyRegistration = z.infer<typeof ZMyRegistration>;
export type TMyResult = NonNullable<TMyRegistration['result']>;

export const ZRegistrationVersionInput = z.object({ version: z.number().int().min(0) }).strict();
export const ZResubmitInput = ZRegistrationForm.extend({ version: z.number().int().min(0) }).strict();

/** The union a worker's code names, with the chain above it, for the worker to confirm. */
export const ZUnionLookup = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  chain: z.array(z.string()),
});
export type TUnionLookup = z.infer<typeof ZUnionLookup>;
