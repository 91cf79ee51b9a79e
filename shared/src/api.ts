import { z } from 'zod';
import { ZCompetition, ZCompetitionSummary } from './competition';
import { okEnvelope } from './envelope';

/** The BFF's API contracts: path → response schema. Both sides import these. */
export const API_PREFIX = '/api/v1';

export const ZCompetitionListData = z.object({ items: z.array(ZCompetitionSummary) });
export type TCompetitionListData = z.infer<typeof ZCompetitionListData>;
export const ZCompetitionListResponse = okEnvelope(ZCompetitionListData);

export const ZCompetitionDetailData = ZCompetition;
export const ZCompetitionDetailResponse = okEnvelope(ZCompetitionDetailData);

export const ZHealthResponse = z.object({ ok: z.literal(true), status: z.string() });
