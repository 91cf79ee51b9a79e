import type { TMe } from '@contest/shared'

export type TAuditHome = { unions: string[] }

/** The unions the official audits for (each with every union beneath it). */
export function toAuditHome(me: TMe): TAuditHome {
  const unions = me.roles
    .filter((grant) => grant.role === 'union_official')
    .map((grant) => grant.scope.unionName ?? '（工会不存在）')
  return { unions: [...new Set(unions)] }
}

export const NOT_OFFICIAL_MESSAGE = '您还不是工会审核员。如已收到邀请，请输入邀请码。'
