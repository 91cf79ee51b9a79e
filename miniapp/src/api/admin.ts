import {
  UNION_SHEET_CONTENT_TYPE,
  ZCompetitionSetupListResponse,
  ZCompetitionSetupResponse,
  ZUnionEntryResponse,
  ZUnionImportResponse,
  ZUnionListResponse,
  type TCompetitionSetupInput,
  type TCompetitionSetupUpdateInput,
  type TCompetitionSetupView,
  type TUnionCreateInput,
  type TUnionEntry,
  type TUnionImportResult,
  type TUnionListData,
} from '@contest/shared'
import { call, fetchImage, saveDownloadedFile } from './client'

/** The committee's union directory and competition set-up (/api/v1/admin/…). */

/** One page of the directory: a level (`parentId`), or a search (`q`); `next` goes as `after`. */
export function listUnions(query: { q?: string; parentId?: string; after?: string }): Promise<TUnionListData> {
  return call({ path: '/admin/unions', query, schema: ZUnionListResponse })
}

/** One union of the directory (an official: their own or one beneath it; 404 outside). */
export function getUnion(id: string): Promise<TUnionEntry> {
  return call({ path: `/admin/unions/${encodeURIComponent(id)}`, schema: ZUnionEntryResponse })
}

/**
 * The union's registration poster for a competition (the mini-program code carrying both), as a
 * local image address (see `fetchImage`); an official's own unions only (404 outside).
 */
export function fetchRegistrationPoster(unionId: string, competitionId: string): Promise<string> {
  return fetchImage({ path: `/admin/unions/${encodeURIComponent(unionId)}/poster`, query: { competitionId } })
}

export function createUnion(input: TUnionCreateInput): Promise<TUnionEntry> {
  return call({ method: 'POST', path: '/admin/unions', body: input, schema: ZUnionEntryResponse })
}

export function renameUnion(id: string, name: string): Promise<TUnionEntry> {
  return call({ method: 'PUT', path: `/admin/unions/${encodeURIComponent(id)}`, body: { name }, schema: ZUnionEntryResponse })
}

/** The directory sheet (.xlsx) as it is; all rows are imported or none (UNION_IMPORT_INVALID lists the bad rows). */
export function importUnions(sheet: ArrayBuffer): Promise<TUnionImportResult> {
  return call({
    method: 'POST',
    path: '/admin/unions/import',
    body: sheet,
    contentType: UNION_SHEET_CONTENT_TYPE,
    schema: ZUnionImportResponse,
  })
}

/**
 * The directory the viewer sees, as an .xlsx sheet that imports back unchanged, saved on the
 * device as `fileName` (a browser download in H5, WeChat's document viewer on a phone).
 */
export function exportUnions(fileName: string): Promise<void> {
  return saveDownloadedFile({ path: '/admin/unions/export', fileName })
}

export async function listSetupCompetitions(): Promise<TCompetitionSetupView[]> {
  return (await call({ path: '/admin/competitions', schema: ZCompetitionSetupListResponse })).items
}

export function getSetupCompetition(id: string): Promise<TCompetitionSetupView> {
  return call({ path: `/admin/competitions/${encodeURIComponent(id)}`, schema: ZCompetitionSetupResponse })
}

export function createCompetition(setup: TCompetitionSetupInput): Promise<TCompetitionSetupView> {
  return call({ method: 'POST', path: '/admin/competitions', body: setup, schema: ZCompetitionSetupResponse })
}

/** Replaces the set-up; 409 CONFLICT when someone saved since `version` was read. */
export function updateCompetition(id: string, input: TCompetitionSetupUpdateInput): Promise<TCompetitionSetupView> {
  return call({ method: 'PUT', path: `/admin/competitions/${encodeURIComponent(id)}`, body: input, schema: ZCompetitionSetupResponse })
}
