import {
  ZCheckInConflictListResponse,
  ZVenueBoardResponse,
  ZVenueSessionListResponse,
  type TCheckInConflict,
  type TVenueBoard,
  type TVenueSessionView,
} from '@contest/shared'
import { call, saveDownloadedFile } from './client'

/** Watching a venue on the day (/api/v1/venue/…): the board, its missing list as a sheet, the offline double scans. */

/** Sessions the caller works (venue staff) or oversees (the committee: every venue), soonest first. */
export async function listWatchedSessions(): Promise<TVenueSessionView[]> {
  return (await call({ path: '/venue/sessions', schema: ZVenueSessionListResponse })).items
}

export function getVenueBoard(sessionId: string): Promise<TVenueBoard> {
  return call({ path: '/venue/board', query: { session: sessionId }, schema: ZVenueBoardResponse })
}

/** The board's missing list (.xlsx), saved on the device as `fileName`. */
export function exportMissingList(sessionId: string, fileName: string): Promise<void> {
  return saveDownloadedFile({ path: '/venue/board/missing.xlsx', query: { session: sessionId }, fileName })
}

export async function listCheckInConflicts(sessionId: string): Promise<TCheckInConflict[]> {
  return (await call({ path: '/venue/conflicts', query: { session: sessionId }, schema: ZCheckInConflictListResponse })).items
}
