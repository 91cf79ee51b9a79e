import {
  ZInboxPageResponse,
  ZInboxReadResponse,
  ZSubscriptionCreditsResponse,
  type TInboxPage,
  type TSubscribeAnswer,
} from '@contest/shared'
import { call } from './client'

/** The worker's notifications: subscribe grants reported to the BFF, and the inbox (消息). */

/** wx.requestSubscribeMessage's answers, `{ [templateId]: answer }` (1–3 templates): each accept is one send credit. */
export function reportSubscribeAnswers(answers: Record<string, TSubscribeAnswer>): Promise<unknown> {
  return call({ method: 'POST', path: '/me/subscriptions', body: { answers }, schema: ZSubscriptionCreditsResponse })
}

/** One page of the inbox, newest first; `cursor` is the previous page's `nextCursor`. */
export function listInbox(cursor?: string): Promise<TInboxPage> {
  return call({ path: '/me/notifications', query: { cursor }, schema: ZInboxPageResponse })
}

/** Marks one message read; answers how many stay unread. NOT_FOUND for one that is not the person's. */
export async function markNotificationRead(id: string): Promise<number> {
  return (await call({ method: 'POST', path: `/me/notifications/${encodeURIComponent(id)}/read`, schema: ZInboxReadResponse })).unread
}

/** 全部已读; answers how many stay unread (0, unless one arrived meanwhile). */
export async function markAllNotificationsRead(): Promise<number> {
  return (await call({ method: 'POST', path: '/me/notifications/read-all', schema: ZInboxReadResponse })).unread
}
