import { ROLE_LABELS, type TRole, type TRoleGrant, type TRoleScope } from '@contest/shared'
import { PAGES, type TPagePath } from '../navigation/routes'

/** The pages a role opens, as 我的 and the invitation page link to them. */
export type TRoleLink = { title: string; path: TPagePath }

const ROLE_HOME: Record<TRole, TRoleLink> = {
  committee: { title: '组委会管理', path: PAGES.committee },
  // Admins use the committee's pages; the BFF lets them do everything there.
  admin: { title: '组委会管理', path: PAGES.committee },
  union_official: { title: '审核工作台', path: PAGES.audit },
  venue_staff: { title: '现场签到', path: PAGES.venue },
}

export function roleHome(role: TRole): TRoleLink {
  return ROLE_HOME[role]
}

/** Where a role applies, in a few words: 河西区总工会 / 全部赛事 / 某赛事 · 一号赛场. */
export function scopeText(role: TRole, scope: TRoleScope): string {
  switch (role) {
    case 'union_official':
      // An official's grant may be for one competition only.
      return [scope.unionName ?? '（工会不存在）', scope.competitionId === null ? null : (scope.competitionName ?? '（赛事不存在）')]
        .filter(Boolean)
        .join(' · ')
    case 'committee':
      return scope.competitionId === null ? '全部赛事' : (scope.competitionName ?? '（赛事不存在）')
    case 'venue_staff':
      return [scope.competitionName ?? '（赛事不存在）', scope.venue].filter(Boolean).join(' · ')
    case 'admin':
      return '全部工会和赛事'
  }
}

/** The scope as labelled lines, for an invitation before it is accepted. */
export function scopeLines(role: TRole, scope: TRoleScope): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = []
  if (role === 'union_official') lines.push({ label: '工会', value: scope.unionName ?? '（工会不存在）' })
  if (role === 'committee' || role === 'venue_staff' || (role === 'union_official' && scope.competitionId !== null)) {
    lines.push({ label: '赛事', value: scope.competitionId === null ? '全部赛事' : (scope.competitionName ?? '（赛事不存在）') })
  }
  if (role === 'venue_staff' && scope.venue) lines.push({ label: '赛场', value: scope.venue })
  if (role === 'admin') lines.push({ label: '范围', value: '全部工会和赛事' })
  return lines
}

export type TRoleEntry = { id: string; label: string; scope: string }

export function roleEntries(grants: readonly TRoleGrant[]): TRoleEntry[] {
  return grants.map((grant) => ({ id: grant.id, label: ROLE_LABELS[grant.role], scope: scopeText(grant.role, grant.scope) }))
}

/** One link per page the person's roles open, in a fixed order, without repeats. */
export function roleLinks(grants: readonly TRoleGrant[]): TRoleLink[] {
  const order: TRole[] = ['admin', 'committee', 'union_official', 'venue_staff']
  const links: TRoleLink[] = []
  for (const role of order) {
    if (!grants.some((grant) => grant.role === role)) continue
    const link = roleHome(role)
    if (!links.some((l) => l.path === link.path)) links.push(link)
  }
  return links
}

export function hasRole(grants: readonly TRoleGrant[], ...roles: TRole[]): boolean {
  return grants.some((grant) => roles.includes(grant.role))
}
