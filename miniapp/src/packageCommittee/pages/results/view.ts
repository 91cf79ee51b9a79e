import { RESULTS_STATUS_LABELS, type TObjection, type TResultsAnnouncementState } from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'

/** The 公示 card: where it stands, and whether it may be closed now (the BFF decides on its own clock too). */
export type TAnnouncementView = {
  statusLabel: string
  lines: string[]
  /** Its closing date has passed and it is not final yet. */
  canClose: boolean
  /** Beside the 结束公示 button: why it is not yet possible, or what it does. */
  closeHint: string | null
  final: boolean
}

export function announcementView(state: TResultsAnnouncementState, now: Date): TAnnouncementView {
  const final = state.status === 'final'
  const lines = [
    `发布于 ${formatChinaDateTime(state.openedAt)}，公示 ${state.workingDays} 个工作日`,
    `公示期至 ${state.closingDate}（含当日，按法定工作日计算，节假日顺延）`,
    `已通知 ${state.notified} 人`,
  ]
  if (final && state.finalAt) lines.push(`已于 ${formatChinaDateTime(state.finalAt)} 结束公示，成绩已定稿`)
  const passed = now.getTime() >= new Date(state.closesAt).getTime()
  const canClose = !final && passed
  const closeHint = final ? null : passed ? '公示期已满：答复全部异议后即可结束公示，成绩随即定稿并通知考生' : `公示期满（${state.closingDate} 之后）才能结束公示`
  return { statusLabel: final ? '已定稿' : RESULTS_STATUS_LABELS.announced, lines, canClose, closeHint, final }
}

/** Before it opens: what opening does, with the competition's number of working days. */
export function openingHint(workingDays: number): string {
  return `发布后，成绩名单在公示页面公开 ${workingDays} 个工作日（按法定工作日计算，节假日顺延），并通知每位考生。已签到的考生都录入成绩（或缺考）后才能发布。`
}

export type TObjectionStatus = 'open' | 'answered' | 'disqualified'
export const OBJECTION_STATUS_LABELS: Record<TObjectionStatus, string> = { open: '待答复', answered: '已答复', disqualified: '已答复，取消成绩' }

export function objectionStatus(objection: TObjection): TObjectionStatus {
  if (objection.answeredAt === null) return 'open'
  return objection.disqualified ? 'disqualified' : 'answered'
}

/** One objection as listed: about whom, when, the reason and contact, and the answer once given. */
export function objectionLines(objection: TObjection): { title: string; lines: string[] } {
  const lines = [`理由：${objection.reason}`, `联系方式：${objection.contact}`, `提出于 ${formatChinaDateTime(objection.at)}`]
  if (objection.answer !== null) lines.push(`答复：${objection.answer}${objection.answeredAt ? `（${formatChinaDateTime(objection.answeredAt)}）` : ''}`)
  return { title: `对 ${objection.name} 成绩的异议`, lines }
}

/** How many objections still wait for an answer (closing is refused while any does). */
export function openObjections(objections: readonly TObjection[]): number {
  return objections.filter((o) => o.answeredAt === null).length
}

/** The confirm modal's text before an answer that takes the result out. */
export function disqualifyConfirmText(name: string): string {
  return `将取消 ${name} 的成绩，其后的考生依次递补，名次和奖项重新计算并在公示页面注明。确定吗？`
}
