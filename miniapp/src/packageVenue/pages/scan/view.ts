import { CHECK_IN_OUTCOME_TEXT, ZPassNumber, type TCheckInResult, type TMe, type TVenueSessionView } from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'
import { sessionText } from '../board/view'

export type TVenuePost = { id: string; competition: string; venue: string }

/** Where the person works check-in: one entry per venue_staff role. */
export function toVenuePosts(me: TMe): TVenuePost[] {
  return me.roles
    .filter((grant) => grant.role === 'venue_staff')
    .map((grant) => ({
      id: grant.id,
      competition: grant.scope.competitionName ?? '（赛事不存在）',
      venue: grant.scope.venue ?? '全部赛场',
    }))
}

export const NOT_VENUE_STAFF_MESSAGE = '您还不是现场工作人员。如已收到邀请，请输入邀请码。'

/** What the staff member reads at a glance after a scan: the colour, the outcome, the person or the earlier check-in. */
export type TScanResultView = {
  tone: 'ok' | 'warn' | 'stop'
  headline: string
  /** The BFF's (or the phone's) specifics, when they add to the headline. */
  detail: string | null
  lines: Array<{ label: string; value: string }>
  /** Judged on the phone from the roster: uploaded when the signal is back. */
  offline: boolean
}

export function toScanResultView(result: TCheckInResult, answeredBy: 'bff' | 'phone'): TScanResultView {
  const { message, tone } = CHECK_IN_OUTCOME_TEXT[result.outcome]
  const lines: TScanResultView['lines'] = []
  const person = result.person
  if (person) {
    lines.push({ label: '姓名', value: person.name }, { label: '工种', value: `${person.trade.name} · ${person.group.name}` }, { label: '考位', value: person.station })
    if (result.outcome === 'checked_in' && person.nationalIdMasked) lines.push({ label: '身份证', value: person.nationalIdMasked })
    lines.push({ label: '准考证号', value: person.passNumber })
  }
  if (result.outcome === 'already_checked_in' && result.checkIn) {
    lines.push(
      { label: '签到时间', value: formatChinaDateTime(result.checkIn.scannedAt) },
      { label: '签到人', value: result.checkIn.byYou && result.checkIn.staff !== '本机' ? `${result.checkIn.staff}（您）` : result.checkIn.staff },
      { label: '设备', value: result.checkIn.deviceId },
    )
  }
  return { tone, headline: message, detail: result.message !== message ? result.message : null, lines, offline: answeredBy === 'phone' }
}

/** The first thing wrong with a typed pass number (8 digits, Luhn), or null when it may be sent. */
export function passNumberProblem(typed: string): string | null {
  const parsed = ZPassNumber.safeParse(typed)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? '准考证号有误，请核对后重新输入')
}

/** The session as the scan page names it: 上午场 · 2027-09-20 09:00–12:00 · 主赛场. */
export function sessionLabel(session: TVenueSessionView): string {
  return `${sessionText(session)} · ${session.venue.name}`
}
