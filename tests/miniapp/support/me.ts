import { PRIVACY_NOTICE_VERSION, type TInvitation, type TMe, type TRoleGrant, type TRoleScope } from '@contest/shared'

/** People and invitations as the BFF presents them, for page tests. */

export const NO_SCOPE: TRoleScope = { unionId: null, unionName: null, competitionId: null, competitionName: null, venue: null }

export const HEXI_UNION_ID = '64b7f0c2a1b2c3d4e5f60801'
export const COMPETITION_ID = '64b7f0c2a1b2c3d4e5f60718'
export const COMPETITION_NAME = '“海河工匠杯”技能大赛—天津市职工职业技能大赛'

export function grant(role: TRoleGrant['role'], scope: Partial<TRoleScope> = {}, id = `g-${role}`): TRoleGrant {
  return { id, role, scope: { ...NO_SCOPE, ...scope }, grantedAt: '2026-11-02T09:30:00+08:00' }
}

export const officialGrant = grant('union_official', { unionId: HEXI_UNION_ID, unionName: '河西区总工会' })
export const committeeGrant = grant('committee')
export const venueGrant = grant('venue_staff', {
  competitionId: COMPETITION_ID,
  competitionName: COMPETITION_NAME,
  venue: '第一赛场',
})
export const adminGrant = grant('admin')

export function me(roles: TRoleGrant[] = [], accepted = false): TMe {
  return {
    id: '64b7f0c2a1b2c3d4e5f60999',
    privacy: {
      currentVersion: PRIVACY_NOTICE_VERSION,
      acceptedVersion: accepted ? PRIVACY_NOTICE_VERSION : null,
      acceptedAt: accepted ? '2026-11-02T09:30:00+08:00' : null,
    },
    roles,
  }
}

export const officialInvitation: TInvitation = {
  id: '64b7f0c2a1b2c3d4e5f60a01',
  role: 'union_official',
  scope: { ...NO_SCOPE, unionId: HEXI_UNION_ID, unionName: '河西区总工会' },
  note: '',
  status: 'pending',
  expiresAt: '2026-11-05T18:00:00+08:00',
  createdAt: '2026-11-02T18:00:00+08:00',
}

/** What Taro.request resolves with: the body arrives as text (the client asks for dataType 'text'). */
export function answer(statusCode: number, body: unknown) {
  return {
    statusCode,
    data: typeof body === 'string' ? body : JSON.stringify(body),
    header: { 'content-type': 'application/json' },
    errMsg: 'request:ok',
  }
}
