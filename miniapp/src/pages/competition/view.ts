import { COMPETITION_STATUS_LABELS, type TCompetition, type TCompetitionStatus } from '@contest/shared'
import { formatChinaDate } from '../../format/date'

export type TCompetitionDetailView = {
  name: string
  organiser: string
  statusLabel: string
  /** 报名时间：2020年8月1日 至 2020年8月31日 */
  window: string
  /** 报名截止：2020年8月31日 */
  deadline: string
  groups: string[]
  /** Each trade with the groups that may enter it, e.g. 焊工（职工组、学生组）. */
  trades: { key: string; name: string; groups: string }[]
  description: string
  /** 我要报名 while registration is open; otherwise why not. */
  registration: { open: true } | { open: false; note: string }
}

const NOT_OPEN_NOTES: Record<Exclude<TCompetitionStatus, 'open'>, string> = {
  draft: '赛事筹备中，暂未开放报名',
  upcoming: '尚未开始报名，请在报名时间内再来',
  closed: '报名已截止，不能再报名',
  finished: '赛事已结束',
}

export function toCompetitionDetail(c: TCompetition): TCompetitionDetailView {
  const groupName = new Map(c.groups.map((g) => [g.code, g.name]))
  return {
    name: c.name,
    organiser: c.organiser,
    statusLabel: COMPETITION_STATUS_LABELS[c.status],
    window: `报名时间：${formatChinaDate(c.registrationOpensAt)} 至 ${formatChinaDate(c.registrationClosesAt)}`,
    deadline: `报名截止：${formatChinaDate(c.registrationClosesAt)}`,
    groups: c.groups.map((g) => g.name),
    trades: c.trades.map((t) => ({
      key: t.code,
      name: t.name,
      groups: t.groups.map((code) => groupName.get(code) ?? code).join('、'),
    })),
    description: c.description,
    registration: c.status === 'open' ? { open: true } : { open: false, note: NOT_OPEN_NOTES[c.status] },
  }
}
