import {
  DECLARATION_TEXT,
  REGISTRATION_ACTION_LABELS,
  SKILL_LEVELS,
  type TMyRegistration,
  type TTimelineEntry,
} from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'
import { unionChainText } from '../entry/view'
import { DECLARATION_KEYS, SEX_LABELS } from '../form/view'
import { statusBadge } from '../../../format/registrationStatus'

export type TTimelineItem = {
  key: string
  title: string
  /** Who and when: 河西区总工会 · 2026年9月3日 10:15 (Beijing time). */
  meta: string
  reason: string | null
  /** What else the step did, e.g. 证件号已释放. */
  note: string | null
  /** A step still to come, e.g. 等待工会审核. */
  pending: boolean
}

export type TDetailView = {
  status: { label: string; className: string }
  /** What the status means for the worker now. */
  note: string
  lines: { label: string; value: string }[]
  declarations: string[]
  timeline: TTimelineItem[]
  canWithdraw: boolean
  canResubmit: boolean
  /** The way to the 准考证: once a pass exists, and for a confirmed registration awaiting one. */
  pass: TPassEntry | null
}

export type TPassEntry = { label: string; revoked: boolean }

/** What the entry to a registration's pass says: its number, 已作废, or that no place is arranged yet. */
export function passEntry(registration: Pick<TMyRegistration, 'status' | 'pass'>): TPassEntry | null {
  const { pass } = registration
  if (pass) return pass.revoked ? { label: `准考证 ${pass.number}（已作废）`, revoked: true } : { label: `准考证 ${pass.number}`, revoked: false }
  return registration.status === 'confirmed' ? { label: '准考证（尚未安排考场）', revoked: false } : null
}

function actorOf(entry: TTimelineEntry): string {
  if (entry.actor === 'worker') return '本人'
  return entry.actorName ?? (entry.actor === 'union' ? '工会' : '大赛组委会')
}

/** The step that comes next, if someone other than the worker has to act. */
function pendingStep(registration: TMyRegistration): TTimelineItem | null {
  const waiting = (title: string, who: string): TTimelineItem => ({ key: 'pending', title, meta: who, reason: null, note: null, pending: true })
  switch (registration.status) {
    case 'submitted':
      return waiting('等待工会审核', registration.union.name)
    case 'union_approved':
      return waiting('等待组委会确认', '大赛组委会')
    default:
      return null
  }
}

/** Every step so far, oldest first, then the step that is awaited. */
export function toTimeline(registration: TMyRegistration): TTimelineItem[] {
  const done = [...registration.timeline]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((entry, i) => ({
      key: `${i}-${entry.action}`,
      title: REGISTRATION_ACTION_LABELS[entry.action],
      meta: `${actorOf(entry)} · ${formatChinaDateTime(entry.at)}`,
      reason: entry.reason,
      note: entry.note ?? null,
      pending: false,
    }))
  const next = pendingStep(registration)
  return next ? [...done, next] : done
}

function noteFor(registration: TMyRegistration): string {
  const canResubmit = registration.allowedActions.includes('resubmit')
  switch (registration.status) {
    case 'submitted':
      return `报名已提交，等待${registration.union.name}审核。`
    case 'union_approved':
      return '工会审核已通过，等待大赛组委会确认。'
    case 'union_rejected':
      return canResubmit ? '工会审核未通过。请按审核意见修改，在报名截止前重新提交。' : '工会审核未通过。'
    case 'confirmed':
      return '报名成功。比赛时间、地点等通知将通过微信发送，请留意。'
    case 'committee_rejected':
      return registration.timeline.some((entry) => entry.action === 'committee_disqualify')
        ? '大赛组委会已取消您的参赛资格，原因见下方记录。'
        : '大赛组委会未通过您的报名，原因见下方记录。'
    case 'withdrawn':
      return '您已撤回这份报名。如需参赛，可在报名截止前重新报名。'
  }
}

export function toDetailView(registration: TMyRegistration): TDetailView {
  const r = registration
  return {
    status: statusBadge(r.status),
    note: noteFor(r),
    lines: [
      { label: '赛事', value: r.competition.name },
      { label: '所属工会', value: unionChainText(r.union) },
      { label: '姓名', value: r.name },
      { label: '身份证号', value: r.nationalIdMasked },
      { label: '年龄', value: `${r.age}岁` },
      { label: '性别', value: SEX_LABELS[r.sex] },
      { label: '手机号', value: r.mobileMasked },
      { label: '工作单位', value: r.employer },
      { label: '工种', value: r.trade.name },
      { label: '组别', value: r.group.name },
      { label: '技能等级', value: SKILL_LEVELS[r.skillLevel] },
      { label: '从事本工种年限', value: `${r.yearsInTrade}年` },
      { label: '提交时间', value: formatChinaDateTime(r.submittedAt) },
    ],
    declarations: DECLARATION_KEYS.filter((key) => r.declarations[key]).map((key) => DECLARATION_TEXT[key]),
    timeline: toTimeline(r),
    canWithdraw: r.allowedActions.includes('withdraw'),
    canResubmit: r.allowedActions.includes('resubmit'),
    pass: passEntry(r),
  }
}

export const WITHDRAW_CONFIRM = {
  title: '撤回报名',
  content: '撤回后这份报名作废，如需参赛须在报名截止前重新报名。确定撤回吗？',
}
