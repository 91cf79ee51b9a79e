import type { TMe } from '@contest/shared'
import { hasRole, scopeText } from '../../../roles/view'

export type TCommitteeHome = {
  /** The viewer may use the committee's pages (committee or admin). */
  allowed: boolean
  /** 大赛组委会：全部赛事 / 系统管理员：全部工会和赛事 */
  scopes: string[]
}

export function toCommitteeHome(me: TMe): TCommitteeHome {
  return {
    allowed: hasRole(me.roles, 'committee', 'admin'),
    scopes: me.roles
      .filter((grant) => grant.role === 'committee' || grant.role === 'admin')
      .map((grant) => `${grant.role === 'admin' ? '系统管理员' : '大赛组委会'}：${scopeText(grant.role, grant.scope)}`),
  }
}

export const NOT_COMMITTEE_MESSAGE = '您还没有组委会权限。如已收到邀请，请在“我的”中输入邀请码。'
