import {
  PASS_ROSTER_CONTENT_TYPE,
  PRIVACY_NOTICE_VERSION,
  ZTeamEntryViewResponse,
  ZTeamListResponse,
  ZTeamMemberResponse,
  ZTeamResponse,
  ZTeamSheetResponse,
  type TTeam,
  type TTeamEntryView,
  type TTeamLeader,
  type TTeamMember,
  type TTeamMemberFormInput,
  type TTeamSheetResult,
} from '@contest/shared'
import { call, fetchImage, saveDownloadedFile } from './client'

/** 团体报名 on the union desk (/audit/union/teams) and the entered person's confirmation (/team-entries). */

const teams = '/audit/union/teams'
const id = (value: string) => encodeURIComponent(value)

export async function listTeams(competitionId: string): Promise<TTeam[]> {
  return (await call({ path: teams, query: { competitionId }, schema: ZTeamListResponse })).items
}

/** A team of the official's own union. */
export function createTeam(competitionId: string, name: string, leader: TTeamLeader): Promise<TTeam> {
  return call({ method: 'POST', path: teams, body: { competitionId, name, leader }, schema: ZTeamResponse })
}

export function enterTeamMember(teamId: string, member: TTeamMemberFormInput): Promise<TTeamMember> {
  return call({ method: 'POST', path: `${teams}/${id(teamId)}/members`, body: member, schema: ZTeamMemberResponse })
}

/** The team sheet (.xlsx) as it is; all rows or none (TEAM_SHEET_INVALID names the bad rows). */
export function importTeamSheet(teamId: string, sheet: ArrayBuffer): Promise<TTeamSheetResult> {
  return call({ method: 'POST', path: `${teams}/${id(teamId)}/sheet`, body: sheet, contentType: PASS_ROSTER_CONTENT_TYPE, schema: ZTeamSheetResponse })
}

export function saveTeamSheetTemplate(competitionId: string): Promise<void> {
  return saveDownloadedFile({ path: `${teams}/sheet-template`, query: { competitionId }, fileName: '参赛队报名表模板.xlsx' })
}

/** A waiting member's confirmation code (a mini-program code opening their confirmation page), as an image source. */
export function fetchConfirmationCode(teamId: string, entryId: string): Promise<string> {
  return fetchImage({ path: `${teams}/${id(teamId)}/members/${id(entryId)}/code` })
}

export function getTeamEntry(token: string): Promise<TTeamEntryView> {
  return call({ path: `/team-entries/${id(token)}`, schema: ZTeamEntryViewResponse })
}

/** The person's own confirmation: the privacy notice they read here, and the declarations shown. */
export function confirmTeamEntry(token: string): Promise<TTeamEntryView> {
  return call({
    method: 'POST',
    path: `/team-entries/${id(token)}/confirm`,
    body: { privacyNoticeVersion: PRIVACY_NOTICE_VERSION, confirmDeclarations: true },
    schema: ZTeamEntryViewResponse,
  })
}
