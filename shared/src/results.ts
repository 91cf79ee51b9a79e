import { z } from 'zod';
import { ZGroupCode, type TGroupCode } from './competition';
import type { TAward } from './resultsSettings';
import type { TResultStatus } from './ranking';

/**
 * The 公示 of provisional results: what the public page shows, objections (异议) and the
 * committee's answers. The page never carries ID numbers; names are shown in full, as
 * published lists show them.
 */

export const RESULTS_STATUS_LABELS = { announced: '公示中', final: '已确定' } as const;
export type TResultsStatus = keyof typeof RESULTS_STATUS_LABELS;

export interface TPublicResultRow {
  /** Names the row in an objection (the registration's id; never an ID number). */
  entryId: string;
  rank: number | null;
  name: string;
  unionName: string;
  tradeName: string;
  groupName: string;
  status: TResultStatus;
  total: string | null;
  award: TAward | null;
  awardLabel: string | null;
  honours: string[];
}

export interface TPublicResultGroup {
  tradeCode: string;
  tradeName: string;
  groupCode: TGroupCode;
  groupName: string;
  rows: TPublicResultRow[];
}

export interface TPublicTeamStanding {
  tradeCode: string;
  tradeName: string;
  standings: { rank: number; unionName: string; total: string }[];
}

/** One trade × group of the 公示 as the summary lists it; its rows are a page of their own. */
export interface TPublicResultSection {
  tradeCode: string;
  tradeName: string;
  groupCode: TGroupCode;
  groupName: string;
  /** Rows on its list (ranked, absent and taken out alike). */
  entries: number;
}

/**
 * `GET /public/competitions/:id/results`: the 公示 without its rows (a few KB at any size): its
 * state and closing date, the trade × group lists there are, team standings and change notes.
 */
export interface TPublicResultsSummary {
  competitionId: string;
  competitionName: string;
  status: TResultsStatus;
  statusLabel: string;
  /** The last day of the 公示 (China date) and the moment it closes. */
  closingDate: string;
  closesAt: string;
  finalAt: string | null;
  version: number;
  computedAt: string;
  sections: TPublicResultSection[];
  teams: TPublicTeamStanding[];
  /**
   * What changed since the 公示 opened (取消成绩, 递补 …), newest last: the newest
   * PUBLIC_RESULT_CHANGES_SHOWN of `changeCount` (one result taken out can move thousands up);
   * `?changes=all` answers them all.
   */
  changes: { at: string; note: string }[];
  changeCount: number;
}

/** Change notes on the summary; one taken-out result in a list of 2,500 writes about as many. */
export const PUBLIC_RESULT_CHANGES_SHOWN = 50;

/** `GET /public/competitions/:id/results?changes=all`: every change note of the version, newest last. */
export interface TPublicResultChanges {
  competitionId: string;
  version: number;
  changes: { at: string; note: string }[];
}

/** Rows on a page of a trade × group's list (a list may hold thousands: 2,500 rows are 600 KB of JSON). */
export const PUBLIC_RESULT_PAGE_ROWS = 100;

/**
 * `GET /public/competitions/:id/results?tradeCode=&groupCode=&page=`: a page of one trade × group's
 * list in rank order (PUBLIC_RESULT_PAGE_ROWS rows; absent and taken-out results last), of the
 * same version as the summary.
 */
export interface TPublicResultList extends TPublicResultGroup {
  competitionId: string;
  version: number;
  status: TResultsStatus;
  statusLabel: string;
  /** 1-based, of `pages`; `entries` rows on the whole list. */
  page: number;
  pages: number;
  entries: number;
}

/** Trade and group both or neither: without them the summary, with them a page of that list (the first by default). */
export const ZPublicResultsQuery = z
  .object({
    tradeCode: z.string().min(1).max(32).optional(),
    groupCode: ZGroupCode.optional(),
    page: z.coerce.number().int().min(1).max(1_000).optional(),
    changes: z.literal('all').optional(),
  })
  .strict()
  .refine((q) => (q.tradeCode === undefined) === (q.groupCode === undefined), { path: ['groupCode'], message: '请同时指明工种和组别' })
  .refine((q) => q.page === undefined || q.tradeCode !== undefined, { path: ['page'], message: '请先指明工种和组别' })
  .refine((q) => q.changes === undefined || q.tradeCode === undefined, { path: ['changes'], message: '变更说明不分工种组别' });
export type TPublicResultsQuery = z.infer<typeof ZPublicResultsQuery>;

const text = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}最长 ${max} 个字`);

/** An objection names the result it is about by the page's entry id, or by a pass number. */
export const ZObjectionInput = z
  .object({
    registrationId: z.string().regex(/^[0-9a-f]{24}$/, '所指成绩有误').optional(),
    passNumber: z.string().trim().max(32).optional(),
    reason: text('异议理由', 500),
    contact: text('联系方式', 60),
  })
  .refine((o) => o.registrationId !== undefined || (o.passNumber ?? '') !== '', { path: ['registrationId'], message: '请指明对哪一条成绩提出异议' });
export type TObjectionInput = z.infer<typeof ZObjectionInput>;

export const ZObjectionAnswerInput = z.object({
  answer: text('答复', 500),
  /** Take the named result out of the ranking (取消成绩): the next contestant moves up. */
  disqualify: z.boolean().default(false),
  version: z.number({ error: '请提供异议的版本' }).int().min(0),
});
export type TObjectionAnswerInput = z.infer<typeof ZObjectionAnswerInput>;

export interface TObjection {
  id: string;
  competitionId: string;
  registrationId: string;
  /** The name on the result objected to. */
  name: string;
  reason: string;
  contact: string;
  at: string;
  answer: string | null;
  answeredAt: string | null;
  disqualified: boolean;
  version: number;
}

export interface TResultsAnnouncementState {
  competitionId: string;
  status: TResultsStatus;
  openedAt: string;
  closingDate: string;
  closesAt: string;
  finalAt: string | null;
  snapshotVersion: number;
  workingDays: number;
  /** Workers told (one notice each per event). */
  notified: number;
}

/** `GET …/results/sheet.xlsx?tradeCode=`: one trade's 成绩汇总表, or the whole competition's without it. */
export const ZResultsSheetQuery = z.object({ tradeCode: z.string().min(1).max(32).optional() }).strict();
export type TResultsSheetQuery = z.infer<typeof ZResultsSheetQuery>;
