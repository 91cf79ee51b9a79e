import { z } from 'zod';
import { ZGroupCode } from './competition';
import { okEnvelope } from './envelope';
import { ZAward } from './resultsSettings';
import type { TObjection, TPublicResultChanges, TPublicResultList, TPublicResultsSummary, TResultsAnnouncementState } from './results';

/** The public 公示 page and an objection as the mini-program checks them (the shapes of results.ts). */

const ZPublicResultRow = z.object({
  entryId: z.string(),
  rank: z.number().int().nullable(),
  name: z.string(),
  unionName: z.string(),
  tradeName: z.string(),
  groupName: z.string(),
  status: z.enum(['ranked', 'absent', 'disqualified', 'unscored']),
  total: z.string().nullable(),
  award: ZAward.nullable(),
  awardLabel: z.string().nullable(),
  honours: z.array(z.string()),
});

const ZPublicResultsState = {
  competitionId: z.string(),
  status: z.enum(['announced', 'final']),
  statusLabel: z.string(),
  version: z.number().int(),
};

export const ZPublicResultsSummary = z.object({
  ...ZPublicResultsState,
  competitionName: z.string(),
  closingDate: z.string(),
  closesAt: z.string(),
  finalAt: z.string().nullable(),
  computedAt: z.string(),
  sections: z.array(z.object({ tradeCode: z.string(), tradeName: z.string(), groupCode: ZGroupCode, groupName: z.string(), entries: z.number().int() })),
  teams: z.array(z.object({ tradeCode: z.string(), tradeName: z.string(), standings: z.array(z.object({ rank: z.number().int(), unionName: z.string(), total: z.string() })) })),
  changes: z.array(z.object({ at: z.string(), note: z.string() })),
  changeCount: z.number().int(),
}) satisfies z.ZodType<TPublicResultsSummary>;
export const ZPublicResultsSummaryResponse = okEnvelope(ZPublicResultsSummary);

export const ZPublicResultChanges = z.object({
  competitionId: z.string(),
  version: z.number().int(),
  changes: z.array(z.object({ at: z.string(), note: z.string() })),
}) satisfies z.ZodType<TPublicResultChanges>;
export const ZPublicResultChangesResponse = okEnvelope(ZPublicResultChanges);

export const ZPublicResultList = z.object({
  ...ZPublicResultsState,
  tradeCode: z.string(),
  tradeName: z.string(),
  groupCode: ZGroupCode,
  groupName: z.string(),
  rows: z.array(ZPublicResultRow),
  page: z.number().int(),
  pages: z.number().int(),
  entries: z.number().int(),
}) satisfies z.ZodType<TPublicResultList>;
export const ZPublicResultListResponse = okEnvelope(ZPublicResultList);

export const ZObjection = z.object({
  id: z.string(),
  competitionId: z.string(),
  registrationId: z.string(),
  name: z.string(),
  reason: z.string(),
  contact: z.string(),
  at: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  disqualified: z.boolean(),
  version: z.number().int(),
}) satisfies z.ZodType<TObjection>;
export const ZObjectionResponse = okEnvelope(ZObjection);
export const ZObjectionListResponse = okEnvelope(z.object({ items: z.array(ZObjection) }));

/** The committee's view of the 公示 (GET/POST …/results/announcement, …/close). */
export const ZResultsAnnouncementState = z.object({
  competitionId: z.string(),
  status: z.enum(['announced', 'final']),
  openedAt: z.string(),
  closingDate: z.string(),
  closesAt: z.string(),
  finalAt: z.string().nullable(),
  snapshotVersion: z.number().int(),
  workingDays: z.number().int(),
  notified: z.number().int(),
}) satisfies z.ZodType<TResultsAnnouncementState>;
export const ZResultsAnnouncementStateResponse = okEnvelope(ZResultsAnnouncementState);
