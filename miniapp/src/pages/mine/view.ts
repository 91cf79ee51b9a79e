import type { TMe } from '@contest/shared'
import { formatChinaDate } from '../../format/date'
import { hasAcceptedPrivacyNotice } from '../../privacy/consent'
import { roleEntries, roleLinks, type TRoleEntry, type TRoleLink } from '../../roles/view'

export type TMineView = {
  /** 已登录 · 测试用户 committee-1 (the H5 development sign-in names the user). */
  status: string
  roles: TRoleEntry[]
  links: TRoleLink[]
  privacy: string
}

export const NO_ROLES_MESSAGE = '暂无工作人员角色。参赛职工无需角色，可直接报名。'

export function toMineView(me: TMe, devUser: string | null): TMineView {
  return {
    status: devUser ? `已登录 · 测试用户 ${devUser}` : '已登录',
    roles: roleEntries(me.roles),
    links: roleLinks(me.roles),
    privacy:
      hasAcceptedPrivacyNotice(me) && me.privacy.acceptedAt
        ? `已同意（${formatChinaDate(me.privacy.acceptedAt)}）`
        : '未同意',
  }
}

/** The count on 消息: nothing when all is read (or the count could not be loaded), 99+ beyond 99. */
export function unreadBadge(unread: number | null): string {
  if (unread === null || unread <= 0) return ''
  return unread > 99 ? '99+' : String(unread)
}
