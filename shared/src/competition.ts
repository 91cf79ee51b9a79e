import { z } from 'zod';

/** 职工组 / 学生组 — the groups named in the notices. */
export const COMPETITION_GROUPS = {
  worker: '职工组',
  student: '学生组',
} as const;
export const ZGroupCode = z.enum(['worker', 'student']);
export type TGroupCode = z.infer<typeof ZGroupCode>;

export const ZCompetitionGroup = z.object({
  code: ZGroupCode,
  name: z.string().min(1),
});
export type TCompetitionGroup = z.infer<typeof ZCompetitionGroup>;

export const ZTrade = z.object({
  code: z.string().regex(/^[a-z0-9-]{1,32}$/),
  name: z.string().min(1).max(40),
  /** Which groups may enter this trade. */
  groups: z.array(ZGroupCode).min(1),
});
export type TTrade = z.infer<typeof ZTrade>;

/**
 * Where a competition stands, as people see it. Derived by the BFF from its publication
 * state and the registration window at the moment of the request, never stored.
 */
export const ZCompetitionStatus = z.enum(['draft', 'upcoming', 'open', 'closed', 'finished']);
export type TCompetitionStatus = z.infer<typeof ZCompetitionStatus>;

export const COMPETITION_STATUS_LABELS: Record<TCompetitionStatus, string> = {
  draft: '筹备中',
  upcoming: '即将开始报名',
  open: '报名中',
  closed: '报名已截止',
  finished: '已结束',
};

/** A competition as the API presents it. Dates are ISO-8601 strings. */
export const ZCompetition = z.object({
  id: z.string(),
  name: z.string().min(1).max(120),
  organiser: z.string().min(1).max(80),
  description: z.string().max(2000),
  status: ZCompetitionStatus,
  registrationOpensAt: z.iso.datetime({ offset: true }),
  registrationClosesAt: z.iso.datetime({ offset: true }),
  groups: z.array(ZCompetitionGroup).min(1),
  trades: z.array(ZTrade).min(1),
});
export type TCompetition = z.infer<typeof ZCompetition>;

/** What a list shows per competition. */
export const ZCompetitionSummary = ZCompetition.omit({ description: true });
export type TCompetitionSummary = z.infer<typeof ZCompetitionSummary>;

/** Competition ids are MongoDB ObjectIds: 24 hex characters. */
export const ZCompetitionId = z.string().regex(/^[0-9a-f]{24}$/i);
