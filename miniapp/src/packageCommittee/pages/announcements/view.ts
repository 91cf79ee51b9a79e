import {
  ANNOUNCEMENT_BODY_MAX,
  ANNOUNCEMENT_STATUS_LABELS,
  ANNOUNCEMENT_TITLE_MAX,
  COMPETITION_GROUPS,
  ZAnnouncementInput,
  type TAnnouncement,
  type TAnnouncementAudienceInput,
  type TAnnouncementInput,
  type TAnnouncementReach,
  type TAnnouncementStatus,
  type TCompetitionSetupView,
  type TGroupCode,
} from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'

export { ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX }

export type TPickedUnion = { id: string; name: string }

/** The notice being written and who it is for; empty lists narrow nothing. */
export type TAnnouncementForm = {
  title: string
  body: string
  tradeCodes: string[]
  groupCodes: TGroupCode[]
  statuses: TAnnouncementStatus[]
  unions: TPickedUnion[]
}

export const EMPTY_FORM: TAnnouncementForm = { title: '', body: '', tradeCodes: [], groupCodes: [], statuses: [], unions: [] }

/** `list` with `value` added, or taken out when it was there. */
export function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value]
}

export type TChoice<T extends string> = { value: T; label: string }

/** The narrowing choices the competition offers: its trades and groups, the statuses, its participating unions. */
export function audienceChoices(competition: TCompetitionSetupView) {
  return {
    trades: competition.trades.map((trade): TChoice<string> => ({ value: trade.code, label: trade.name })),
    groups: competition.groups.map((group): TChoice<TGroupCode> => ({ value: group.code, label: COMPETITION_GROUPS[group.code] })),
    statuses: (Object.keys(ANNOUNCEMENT_STATUS_LABELS) as TAnnouncementStatus[]).map((status) => ({ value: status, label: ANNOUNCEMENT_STATUS_LABELS[status] })),
    unions: competition.participatingUnions.map((union): TPickedUnion => ({ id: union.id, name: union.name })),
  }
}

export function toAudience(form: TAnnouncementForm): TAnnouncementAudienceInput {
  return { tradeCodes: form.tradeCodes, groupCodes: form.groupCodes, statuses: form.statuses, unionIds: form.unions.map((union) => union.id) }
}

export type TFormErrors = Partial<Record<'title' | 'body', string>>

/** The publish request, or what to fix first (the same rules the BFF applies). */
export function toPublishInput(form: TAnnouncementForm): { ok: true; input: TAnnouncementInput } | { ok: false; errors: TFormErrors } {
  const input: TAnnouncementInput = { title: form.title, body: form.body, audience: toAudience(form) }
  const parsed = ZAnnouncementInput.safeParse(input)
  if (parsed.success) return { ok: true, input }
  const errors: TFormErrors = {}
  for (const issue of parsed.error.issues) {
    const field = issue.path[0]
    if ((field === 'title' || field === 'body') && !errors[field]) errors[field] = issue.message
  }
  return { ok: false, errors }
}

/** The preview line under the audience. */
export function reachText(reach: TAnnouncementReach): string {
  if (reach.reached === 0) return '没有符合条件的报名人'
  return `将发送给 ${reach.reached} 人，其中 ${reach.pushable} 人可收到微信推送`
}

/** The confirm dialog's text before publishing. */
export function confirmText(reach: TAnnouncementReach): string {
  const inboxOnly = reach.reached - reach.pushable
  const rest = inboxOnly > 0 ? `，其余 ${inboxOnly} 人只能在小程序“消息”中看到` : ''
  return `将发送给 ${reach.reached} 人（${reach.pushable} 人可收到微信推送${rest}）。发布后不能撤回。`
}

export type TAnnouncementRow = { id: string; title: string; meta: string; counts: string; publishing: boolean }

export function toAnnouncementRows(items: TAnnouncement[]): TAnnouncementRow[] {
  return items.map((item) => ({
    id: item.id,
    title: item.title,
    meta: `${formatChinaDateTime(item.createdAt)} · ${item.audienceText}`,
    counts: `送达 ${item.reached} 人 · 微信推送 ${item.pushed} 人`,
    publishing: item.state === 'publishing',
  }))
}
