import type { TVenueBoard, TVenueSessionView } from '@contest/shared'
import { formatChinaClock } from '../../../format/date'

/** How often the board asks again while it is on screen. */
export const BOARD_REFRESH_MS = 15_000

/** `上午场 · 2027-09-20 09:00–12:00`: a session as the board and the picker name it. */
export function sessionText(session: Pick<TVenueSessionView, 'name' | 'code' | 'date' | 'startTime' | 'endTime'>): string {
  return `${session.name || session.code} · ${session.date} ${session.startTime}–${session.endTime}`
}

export type TBoardView = {
  competition: string
  venue: string
  session: string
  updatedAt: string
  totals: { expected: number; checkedIn: number; missing: number }
  trades: { key: string; label: string; expected: number; checkedIn: number; missing: number }[]
  missing: { passNumber: string; name: string; detail: string }[]
  /** 离线重复扫码 2 起, when there are any. */
  conflicts: string | null
  /** The name the missing sheet is saved as. */
  sheetName: string
}

export function toBoardView(board: TVenueBoard): TBoardView {
  return {
    competition: board.competition.name,
    venue: board.venue.name,
    session: sessionText(board.session),
    updatedAt: `更新于 ${formatChinaClock(board.generatedAt)}`,
    totals: { expected: board.expected, checkedIn: board.checkedIn, missing: board.missing },
    trades: board.byTrade.map((row) => ({
      key: `${row.trade.code}|${row.group.code}`,
      label: `${row.trade.name}（${row.group.name}）`,
      expected: row.expected,
      checkedIn: row.checkedIn,
      missing: row.missing,
    })),
    missing: board.missingList.map((person) => ({
      passNumber: person.passNumber,
      name: person.name,
      detail: `${person.station} · ${person.trade.name}（${person.group.name}）· ${person.union} · 准考证号 ${person.passNumber}`,
    })),
    conflicts: board.conflicts > 0 ? `离线重复扫码 ${board.conflicts} 起` : null,
    sheetName: `${board.venue.name}-${board.session.date}-${board.session.code}-未签到名单.xlsx`,
  }
}

/** The sessions to pick from, grouped as the person reads them: venue, then session. */
export function toSessionChoices(sessions: TVenueSessionView[]): { id: string; title: string; sub: string }[] {
  return sessions.map((session) => ({ id: session.id, title: session.venue.name, sub: `${sessionText(session)} · ${session.placed} 人` }))
}
