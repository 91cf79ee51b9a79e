import {
  NATIONAL_ID_IN_USE_LABELS,
  REGISTRATION_STATUS_LABELS,
  ZRegistrationStatus,
  type TAuditDesk,
  type TCurrentState,
  type TMe,
  type TNationalIdInUse,
} from '@contest/shared'
import { hasRole } from '../roles/view'

/**
 * The audit pages serve two desks with one implementation: union officials (`desk=union`, the
 * default, their union and every union below it) and the committee (`desk=committee`, what the
 * unions approved). The desk comes in each page's query.
 */
export function deskOf(param: string | undefined): TAuditDesk {
  return param === 'committee' ? 'committee' : 'union'
}

export const DESK_TITLES: Record<TAuditDesk, string> = {
  union: '审核工作台',
  committee: '组委会报名确认',
}

/** Whether the signed-in person works at this desk (the BFF checks it again on every call). */
export function worksAtDesk(me: TMe, desk: TAuditDesk): boolean {
  return desk === 'union' ? hasRole(me.roles, 'union_official') : hasRole(me.roles, 'committee', 'admin')
}

export const NOT_AT_DESK_MESSAGE: Record<TAuditDesk, string> = {
  union: '您还不是工会审核员。如已收到邀请，请输入邀请码。',
  committee: '您还没有组委会权限。如已收到邀请，请在“我的”中输入邀请码。',
}

/** What a 409 CONFLICT says: someone decided first; the state it is in now. */
export function conflictMessage(current: TCurrentState | undefined): string {
  const status = ZRegistrationStatus.safeParse(current?.status)
  return status.success ? `已被他人处理，当前状态：${REGISTRATION_STATUS_LABELS[status.data]}` : '已被他人处理，已刷新为最新状态'
}

/** 该证件号在本赛事另有报名：张伟 · 河西区总工会 · 待工会审核, or only that one exists outside the scope. */
export function nationalIdInUseText(inUse: TNationalIdInUse): string {
  if (inUse.reach === 'outside_scope') return NATIONAL_ID_IN_USE_LABELS.outside_scope
  return `${NATIONAL_ID_IN_USE_LABELS.in_scope}：${[inUse.name, inUse.unionName, REGISTRATION_STATUS_LABELS[inUse.status]].filter(Boolean).join(' · ')}`
}
