import type { TMe } from '@contest/shared'

export type TVenuePost = { id: string; competition: string; venue: string }

/** Where the person works check-in: one entry per venue_staff role. */
export function toVenuePosts(me: TMe): TVenuePost[] {
  return me.roles
    .filter((grant) => grant.role === 'venue_staff')
    .map((grant) => ({
      id: grant.id,
      competition: grant.scope.competitionName ?? '（赛事不存在）',
      venue: grant.scope.venue ?? '全部赛场',
    }))
}

export const NOT_VENUE_STAFF_MESSAGE = '您还不是现场工作人员。如已收到邀请，请输入邀请码。'
