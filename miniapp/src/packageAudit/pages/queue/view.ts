import {
  BATCH_DECISION_LIMIT,
  BATCH_OUTCOME_LABELS,
  COMPETITION_GROUPS,
  QUEUE_STATUS_LABELS,
  SKILL_LEVELS,
  ZQueueStatus,
  auditLevelLabel,
  type TAuditListItem,
  type TAuditSummary,
  type TBatchDecisionResult,
  type TQueueStatus,
} from '@contest/shared'
import { asFileName } from '../../../format/fileName'
import { statusBadge } from '../../../format/registrationStatus'
import { formatChinaDateTime } from '../../../format/date'
import { countFor } from '../home/view'

export type TTab = { status: TQueueStatus; label: string }

/** How many a tab lists: in a two-level audit, 待工会审核 lists only what waits at the official's own level. */
function tabCount(summary: TAuditSummary, status: TQueueStatus): number {
  return status === 'submitted' && summary.waitingHere !== null ? summary.waitingHere : countFor(summary.byStatus, status)
}

/** The queue's tabs, with how many each holds when the dashboard is known: 待工会审核 12. */
export function queueTabs(summary: TAuditSummary | null): TTab[] {
  return ZQueueStatus.options.map((status) => ({
    status,
    label: summary ? `${QUEUE_STATUS_LABELS[status]} ${tabCount(summary, status)}` : QUEUE_STATUS_LABELS[status],
  }))
}

export function queueStatusOf(param: string | undefined): TQueueStatus | null {
  const parsed = ZQueueStatus.safeParse(param)
  return parsed.success ? parsed.data : null
}

/** A trade × group choice of the filter; the first is "all". */
export type TTradeOption = { label: string; tradeCode?: string; groupCode?: string }

export function tradeOptions(summary: TAuditSummary | null): TTradeOption[] {
  const all: TTradeOption = { label: '全部工种组别' }
  if (!summary) return [all]
  return [
    all,
    ...summary.trades.flatMap((trade) =>
      trade.groups.map((group) => ({ label: `${trade.name} · ${COMPETITION_GROUPS[group]}`, tradeCode: trade.code, groupCode: group })),
    ),
  ]
}

/** A union choice of the filter (the unions below the official's, or every participating one); the first is "all". */
export type TUnionOption = { label: string; unionId?: string }

export function unionOptions(summary: TAuditSummary | null): TUnionOption[] {
  return [{ label: '全部工会' }, ...(summary?.byUnion ?? []).map((row) => ({ label: row.unionName, unionId: row.unionId }))]
}

/** What the search box sends: nothing when blank. A full ID number is matched exactly, anything else as a name's beginning. */
export function searchQuery(typed: string): string | undefined {
  const trimmed = typed.trim()
  return trimmed === '' ? undefined : trimmed
}

export type TRowView = {
  id: string
  name: string
  /** 男 · 1990年5月12日 */
  person: string
  nationalId: string
  employer: string
  union: string
  /** 焊工 · 职工组 · 高级工 */
  entry: string
  submitted: string
  status: { label: string; className: string }
  /** A two-level audit: 第2级（共2级）：河西区总工会审核 · 第1级已通过; null otherwise. */
  level: string | null
  decidable: boolean
}

export function rowView(item: TAuditListItem): TRowView {
  return {
    id: item.id,
    name: item.name,
    person: `${item.sex === 'male' ? '男' : '女'} · ${item.age}岁`,
    nationalId: item.nationalIdMasked,
    employer: item.employer,
    union: item.union.name,
    entry: `${item.trade.name} · ${item.group.name} · ${SKILL_LEVELS[item.skillLevel]}`,
    submitted: formatChinaDateTime(item.submittedAt),
    status: statusBadge(item.status),
    level: item.auditLevel
      ? auditLevelLabel(item.auditLevel) +
        (item.auditLevel.earlier ? ` · ${item.auditLevel.earlier.unionName}${item.auditLevel.step === 'host' ? '已确认学籍' : '已通过'}` : '')
      : null,
    decidable: item.allowedDecisions.length > 0,
  }
}

/** Rows chosen for a batch decision: id → the version the official saw. */
export type TSelection = Record<string, number>

export const SELECTION_LIMIT_MESSAGE = `一次最多选择${BATCH_DECISION_LIMIT}条报名`

/** Adds or removes a row; refuses (answers null) past the batch limit. Only rows open to a decision can be chosen. */
export function toggleRow(selection: TSelection, item: TAuditListItem): TSelection | null {
  if (item.id in selection) {
    const { [item.id]: _removed, ...rest } = selection
    return rest
  }
  if (item.allowedDecisions.length === 0) return selection
  if (Object.keys(selection).length >= BATCH_DECISION_LIMIT) return null
  return { ...selection, [item.id]: item.version }
}

/** Every decidable row shown, up to the batch limit. */
export function selectAll(items: TAuditListItem[]): TSelection {
  return Object.fromEntries(
    items
      .filter((item) => item.allowedDecisions.length > 0)
      .slice(0, BATCH_DECISION_LIMIT)
      .map((item) => [item.id, item.version]),
  )
}

export type TBatchLine = { id: string; name: string; outcome: string; message: string | null; done: boolean }

/** Each registration's result after a batch: 张伟 已处理 / 李娜 名额已满 …, the problems first. */
export function batchLines(result: TBatchDecisionResult, names: Record<string, string>): TBatchLine[] {
  const lines = result.results.map((row) => ({
    id: row.id,
    name: names[row.id] ?? row.id,
    outcome: BATCH_OUTCOME_LABELS[row.outcome],
    // The label says it all when it went through; otherwise the BFF's own words say why.
    message: row.outcome === 'done' || row.message === BATCH_OUTCOME_LABELS[row.outcome] ? null : row.message,
    done: row.outcome === 'done',
  }))
  return [...lines.filter((line) => !line.done), ...lines.filter((line) => line.done)]
}

export function batchSummary(result: TBatchDecisionResult): string {
  const failed = result.results.length - result.done
  return failed === 0 ? `已处理${result.done}条` : `已处理${result.done}条，${failed}条未处理`
}

/** The export's file name: 赛事名-报名汇总表.xlsx. */
export function exportFileName(competitionName: string): string {
  return `${asFileName(competitionName)}-报名汇总表.xlsx`
}
