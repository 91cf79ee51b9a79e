import { COMPETITION_STATUS_LABELS, type TCompetitionSetupView, type TPublication } from '@contest/shared'
import { formatChinaDate } from '../../../format/date'

export const PUBLICATION_LABELS: Record<TPublication, string> = {
  draft: '筹备中',
  published: '已发布',
  finished: '已结束',
}

export type TSetupCard = {
  id: string
  name: string
  badges: string[]
  lines: { label: string; value: string }[]
}

/** A read-only summary of each competition's set-up, as the committee keeps it. */
export function toSetupCards(items: readonly TCompetitionSetupView[]): TSetupCard[] {
  return items.map((c) => {
    const ages = c.eligibility.ageRanges.map((r) => {
      const group = c.groups.find((g) => g.code === r.groupCode)?.name ?? r.groupCode
      const trade = r.tradeCode ? (c.trades.find((t) => t.code === r.tradeCode)?.name ?? r.tradeCode) : ''
      return `${group}${trade ? `（${trade}）` : ''} ${r.minAge}–${r.maxAge} 岁`
    })
    const places = c.quotas.reduce((sum, q) => sum + q.places, 0)
    return {
      id: c.id,
      name: c.name,
      // A draft's status is 筹备中 too: one badge then.
      badges: [...new Set([PUBLICATION_LABELS[c.publication], COMPETITION_STATUS_LABELS[c.status]])],
      lines: [
        { label: '主办单位', value: c.organiser },
        { label: '报名时间', value: `${formatChinaDate(c.registrationOpensAt)} 至 ${formatChinaDate(c.registrationClosesAt)}` },
        { label: '组别', value: c.groups.map((g) => g.name).join('、') },
        { label: '工种', value: c.trades.map((t) => t.name).join('、') },
        { label: '参赛工会', value: `${c.participatingUnionIds.length} 个` },
        { label: '名额', value: c.quotas.length > 0 ? `${c.quotas.length} 项，共 ${places} 人` : '未设置' },
        { label: '年龄要求', value: ages.length > 0 ? ages.join('；') : '未设置' },
        { label: '年龄计算日', value: c.eligibility.referenceDate ? formatChinaDate(c.eligibility.referenceDate) : '未设置' },
        { label: '不得参赛', value: c.eligibility.excludedHonours.length > 0 ? `获${c.eligibility.excludedHonours.join('、')}者` : '无' },
        { label: '赛场', value: c.venues.length > 0 ? c.venues.map((v) => v.name).join('、') : '未设置' },
      ],
    }
  })
}
