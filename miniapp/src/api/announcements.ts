import {
  ZAnnouncementListResponse,
  ZAnnouncementReachResponse,
  ZAnnouncementResponse,
  ZReceivedAnnouncementResponse,
  type TAnnouncement,
  type TAnnouncementAudienceInput,
  type TAnnouncementInput,
  type TAnnouncementReach,
  type TReceivedAnnouncement,
} from '@contest/shared'
import { call } from './client'

/** Committee announcements (大赛通知): /api/v1/admin/competitions/:id/announcements, and a received one at /me/announcements/:id. */

const base = (competitionId: string) => `/admin/competitions/${encodeURIComponent(competitionId)}/announcements`

/** How many people a notice for `audience` reaches, and how many of them WeChat may be sent it. */
export function previewAnnouncement(competitionId: string, audience: TAnnouncementAudienceInput): Promise<TAnnouncementReach> {
  return call({ method: 'POST', path: `${base(competitionId)}/preview`, body: { audience }, schema: ZAnnouncementReachResponse })
}

/**
 * Publishes the notice. The same `idempotencyKey` goes with every retry of one publish (see
 * newIdempotencyKey), so a double tap or a retry after a lost answer publishes it once.
 */
export function publishAnnouncement(competitionId: string, input: TAnnouncementInput, idempotencyKey: string): Promise<TAnnouncement> {
  return call({
    method: 'POST',
    path: base(competitionId),
    body: input,
    headers: { 'Idempotency-Key': idempotencyKey },
    schema: ZAnnouncementResponse,
  })
}

export async function listAnnouncements(competitionId: string): Promise<TAnnouncement[]> {
  return (await call({ path: base(competitionId), schema: ZAnnouncementListResponse })).items
}

/** A notice the signed-in person received (ANNOUNCEMENT_NOT_FOUND for any other). */
export function getReceivedAnnouncement(id: string): Promise<TReceivedAnnouncement> {
  return call({ path: `/me/announcements/${encodeURIComponent(id)}`, schema: ZReceivedAnnouncementResponse })
}
