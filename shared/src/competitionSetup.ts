import { z } from 'zod';
import { ZCompetition, ZCompetitionGroup, ZGroupCode, ZTrade } from './competition';
import { ZEligibilityRequirements } from './eligibilityEvidence';
import { ZResultsSettings, checkResultsSettings } from './resultsSettings';
import { ZGroupPaths, ZHostUnit, ZHostUnitView, checkHostUnits } from './schoolPath';

const objectId = z.string({ error: '请选择工会' }).regex(/^[0-9a-f]{24}$/i, '编号格式不正确');
const isoDate = z.iso.datetime({ offset: true, error: '日期格式不正确' });
const groupCode = z.enum(ZGroupCode.options, { error: '组别只能是职工组或学生组' });
const slugCode = /^[a-z0-9-]{1,32}$/;

export const ZPublication = z.enum(['draft', 'published', 'finished'], { error: '发布状态只能是筹备中、已发布或已结束' });
export type TPublication = z.infer<typeof ZPublication>;

/** A group as the committee sets it; same shape as ZCompetitionGroup, with messages for the form. */
export const ZGroupSetup = ZCompetitionGroup.extend({
  code: groupCode,
  name: z.string({ error: '请填写组别名称' }).trim().min(1, '请填写组别名称').max(20, '组别名称最长 20 个字'),
});

/** A trade as the committee sets it; same shape as ZTrade, with messages for the form. */
export const ZTradeSetup = ZTrade.extend({
  code: z.string({ error: '请填写工种代码' }).regex(slugCode, '工种代码只能包含小写字母、数字和短横线，最长 32 位'),
  name: z.string({ error: '请填写工种名称' }).trim().min(1, '请填写工种名称').max(40, '工种名称最长 40 个字'),
  groups: z.array(groupCode, { error: '请选择组别' }).min(1, '请为工种选择至少一个组别'),
});

/** Places per union × trade × group (e.g. 2 per trade: 1 职工组, 1 学生组). */
export const ZQuota = z.object({
  unionId: objectId,
  tradeCode: z.string({ error: '请选择工种' }).min(1, '请选择工种'),
  groupCode,
  places: z.number({ error: '请填写名额' }).int('名额应为整数').min(0, '名额不能为负数').max(10_000, '名额不能超过 10000'),
});
export type TQuota = z.infer<typeof ZQuota>;

/** Age range for a group (and optionally one trade), measured on the reference date. */
export const ZAgeRange = z
  .object({
    groupCode,
    /** Null: every trade of the group. */
    tradeCode: z.string().min(1).nullable().default(null),
    minAge: z.number({ error: '请填写最小年龄' }).int('年龄应为整数').min(14, '年龄不能小于 14 岁').max(80, '年龄不能大于 80 岁'),
    maxAge: z.number({ error: '请填写最大年龄' }).int('年龄应为整数').min(14, '年龄不能小于 14 岁').max(80, '年龄不能大于 80 岁'),
  })
  .refine((range) => range.minAge <= range.maxAge, { path: ['maxAge'], message: '最大年龄不能小于最小年龄' });
export type TAgeRange = z.infer<typeof ZAgeRange>;

export const DEFAULT_EXCLUDED_HONOURS = ['中华技能大奖', '全国技术能手'] as const;

export const ZEligibility = z
  .object({
    /** Ages are counted on this day (e.g. the competition's first day); needed once there are age ranges. */
    referenceDate: isoDate.nullable().default(null),
    ageRanges: z.array(ZAgeRange).default([]),
    /** Holders of these honours may not enter as contestants. */
    excludedHonours: z
      .array(z.string().trim().min(1, '请填写荣誉名称').max(40, '荣誉名称最长 40 个字'))
      .max(50)
      .default([...DEFAULT_EXCLUDED_HONOURS]),
    /** 职工组: local household registration or at least 12 months of local social insurance. */
    workerResidenceRequired: z.boolean().default(false),
    /** 职工组 excludes full-time students. */
    noFullTimeStudentsInWorkerGroup: z.boolean().default(true),
    /** The fields and evidence photos a registration must carry (eligibilityEvidence.ts). */
    requirements: ZEligibilityRequirements.optional(),
  })
  .superRefine((eligibility, ctx) => {
    if (eligibility.ageRanges.length > 0 && eligibility.referenceDate === null) {
      ctx.addIssue({ code: 'custom', path: ['referenceDate'], message: '设置了年龄范围，请填写年龄计算基准日' });
    }
  });
export type TEligibility = z.infer<typeof ZEligibility>;

export const ZVenue = z.object({
  code: z.string({ error: '请填写赛场代码' }).regex(slugCode, '赛场代码只能包含小写字母、数字和短横线'),
  name: z.string({ error: '请填写赛场名称' }).trim().min(1, '请填写赛场名称').max(60, '赛场名称最长 60 个字'),
  address: z.string().trim().max(120, '地址最长 120 个字').default(''),
});
export type TVenue = z.infer<typeof ZVenue>;

/**
 * How many union levels audit a registration before the committee: 1 (any union official in the
 * registration's chain decides, the default) or 2 (the worker's 基层工会 first, then its parent
 * 区/局/集团 union; a registration made directly with a participating union has only that level).
 */
export const ZAuditLevels = z.union([z.literal(1), z.literal(2)], { error: '工会审核层级只能是 1 级或 2 级' });
export type TAuditLevels = z.infer<typeof ZAuditLevels>;

/** The set-up page's choices. */
export const AUDIT_LEVEL_LABELS: Record<TAuditLevels, string> = {
  1: '一级审核：工会审核后报组委会',
  2: '两级审核：基层工会审核后报上级工会，再报组委会',
};

/** Everything the committee sets for a competition; create and replace take the same shape. */
export const ZCompetitionSetupInput = z
  .object({
    name: z.string({ error: '请填写赛事名称' }).trim().min(1, '请填写赛事名称').max(120, '赛事名称最长 120 个字'),
    organiser: z.string({ error: '请填写主办单位' }).trim().min(1, '请填写主办单位').max(80, '主办单位最长 80 个字'),
    description: z.string().trim().max(2000, '赛事说明最长 2000 个字').default(''),
    publication: ZPublication.default('draft'),
    registrationOpensAt: isoDate,
    registrationClosesAt: isoDate,
    groups: z.array(ZGroupSetup, { error: '请设置组别' }).min(1, '至少设置一个组别'),
    trades: z.array(ZTradeSetup, { error: '请设置工种' }).min(1, '至少设置一个工种').max(200, '工种最多 200 个'),
    /** Unions taking part (typically 区/局/集团公司工会); the unions below them take part through them. */
    participatingUnionIds: z.array(objectId).max(5000).default([]),
    quotas: z.array(ZQuota).max(50_000).default([]),
    eligibility: ZEligibility.prefault({}),
    venues: z.array(ZVenue).max(200).default([]),
    /** Weights, precision, tie rule, awards, honours, team standings; absent: the stored block stays as it is. */
    results: ZResultsSettings.optional(),
    /** Union levels before the committee; absent: the stored value stays (a new competition: 1). */
    auditLevels: ZAuditLevels.optional(),
    /** Each group's audit path (schoolPath.ts); absent: the stored paths and host units stay. */
    groupPaths: ZGroupPaths.optional(),
    /** Each trade × school-path group's host unit (承办单位). */
    hostUnits: z.array(ZHostUnit).max(1000).optional(),
  })
  .superRefine((input, ctx) => {
    if (new Date(input.registrationClosesAt) <= new Date(input.registrationOpensAt)) {
      ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: '报名截止时间必须晚于开始时间' });
    }
    const groupCodes = new Set<string>();
    input.groups.forEach((group, i) => {
      if (groupCodes.has(group.code)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'code'], message: '组别重复' });
      groupCodes.add(group.code);
    });
    const tradeGroups = new Map<string, Set<string>>();
    input.trades.forEach((trade, i) => {
      if (tradeGroups.has(trade.code)) ctx.addIssue({ code: 'custom', path: ['trades', i, 'code'], message: '工种代码重复' });
      tradeGroups.set(trade.code, new Set(trade.groups));
      if (trade.groups.some((g) => !groupCodes.has(g))) {
        ctx.addIssue({ code: 'custom', path: ['trades', i, 'groups'], message: '工种包含未设置的组别' });
      }
    });
    const participating = new Set<string>();
    input.participatingUnionIds.forEach((id, i) => {
      const key = id.toLowerCase();
      if (participating.has(key)) ctx.addIssue({ code: 'custom', path: ['participatingUnionIds', i], message: '工会重复' });
      participating.add(key);
    });
    const quotaKeys = new Set<string>();
    input.quotas.forEach((quota, i) => {
      if (!participating.has(quota.unionId.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['quotas', i, 'unionId'], message: '该工会未参加本赛事' });
      }
      const groups = tradeGroups.get(quota.tradeCode);
      if (!groups) ctx.addIssue({ code: 'custom', path: ['quotas', i, 'tradeCode'], message: '工种不存在' });
      else if (!groups.has(quota.groupCode)) ctx.addIssue({ code: 'custom', path: ['quotas', i, 'groupCode'], message: '该工种不设此组别' });
      const key = `${quota.unionId.toLowerCase()}|${quota.tradeCode}|${quota.groupCode}`;
      if (quotaKeys.has(key)) ctx.addIssue({ code: 'custom', path: ['quotas', i], message: '同一工会、工种、组别的名额重复设置' });
      quotaKeys.add(key);
    });
    const rangeKeys = new Set<string>();
    input.eligibility.ageRanges.forEach((range, i) => {
      const path = ['eligibility', 'ageRanges', i];
      if (!groupCodes.has(range.groupCode)) ctx.addIssue({ code: 'custom', path: [...path, 'groupCode'], message: '组别不存在' });
      if (range.tradeCode !== null) {
        const groups = tradeGroups.get(range.tradeCode);
        if (!groups) ctx.addIssue({ code: 'custom', path: [...path, 'tradeCode'], message: '工种不存在' });
        else if (!groups.has(range.groupCode)) ctx.addIssue({ code: 'custom', path: [...path, 'groupCode'], message: '该工种不设此组别' });
      }
      const key = `${range.groupCode}|${range.tradeCode ?? '*'}`;
      if (rangeKeys.has(key)) ctx.addIssue({ code: 'custom', path, message: '同一组别、工种的年龄范围重复设置' });
      rangeKeys.add(key);
    });
    const venueCodes = new Set<string>();
    input.venues.forEach((venue, i) => {
      if (venueCodes.has(venue.code)) ctx.addIssue({ code: 'custom', path: ['venues', i, 'code'], message: '赛场代码重复' });
      venueCodes.add(venue.code);
    });
    if (input.results) checkResultsSettings(input.results, input.trades, ctx);
    // The second level is the parent of the worker's union inside a participating union's subtree.
    if (input.auditLevels === 2 && input.participatingUnionIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['auditLevels'], message: '两级审核需先选择参赛工会（其下设基层工会）' });
    }
    if (input.groupPaths !== undefined || input.hostUnits !== undefined) checkHostUnits(input, ctx);
  });
export type TCompetitionSetupInput = z.input<typeof ZCompetitionSetupInput>;
export type TCompetitionSetup = z.output<typeof ZCompetitionSetupInput>;

/** A participating union as the set-up editor lists it. */
export const ZParticipatingUnion = z.object({ id: z.string(), name: z.string(), code: z.string() });
export type TParticipatingUnion = z.infer<typeof ZParticipatingUnion>;

/** A competition as the committee sees it: the public view plus its set-up and version. */
export const ZCompetitionSetupView = ZCompetition.extend({
  slug: z.string(),
  publication: ZPublication,
  participatingUnionIds: z.array(z.string()),
  /** The participating unions found in the directory, in the order of `participatingUnionIds`, with their names and codes. */
  participatingUnions: z.array(ZParticipatingUnion),
  quotas: z.array(ZQuota),
  eligibility: ZEligibility,
  venues: z.array(ZVenue),
  /** The results settings, defaults filled in for competitions stored without them. */
  results: ZResultsSettings,
  /** Union levels before the committee (1 for competitions stored without it). */
  auditLevels: ZAuditLevels,
  /** Each group's audit path ({} for competitions stored without it: every group takes the union path). */
  groupPaths: ZGroupPaths,
  hostUnits: z.array(ZHostUnitView),
  /** Sent back with a change, so that two editors cannot overwrite each other unseen. */
  version: z.number().int(),
});
export type TCompetitionSetupView = z.infer<typeof ZCompetitionSetupView>;

/** Replaces the whole set-up, provided nobody changed it since `version` was read. */
export const ZCompetitionSetupUpdateInput = z.object({
  version: z.number({ error: '缺少版本号，请刷新后重试' }).int().min(0),
  setup: ZCompetitionSetupInput,
});
export type TCompetitionSetupUpdateInput = z.input<typeof ZCompetitionSetupUpdateInput>;

/**
 * When registration closes for a deadline set to the minute (the set-up form's time picker):
 * at the end of that minute, so a deadline of 23:59 still takes a registration at 23:59:30.
 * Stored this way, every comparison with the stored deadline agrees.
 */
export function registrationClosingInstant(deadline: Date): Date {
  const MINUTE_MS = 60_000;
  return new Date(Math.floor(deadline.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS - 1);
}
