import { COMPETITION_STATUS_LABELS, type TCompetitionSummary } from '@contest/shared'
import { formatChinaDate } from '../../format/date'

/** What one card on the home page shows. */
export type TCompetitionCard = {
  id: string
  name: string
  organiser: string
  statusLabel: string
  /** 报名截止：2020年8月31日 */
  deadline: string
  trades: string[]
  groups: string[]
}

/**
 * One card per competition, in the order the BFF lists them. Which competitions are open for
 * registration, and their order, is the BFF's decision (GET /competitions); the page only
 * presents them.
 */
export function toCompetitionCards(items: readonly TCompetitionSummary[]): TCompetitionCard[] {
  return items.map((c) => ({
    id: c.id,
    name: c.name,
    organiser: c.organiser,
    statusLabel: COMPETITION_STATUS_LABELS[c.status],
    deadline: `报名截止：${formatChinaDate(c.registrationClosesAt)}`,
    trades: c.trades.map((t) => t.name),
    groups: c.groups.map((g) => g.name),
  }))
}

export const EMPTY_MESSAGE = '暂无正在报名的赛事'
