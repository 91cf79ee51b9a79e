import {
  DECLARATION_TEXT,
  REGISTRATION_ACTION_LABELS,
  REGISTRATION_STATUS_LABELS,
  SKILL_LEVELS,
  auditLevelLabel,
  type TAuditLevelState,
  type TAuditRegistration,
  type TAuditTrailEntry,
  type TDeclarations,
  type TRevealedPersonalData,
} from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'

export type TTrailItem = {
  key: string
  /** 工会审核通过 / 查看完整证件号 */
  title: string
  /** 工会审核员 · 河西区总工会 · 王芳 */
  who: string
  when: string
  /** 待工会审核 → 待组委会确认 (null for a view of the full ID) */
  change: string | null
  reason: string | null
  /** 证件号已释放 */
  note: string | null
}

function trailItem(entry: TAuditTrailEntry, i: number): TTrailItem {
  const status = (value: TAuditTrailEntry['from']) => (value === null ? '新报名' : REGISTRATION_STATUS_LABELS[value])
  return {
    key: `${i}-${entry.at}`,
    title:
      (entry.kind === 'reveal' ? '查看完整证件号和手机号' : entry.kind === 'evidence_view' ? '查看证明材料' : entry.action ? REGISTRATION_ACTION_LABELS[entry.action] : '状态变更') +
      (entry.auditLevel === undefined ? '' : `（第${entry.auditLevel}级）`),
    who: [entry.actorRole, entry.actorBody, entry.actorPerson].filter((part): part is string => Boolean(part)).join(' · '),
    when: formatChinaDateTime(entry.at),
    change: entry.kind === 'transition' && entry.to !== null ? `${status(entry.from)} → ${status(entry.to)}` : null,
    reason: entry.reason,
    note: entry.note ?? null,
  }
}

/** The trail oldest first, as the BFF keeps it. */
export function trailItems(trail: TAuditTrailEntry[]): TTrailItem[] {
  return [...trail].sort((a, b) => a.at.localeCompare(b.at)).map(trailItem)
}

/** A two-level audit still with the unions: where it is, and what the level below decided. */
export type TLevelView = { current: string; earlier: string | null }

export function levelView(state: TAuditLevelState | null): TLevelView | null {
  if (!state) return null
  const { earlier } = state
  return {
    current: auditLevelLabel(state),
    earlier: !earlier
      ? null
      : state.step === 'host'
        ? // The school's forward is its confirmation of enrolment; its note says so (学籍已确认：…).
          `${earlier.unionName} ${earlier.reason ?? '学籍已确认'} · ${formatChinaDateTime(earlier.at)}`
        : `第${earlier.level}级 ${earlier.unionName} 已审核通过 · ${formatChinaDateTime(earlier.at)}${earlier.reason ? ` · 意见：${earlier.reason}` : ''}`,
  }
}

/** 剩余名额 of the registration's union × trade × group, in one line. */
export function quotaText(registration: TAuditRegistration): string {
  const quota = registration.quota
  if (!quota) return '本工种组别不限名额'
  if (quota.places === null) return `${quota.unionName} · 不限名额，已用 ${quota.used}`
  return `${quota.unionName} · 名额 ${quota.places}，已用 ${quota.used}，剩余名额 ${quota.left ?? 0}`
}

const DECLARATION_KEYS: (keyof TDeclarations)[] = ['notFullTimeStudent', 'noExcludedHonour', 'localResidence']

export type TDetailLine = { label: string; value: string }

/** What was sent, the ID and phone masked unless the official chose to see them (and that was logged). */
export function detailLines(r: TAuditRegistration, revealed: TRevealedPersonalData | null): TDetailLine[] {
  return [
    { label: '姓名', value: r.name },
    { label: '身份证号', value: revealed?.nationalId ?? r.nationalIdMasked },
    { label: '性别', value: r.sex === 'male' ? '男' : '女' },
    { label: '年龄', value: `${r.age}岁` },
    { label: '手机号', value: revealed?.mobile ?? r.mobileMasked },
    { label: '工作单位', value: r.employer },
    { label: '所属工会', value: r.union.chain.filter(Boolean).join(' › ') || r.union.name },
    { label: '工种', value: r.trade.name },
    { label: '组别', value: r.group.name },
    { label: '技能等级', value: SKILL_LEVELS[r.skillLevel] },
    { label: '从事本工种年限', value: `${r.yearsInTrade}年` },
    { label: '提交时间', value: formatChinaDateTime(r.submittedAt) },
  ]
}

export function declarationTexts(r: TAuditRegistration): string[] {
  return DECLARATION_KEYS.filter((key) => r.declarations[key]).map((key) => DECLARATION_TEXT[key])
}

export const REVEAL_CONFIRM = {
  title: '查看完整信息',
  content: '查看完整证件号将记录在审核日志中，确定查看吗？',
}
