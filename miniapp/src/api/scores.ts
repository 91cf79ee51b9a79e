import {
  PASS_ROSTER_CONTENT_TYPE,
  ZScoreHistoryResponse,
  ZScoreImportResponse,
  ZScoreListResponse,
  ZScoreResponse,
  type TScore,
  type TScoreHistory,
  type TScoreImportResult,
  type TScoreInput,
  type TScoreListPage,
  type TScoreListQuery,
} from '@contest/shared'
import { call } from './client'

/** The committee's scores of a competition (/api/v1/admin/competitions/:id/scores…). */

const base = (competitionId: string) => `/admin/competitions/${encodeURIComponent(competitionId)}/scores`

/** One page of a trade × group's scores in pass-number order; `nextCursor` goes as `cursor`. */
export function listScores(competitionId: string, query: Partial<TScoreListQuery>): Promise<TScoreListPage> {
  return call({ path: base(competitionId), query, schema: ZScoreListResponse })
}

/** Enters or corrects one score on the version seen (0: none yet); CONFLICT when someone changed it since. */
export function setScore(competitionId: string, passNumber: string, input: TScoreInput): Promise<TScore> {
  return call({ method: 'PUT', path: `${base(competitionId)}/${encodeURIComponent(passNumber)}`, body: input, schema: ZScoreResponse })
}

/** Every change of a pass's score, newest first. */
export function scoreHistory(competitionId: string, passNumber: string): Promise<TScoreHistory> {
  return call({ path: `${base(competitionId)}/${encodeURIComponent(passNumber)}/history`, schema: ZScoreHistoryResponse })
}

/** A trade's score sheet (.xlsx) as it is; all rows or none (SCORE_IMPORT_INVALID lists the bad rows). */
export function importScores(competitionId: string, tradeCode: string, sheet: ArrayBuffer): Promise<TScoreImportResult> {
  return call({
    method: 'POST',
    path: `${base(competitionId)}/import`,
    query: { tradeCode },
    body: sheet,
    // The BFF takes a score sheet as it takes the pass roster: an .xlsx, by the same content type.
    contentType: PASS_ROSTER_CONTENT_TYPE,
    schema: ZScoreImportResponse,
  })
}
