import {
  ZObjectionListResponse,
  ZObjectionResponse,
  ZResultsAnnouncementStateResponse,
  type TObjection,
  type TObjectionAnswerInput,
  type TResultsAnnouncementState,
} from '@contest/shared'
import { call, saveDownloadedFile } from './client'

/** The committee's 公示 of a competition (/api/v1/admin/competitions/:id/results…) and its exports. */

const base = (competitionId: string) => `/admin/competitions/${encodeURIComponent(competitionId)}`

/** The 公示 as it stands; RESULTS_NOT_FOUND before it is opened. */
export function getAnnouncement(competitionId: string): Promise<TResultsAnnouncementState> {
  return call({ path: `${base(competitionId)}/results/announcement`, schema: ZResultsAnnouncementStateResponse })
}

/** Opens the 公示 (closing date on the working-day calendar); refused while a checked-in contestant has no score. */
export function openAnnouncement(competitionId: string): Promise<TResultsAnnouncementState> {
  return call({ method: 'POST', path: `${base(competitionId)}/results/announcement`, schema: ZResultsAnnouncementStateResponse })
}

/** Ends the 公示, results final: refused before its closing date has passed or while an objection is unanswered. */
export function closeAnnouncement(competitionId: string): Promise<TResultsAnnouncementState> {
  return call({ method: 'POST', path: `${base(competitionId)}/results/announcement/close`, schema: ZResultsAnnouncementStateResponse })
}

/** Every objection, oldest first. */
export async function listObjections(competitionId: string): Promise<TObjection[]> {
  return (await call({ path: `${base(competitionId)}/results/objections`, schema: ZObjectionListResponse })).items
}

/** The answer on the version seen; `disqualify` takes the result out (递补). CONFLICT when someone answered since. */
export function answerObjection(competitionId: string, objectionId: string, input: TObjectionAnswerInput): Promise<TObjection> {
  return call({
    method: 'POST',
    path: `${base(competitionId)}/results/objections/${encodeURIComponent(objectionId)}/answer`,
    body: input,
    schema: ZObjectionResponse,
  })
}

/** The exports of the 公示 page: 成绩汇总表 and 获奖名单 (whole competition), the certificates of final awards. */
export const RESULTS_EXPORTS = {
  sheet: { label: '成绩汇总表', path: '/results/sheet.xlsx', fileName: '成绩汇总表.xlsx', fileType: 'xlsx' },
  awards: { label: '获奖名单', path: '/results/awards.xlsx', fileName: '获奖名单.xlsx', fileType: 'xlsx' },
  certificates: { label: '荣誉证书（PDF）', path: '/certificates.pdf', fileName: '荣誉证书.pdf', fileType: 'pdf' },
} as const
export type TResultsExport = keyof typeof RESULTS_EXPORTS

export function saveResultsExport(competitionId: string, which: TResultsExport): Promise<void> {
  const { path, fileName, fileType } = RESULTS_EXPORTS[which]
  return saveDownloadedFile({ path: `${base(competitionId)}${path}`, fileName, fileType })
}
