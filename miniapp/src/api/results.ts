import {
  ZObjectionResponse,
  ZPublicResultChangesResponse,
  ZPublicResultListResponse,
  ZPublicResultsSummaryResponse,
  type TObjection,
  type TObjectionInput,
  type TPublicResultChanges,
  type TPublicResultList,
  type TPublicResultsSummary,
} from '@contest/shared'
import { call } from './client'

/**
 * A competition's public results (/public/competitions/:id/results, no session) in pages: the
 * summary, then one trade × group's list; and objections to them (/me/results/:id/objections).
 */

const resultsPath = (competitionId: string) => `/public/competitions/${encodeURIComponent(competitionId)}/results`

export function getPublicResultsSummary(competitionId: string): Promise<TPublicResultsSummary> {
  return call({ path: resultsPath(competitionId), schema: ZPublicResultsSummaryResponse, auth: 'public' })
}

/** Every change note of the 公示 (the summary carries the newest few). */
export function getPublicResultChanges(competitionId: string): Promise<TPublicResultChanges> {
  return call({ path: resultsPath(competitionId), query: { changes: 'all' }, schema: ZPublicResultChangesResponse, auth: 'public' })
}

/** A page (1-based) of one trade × group's list, in rank order. */
export function getPublicResultList(competitionId: string, tradeCode: string, groupCode: string, page: number): Promise<TPublicResultList> {
  return call({ path: resultsPath(competitionId), query: { tradeCode, groupCode, page }, schema: ZPublicResultListResponse, auth: 'public' })
}

/** 提出异议 during the 公示: refused in Chinese after the closing date, or for a result not on the page. */
export function lodgeObjection(competitionId: string, input: TObjectionInput): Promise<TObjection> {
  return call({ method: 'POST', path: `/me/results/${encodeURIComponent(competitionId)}/objections`, body: input, schema: ZObjectionResponse })
}
