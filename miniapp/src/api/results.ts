import { ZObjectionResponse, ZPublicResultsResponse, type TObjection, type TObjectionInput, type TPublicResults } from '@contest/shared'
import { call } from './client'

/** A competition's public results (/public/competitions/:id/results, no session) and objections to them (/me/results/:id/objections). */

export function getPublicResults(competitionId: string): Promise<TPublicResults> {
  return call({ path: `/public/competitions/${encodeURIComponent(competitionId)}/results`, schema: ZPublicResultsResponse, auth: 'public' })
}

/** 提出异议 during the 公示: refused in Chinese after the closing date, or for a result not on the page. */
export function lodgeObjection(competitionId: string, input: TObjectionInput): Promise<TObjection> {
  return call({ method: 'POST', path: `/me/results/${encodeURIComponent(competitionId)}/objections`, body: input, schema: ZObjectionResponse })
}
