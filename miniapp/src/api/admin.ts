import {
  ZCompetitionSetupListResponse,
  ZUnionEntryResponse,
  ZUnionListResponse,
  type TCompetitionSetupView,
  type TUnionCreateInput,
  type TUnionEntry,
  type TUnionListData,
} from '@contest/shared'
import { call } from './client'

/** The committee's union directory and competition set-up (/api/v1/admin/…). */

/** One page of the directory: a level (`parentId`), or a search (`q`); `next` goes as `after`. */
export function listUnions(query: { q?: string; parentId?: string; after?: string }): Promise<TUnionListData> {
  return call({ path: '/admin/unions', query, schema: ZUnionListResponse })
}

export function createUnion(input: TUnionCreateInput): Promise<TUnionEntry> {
  return call({ method: 'POST', path: '/admin/unions', body: input, schema: ZUnionEntryResponse })
}

export async function listSetupCompetitions(): Promise<TCompetitionSetupView[]> {
  return (await call({ path: '/admin/competitions', schema: ZCompetitionSetupListResponse })).items
}
