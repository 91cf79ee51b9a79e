import type { TMyRegistration } from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'
import { statusBadge } from '../../../format/registrationStatus'
import { passEntry, type TPassEntry } from '../detail/view'

export type TRegistrationItem = {
  id: string
  competition: string
  /** 焊工 · 职工组 */
  entry: string
  union: string
  submitted: string
  status: { label: string; className: string }
  /** Shown once the registration has a pass (revoked too); opens it. */
  pass: TPassEntry | null
  subscribeTemplateIds: string[]
}

export const NO_REGISTRATIONS = '您还没有报名。在赛事页面点“我要报名”，输入所在工会提供的工会代码即可报名。'

/** 我的报名, newest first. */
export function toRegistrationItems(registrations: TMyRegistration[]): TRegistrationItem[] {
  return [...registrations]
    .sort((a, b) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt))
    .map((r) => ({
      id: r.id,
      competition: r.competition.name,
      entry: `${r.trade.name} · ${r.group.name}`,
      union: r.union.name,
      submitted: `提交于 ${formatChinaDateTime(r.submittedAt)}`,
      status: statusBadge(r.status),
      pass: r.pass ? passEntry(r) : null,
      subscribeTemplateIds: r.subscribeTemplateIds,
    }))
}
