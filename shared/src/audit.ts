import { z } from 'zod';
import { ZGroupCode } from './competition';
import { ZEligibilityClaims, ZEvidenceItem } from './eligibilityEvidence';
import { SCHOOL_PATH_STEP_LABELS } from './schoolPath';
import { ZDeclarations, ZRegistrationAction, ZRegistrationStatus, ZSkillLevel, canTake, type TRegistrationStatus, type TRegistrationVerb } from './registration';

/**
 * Auditing registrations. Two desks share one API shape:
 * - the union desk (union_official): registrations of the official's union and every union below it;
 * - the committee desk (committee, admin): every registration of the competitions it manages.
 */
export const ZAuditDesk = z.enum(['union', 'committee']);
export type TAuditDesk = z.infer<typeof ZAuditDesk>;

/** The queue's tabs. "rejected" covers both the union's and the committee's rejections. */
export const ZQueueStatus = z.enum(['submitted', 'union_approved', 'confirmed', 'rejected', 'withdrawn'], { error: '状态不正确' });
export type TQueueStatus = z.infer<typeof ZQueueStatus>;

export const QUEUE_STATUS_LABELS: Record<TQueueStatus, string> = {
  submitted: '待工会审核',
  union_approved: '待组委会确认',
  confirmed: '报名成功',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export const QUEUE_STATUS_MEMBERS: Record<TQueueStatus, readonly TRegistrationStatus[]> = {
  submitted: ['submitted'],
  union_approved: ['union_approved'],
  confirmed: ['confirmed'],
  rejected: ['union_rejected', 'committee_rejected'],
  withdrawn: ['withdrawn'],
};

/** The tab each desk opens on: what is waiting for it. */
export const DESK_DEFAULT_STATUS: Record<TAuditDesk, TQueueStatus> = { union: 'submitted', committee: 'union_approved' };

/** A full ID number typed into the search box is looked up by its keyed hash, anything else by name. */
export const FULL_NATIONAL_ID = /^\d{17}[\dXx]$/;

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确');

/** Query string of a queue page; paged by keyset (`cursor` is the last id of the previous page). */
export const ZAuditQueueQuery = z
  .object({
    status: ZQueueStatus.optional(),
    tradeCode: z.string().min(1).max(32).optional(),
    groupCode: z.enum(ZGroupCode.options, { error: '组别不正确' }).optional(),
    /** A union below the official's own (or, for the committee, any union). */
    unionId: objectId.optional(),
    /** A name (or its beginning), or a full ID number. */
    q: z.string().trim().max(30, '搜索内容最多30个字').optional(),
    cursor: objectId.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .refine((query) => (query.tradeCode === undefined) === (query.groupCode === undefined), {
    path: ['groupCode'],
    message: '工种和组别需一起选择',
  });
export type TAuditQueueQuery = z.infer<typeof ZAuditQueueQuery>;

/** The export takes the queue's filters; `full` asks for unmasked ID numbers (committee only, logged). */
export const ZAuditExportQuery = z
  .object({
    status: ZQueueStatus.optional(),
    tradeCode: z.string().min(1).max(32).optional(),
    groupCode: z.enum(ZGroupCode.options).optional(),
    unionId: objectId.optional(),
    full: z.enum(['0', '1']).default('0'),
  })
  .strict();
export type TAuditExportQuery = z.infer<typeof ZAuditExportQuery>;

export const ZAuditDecision = z.enum(['approve', 'reject']);
export type TAuditDecision = z.infer<typeof ZAuditDecision>;

/** The step each desk's decision takes in the transition table. */
export const DESK_DECISION_STEPS: Record<TAuditDesk, Record<TAuditDecision, TRegistrationVerb>> = {
  union: { approve: 'union_approve', reject: 'union_reject' },
  committee: { approve: 'committee_confirm', reject: 'committee_reject' },
};

/** The decisions a desk may take on a registration now, read from the transition table. */
export function allowedDecisions(desk: TAuditDesk, status: TRegistrationStatus): TAuditDecision[] {
  return ZAuditDecision.options.filter((decision) => canTake(DESK_DECISION_STEPS[desk][decision], status));
}

/** What each desk's decision is called on its buttons. */
export const DECISION_LABELS: Record<TAuditDesk, Record<TAuditDecision, string>> = {
  union: { approve: '审核通过', reject: '不通过' },
  committee: { approve: '确认报名', reject: '不通过' },
};

/**
 * What a rejection means for the ID number the registration holds. `identity`: the number is not
 * the applicant's own (someone registered another person's number), so the rejection releases it —
 * the registration stops holding the person's one place in the competition and its real owner can
 * register; it cannot be resubmitted. `other`: the number stays held and, after a union rejection,
 * the worker may correct and resubmit.
 */
export const ZRejectionKind = z.enum(['identity', 'other'], { error: '不通过的类别不正确' });
export type TRejectionKind = z.infer<typeof ZRejectionKind>;

/** Common reasons offered on the reject sheet, each with its kind; the official may also write one. */
export const COMMON_REJECTION_REASONS: ReadonlyArray<{ text: string; kind: TRejectionKind }> = [
  { text: '年龄不符合参赛条件', kind: 'other' },
  { text: '身份证号与本人信息不符', kind: 'identity' },
  { text: '疑似冒用他人身份证号报名', kind: 'identity' },
  { text: '工作单位不属于本工会管辖范围', kind: 'other' },
  { text: '所报工种与从事岗位不符', kind: 'other' },
  { text: '不符合参赛资格要求（户籍或社保）', kind: 'other' },
  { text: '报名信息填写不完整或有误', kind: 'other' },
];

/** What the reject sheet's tick box for an identity rejection says. */
export const IDENTITY_REJECTION_LABEL = '证件号不属于报名人本人：释放证件号，本人可以报名';

/** The note on the timeline entry of a rejection that released the ID number. */
export const NATIONAL_ID_RELEASED_NOTE = '证件号已释放';

const reason = z.string().trim().max(200, '审核意见最多200个字').nullable().default(null);

/** Absent: an ordinary rejection, which keeps the ID number held. */
const rejectionKind = ZRejectionKind.default('other');

function requireReasonToReject(input: { decision: TAuditDecision; reason: string | null; rejectionKind: TRejectionKind }, ctx: z.RefinementCtx): void {
  if (input.decision === 'reject' && (input.reason === null || input.reason.length < 2)) {
    ctx.addIssue({ code: 'custom', path: ['reason'], message: '请选择或填写不通过的原因' });
  }
  if (input.decision === 'approve' && input.rejectionKind === 'identity') {
    ctx.addIssue({ code: 'custom', path: ['rejectionKind'], message: '审核通过时不能释放证件号' });
  }
}

/** One decision, on the version the official saw. */
export const ZDecisionInput = z
  .object({ decision: ZAuditDecision, reason, rejectionKind, version: z.number().int().min(0) })
  .strict()
  .superRefine(requireReasonToReject);
export type TDecisionInput = z.input<typeof ZDecisionInput>;

export const BATCH_DECISION_LIMIT = 100;

/** One decision for up to 100 registrations; each is decided on its own. */
export const ZBatchDecisionInput = z
  .object({
    decision: ZAuditDecision,
    reason,
    rejectionKind,
    items: z
      .array(z.object({ id: objectId, version: z.number().int().min(0) }).strict())
      .min(1, '请至少选择一条报名')
      .max(BATCH_DECISION_LIMIT, `一次最多处理${BATCH_DECISION_LIMIT}条报名`),
  })
  .strict()
  .superRefine(requireReasonToReject);
export type TBatchDecisionInput = z.input<typeof ZBatchDecisionInput>;

export const ZBatchOutcome = z.enum(['done', 'conflict', 'not_allowed', 'quota_full', 'not_found']);
export type TBatchOutcome = z.infer<typeof ZBatchOutcome>;

export const BATCH_OUTCOME_LABELS: Record<TBatchOutcome, string> = {
  done: '已处理',
  conflict: '已被他人处理',
  not_allowed: '当前状态不能处理',
  quota_full: '名额已满',
  not_found: '找不到该报名',
};

export const ZBatchItemResult = z.object({
  id: z.string(),
  outcome: ZBatchOutcome,
  message: z.string(),
  /** The registration's state after the attempt (absent when not found). */
  status: ZRegistrationStatus.nullable(),
  version: z.number().int().nullable(),
});
export const ZBatchDecisionResult = z.object({ done: z.number().int(), results: z.array(ZBatchItemResult) });
export type TBatchDecisionResult = z.infer<typeof ZBatchDecisionResult>;

/** Places of one union × trade × group: `places` null means the committee set no limit. */
export const ZQuotaUsage = z.object({
  unionId: z.string(),
  unionName: z.string(),
  tradeCode: z.string(),
  tradeName: z.string(),
  groupCode: ZGroupCode,
  groupName: z.string(),
  places: z.number().int().nullable(),
  used: z.number().int(),
  left: z.number().int().nullable(),
});
export type TQuotaUsage = z.infer<typeof ZQuotaUsage>;

const ZStatusCounts = z.record(ZRegistrationStatus, z.number().int());
export type TStatusCounts = z.infer<typeof ZStatusCounts>;

export function emptyStatusCounts(): TStatusCounts {
  return Object.fromEntries(ZRegistrationStatus.options.map((status) => [status, 0])) as TStatusCounts;
}

/**
 * Where a registration of a two-level audit stands while it waits for the unions: the level (1 the
 * worker's 基层工会, 2 its parent), the union deciding there, and the earlier level's approval.
 */
export const ZAuditLevelState = z.object({
  level: z.number().int().min(1),
  levels: z.number().int().min(1),
  unionName: z.string(),
  /** The school path (schoolPath.ts): 'school' 学校确认学籍, 'host' 承办单位审核; null on the union path. */
  step: z.enum(['school', 'host']).nullable().optional(),
  /** The level below's approval (level 2 only): its union, when, who, its note. */
  earlier: z
    .object({ level: z.number().int(), unionName: z.string(), at: z.iso.datetime({ offset: true }), reason: z.string().nullable() })
    .nullable(),
});
export type TAuditLevelState = z.infer<typeof ZAuditLevelState>;

/** "第2级（共2级）：河西区总工会审核"; on the school path "学校确认学籍：天津市第一商业学校" */
export function auditLevelLabel(state: Pick<TAuditLevelState, 'level' | 'levels' | 'unionName'> & { step?: TAuditLevelState['step'] }): string {
  if (state.step) return `${SCHOOL_PATH_STEP_LABELS[state.step]}：${state.unionName}`;
  return `第${state.level}级（共${state.levels}级）：${state.unionName}审核`;
}

/** One row of a queue: enough to decide from the list, ID masked. */
export const ZAuditListItem = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  /** Age on the competition's reference date. Not the birth date: with the masked ID (first 6, last 4) it would give the whole number away. */
  age: z.number().int(),
  nationalIdMasked: z.string(),
  employer: z.string(),
  union: z.object({ id: z.string(), name: z.string() }),
  trade: z.object({ code: z.string(), name: z.string() }),
  group: z.object({ code: ZGroupCode, name: z.string() }),
  skillLevel: ZSkillLevel,
  status: ZRegistrationStatus,
  version: z.number().int(),
  submittedAt: z.iso.datetime({ offset: true }),
  /** Decisions open to this desk now (in a two-level audit, only to the officials of the level it waits at). */
  allowedDecisions: z.array(ZAuditDecision),
  /** A two-level audit still with the unions; null otherwise (one level, or past the unions). */
  auditLevel: ZAuditLevelState.nullable().default(null),
});
export type TAuditListItem = z.infer<typeof ZAuditListItem>;

/**
 * The other registration of the competition that holds an ID number now (the unique index allows
 * one), to settle who the number belongs to: named when it lies in the desk's scope, and outside
 * it only that it exists.
 */
export const ZNationalIdInUse = z.discriminatedUnion('reach', [
  z.object({ reach: z.literal('in_scope'), id: z.string(), name: z.string(), unionName: z.string(), status: ZRegistrationStatus }),
  z.object({ reach: z.literal('outside_scope') }),
]);
export type TNationalIdInUse = z.infer<typeof ZNationalIdInUse>;

export const NATIONAL_ID_IN_USE_LABELS: Record<TNationalIdInUse['reach'], string> = {
  in_scope: '该证件号在本赛事另有报名',
  outside_scope: '该证件号在您辖区外已有报名',
};

export const ZAuditQueuePage = z.object({
  items: z.array(ZAuditListItem),
  /** Pass as `cursor` for the next page; null on the last page (and for searches). */
  nextCursor: z.string().nullable(),
  /** A full-ID search: the registration holding the number when it is not among `items`; else null. */
  nationalIdInUse: ZNationalIdInUse.nullable().default(null),
});
export type TAuditQueuePage = z.infer<typeof ZAuditQueuePage>;

/** A competition on the audit home, with what waits for this desk. */
export const ZAuditCompetition = z.object({
  id: z.string(),
  name: z.string(),
  registrationClosesAt: z.iso.datetime({ offset: true }),
  waiting: z.number().int(),
});
export type TAuditCompetition = z.infer<typeof ZAuditCompetition>;

/** The dashboard: counts by status, by trade × group and by union, and places left. */
export const ZAuditSummary = z.object({
  competition: z.object({ id: z.string(), name: z.string(), registrationClosesAt: z.iso.datetime({ offset: true }) }),
  /** The desk's reach: the official's unions, or 大赛组委会. */
  scopeNames: z.array(z.string()),
  byStatus: ZStatusCounts,
  byTrade: z.array(
    z.object({ tradeCode: z.string(), tradeName: z.string(), groupCode: ZGroupCode, groupName: z.string(), counts: ZStatusCounts }),
  ),
  /** Union desk: the unions directly below the official's; committee desk: the participating unions. */
  byUnion: z.array(z.object({ unionId: z.string(), unionName: z.string(), counts: ZStatusCounts })),
  quotas: z.array(ZQuotaUsage),
  /** A two-level audit at the union desk: how many wait at the official's own level (what the 待工会审核 tab lists); null otherwise. */
  waitingHere: z.number().int().nullable().default(null),
  trades: z.array(z.object({ code: z.string(), name: z.string(), groups: z.array(ZGroupCode) })),
});
export type TAuditSummary = z.infer<typeof ZAuditSummary>;

/** One line of the audit trail as officials see it: who (role, body, person), when, what. */
export const ZAuditTrailEntry = z.object({
  at: z.iso.datetime({ offset: true }),
  kind: z.enum(['transition', 'reveal', 'evidence_view']),
  action: ZRegistrationAction.nullable(),
  actorRole: z.string(),
  actorBody: z.string().nullable(),
  actorPerson: z.string().nullable(),
  from: ZRegistrationStatus.nullable(),
  to: ZRegistrationStatus.nullable(),
  reason: z.string().nullable(),
  /** What else the step did, e.g. 证件号已释放. */
  note: z.string().optional(),
  /** A union decision of a two-level audit: the level it was taken at. */
  auditLevel: z.number().int().optional(),
});
export type TAuditTrailEntry = z.infer<typeof ZAuditTrailEntry>;

export const ZAuditRegistration = ZAuditListItem.extend({
  competition: z.object({ id: z.string(), name: z.string() }),
  union: z.object({ id: z.string(), code: z.string(), name: z.string(), chain: z.array(z.string()) }),
  mobileMasked: z.string(),
  yearsInTrade: z.number().int(),
  declarations: ZDeclarations,
  /** Places of this registration's union × trade × group, or null when unlimited. */
  quota: ZQuotaUsage.nullable(),
  /** Only for a registration that no longer holds its number (withdrawn, or rejected as not the applicant's own). */
  nationalIdInUse: ZNationalIdInUse.nullable(),
  trail: z.array(ZAuditTrailEntry),
  /** The eligibility fields stated, beside their photos; absent for registrations made before them. */
  eligibilityClaims: ZEligibilityClaims.nullable().optional(),
  /** The photos in force (GET …/registrations/:id/evidence/:evidenceId shows one, logged). */
  evidence: z.array(ZEvidenceItem).optional(),
});
export type TAuditRegistration = z.infer<typeof ZAuditRegistration>;

/** Shown after the deliberate "查看完整证件号" action, which is written to the audit log. */
export const ZRevealedPersonalData = z.object({ nationalId: z.string(), mobile: z.string() });
export type TRevealedPersonalData = z.infer<typeof ZRevealedPersonalData>;
