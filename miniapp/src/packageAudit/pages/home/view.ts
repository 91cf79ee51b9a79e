import {
  QUEUE_STATUS_LABELS,
  QUEUE_STATUS_MEMBERS,
  ZQueueStatus,
  type TAuditSummary,
  type TMe,
  type TQueueStatus,
  type TReachability,
  type TStatusCounts,
} from '@contest/shared'
import { asFileName } from '../../../format/fileName'
import { NOT_AT_DESK_MESSAGE } from '../../desk'

export type TAuditHome = { unions: string[] }

/** The unions the official audits for (each with every union beneath it). */
export function toAuditHome(me: TMe): TAuditHome {
  const unions = me.roles
    .filter((grant) => grant.role === 'union_official')
    .map((grant) => grant.scope.unionName ?? '（工会不存在）')
  return { unions: [...new Set(unions)] }
}

/** A union whose registration poster the official may draw, and for which competitions (null: every one). */
export type TPosterUnion = { id: string; name: string; competitionId: string | null }

/** The unions of the official's grants: theirs to hand posters out for (the BFF refuses any other). */
export function posterUnionsOf(me: TMe): TPosterUnion[] {
  return me.roles.flatMap((grant) =>
    grant.role === 'union_official' && grant.scope.unionId
      ? [{ id: grant.scope.unionId, name: grant.scope.unionName ?? '（工会不存在）', competitionId: grant.scope.competitionId }]
      : [],
  )
}

/** The official's poster unions for one competition, each once. */
export function posterUnionsFor(unions: TPosterUnion[], competitionId: string): TPosterUnion[] {
  const seen = new Set<string>()
  return unions.filter((union) => {
    if (union.competitionId !== null && union.competitionId !== competitionId) return false
    if (seen.has(union.id)) return false
    seen.add(union.id)
    return true
  })
}

/** The saved poster's name: 工会-赛事-报名海报.png. */
export function posterFileName(unionName: string, competitionName: string): string {
  return `${asFileName(unionName)}-${asFileName(competitionName)}-报名海报.png`
}

export const NOT_OFFICIAL_MESSAGE = NOT_AT_DESK_MESSAGE.union

/** How many registrations a queue tab holds ("未通过" adds both rejections). */
export function countFor(counts: TStatusCounts, status: TQueueStatus): number {
  return QUEUE_STATUS_MEMBERS[status].reduce((sum, member) => sum + (counts[member] ?? 0), 0)
}

/** One bar of the dashboard; `percent` of the longest bar, so the longest fills the line. */
export type TBar = { key: string; label: string; count: number; percent: number; status?: TQueueStatus }

function scaled<T extends { count: number }>(rows: T[]): (T & { percent: number })[] {
  const longest = Math.max(1, ...rows.map((row) => row.count))
  return rows.map((row) => ({ ...row, percent: Math.round((row.count / longest) * 100) }))
}

/** Counts by status, one bar per queue tab. */
export function statusBars(summary: TAuditSummary): TBar[] {
  return scaled(
    ZQueueStatus.options.map((status) => ({ key: status, status, label: QUEUE_STATUS_LABELS[status], count: countFor(summary.byStatus, status) })),
  )
}

/** Registrations still in play (withdrawn ones left out): what a trade or a union has to handle. */
function inPlay(counts: TStatusCounts): number {
  return (['submitted', 'union_approved', 'confirmed', 'rejected'] as const).reduce((sum, status) => sum + countFor(counts, status), 0)
}

/** One bar per trade × group with registrations, most first. */
export function tradeBars(summary: TAuditSummary): TBar[] {
  const rows = summary.byTrade
    .map((row) => ({ key: `${row.tradeCode}|${row.groupCode}`, label: `${row.tradeName} · ${row.groupName}`, count: inPlay(row.counts) }))
    .filter((row) => row.count > 0)
    .sort((a, b) => b.count - a.count)
  return scaled(rows)
}

/** One bar per union below the official's (the committee: per participating union), most first. */
export function unionBars(summary: TAuditSummary): TBar[] {
  const rows = summary.byUnion
    .map((row) => ({ key: row.unionId, label: row.unionName, count: inPlay(row.counts) }))
    .filter((row) => row.count > 0)
    .sort((a, b) => b.count - a.count)
  return scaled(rows)
}

export type TQuotaLine = { key: string; label: string; union: string; text: string; full: boolean }

/** Places per union × trade × group: 名额 2 · 已用 1 · 剩余 1 (不限 when the committee set no limit). */
export function quotaLines(summary: TAuditSummary): TQuotaLine[] {
  return summary.quotas.map((quota) => ({
    key: `${quota.unionId}|${quota.tradeCode}|${quota.groupCode}`,
    label: `${quota.tradeName} · ${quota.groupName}`,
    union: quota.unionName,
    text: quota.places === null ? `不限名额 · 已用 ${quota.used}` : `名额 ${quota.places} · 已用 ${quota.used} · 剩余 ${quota.left ?? 0}`,
    full: quota.left === 0,
  }))
}

export type TReachCard = { figure: string; unreachable: number; link: string | null }

/** WeChat reachability on the desk's home: 2 / 5 人可收到微信推送, and the way to whom to phone. */
export function reachCard(reach: Pick<TReachability, 'waiting' | 'reachable'>): TReachCard {
  const unreachable = reach.waiting - reach.reachable
  if (reach.waiting === 0) return { figure: '暂无等待通知的报名', unreachable: 0, link: null }
  return {
    figure: `${reach.reachable} / ${reach.waiting} 人可收到下一条微信消息`,
    unreachable,
    link: unreachable > 0 ? `${unreachable} 人无法推送，查看名单并电话通知 ›` : null,
  }
}
