import {
  ZCompetitionDetailResponse,
  ZCompetitionListResponse,
  type TCompetitionDetailData,
  type TCompetitionSummary,
} from '@contest/shared'
import { call } from './client'

/**
 * The public competition calls (/api/v1/competitions…): no session needed. (Promise chains rather
 * than async: this module is in the main package, see client.ts.)
 */

/** Competitions open for registration, as the BFF lists them. */
export function listCompetitions(): Promise<TCompetitionSummary[]> {
  return call({ path: '/competitions', schema: ZCompetitionListResponse, auth: 'public' }).then((data) => data.items)
}

/** One competition, with who may enter (the registration form asks for the declarations it needs). */
export function getCompetition(id: string): Promise<TCompetitionDetailData> {
  return call({ path: `/competitions/${encodeURIComponent(id)}`, schema: ZCompetitionDetailResponse, auth: 'public' })
}

/** The competition a poster's code names by its short key (scene `u=…&k=<key>`). */
export function getCompetitionByKey(key: string): Promise<TCompetitionDetailData> {
  return call({ path: `/competitions/by-key/${encodeURIComponent(key)}`, schema: ZCompetitionDetailResponse, auth: 'public' })
}
