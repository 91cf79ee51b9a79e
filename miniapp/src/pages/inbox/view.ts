import type { TInboxNotification, TInboxPage } from '@contest/shared'
import { formatChinaDateTime } from '../../format/date'

/** What the inbox holds: the messages loaded so far (newest first), where the next page starts, the unread count. */
export type TInboxState = TInboxPage

export type TInboxItem = {
  id: string
  title: string
  /** A rejection's reason, who decided, or a notice's text. */
  summary: string
  competition: string
  /** 2026年11月24日 10:00, China time. */
  time: string
  unread: boolean
  /** The page a tap opens (`path?query`, from the BFF). */
  page: string
}

export const NO_MESSAGES = '暂无消息。报名审核结果和大赛通知会发送到这里。'

export function toInboxItem(notification: TInboxNotification): TInboxItem {
  return {
    id: notification.id,
    title: notification.title,
    summary: notification.summary,
    competition: notification.competition,
    time: formatChinaDateTime(notification.createdAt),
    unread: !notification.read,
    page: notification.page,
  }
}

/** The next page appended: a message already shown (it moved while paging) is not shown twice. */
export function withNextPage(current: TInboxState, next: TInboxPage): TInboxState {
  const shown = new Set(current.items.map((item) => item.id))
  return { items: [...current.items, ...next.items.filter((item) => !shown.has(item.id))], nextCursor: next.nextCursor, unread: next.unread }
}

/** One message read: it loses its unread mark, and the count is the BFF's (`unread`) or one less. */
export function withRead(current: TInboxState, id: string, unread?: number): TInboxState {
  const wasUnread = current.items.some((item) => item.id === id && !item.read)
  return {
    ...current,
    items: current.items.map((item) => (item.id === id ? { ...item, read: true } : item)),
    unread: unread ?? Math.max(0, current.unread - (wasUnread ? 1 : 0)),
  }
}

/** 全部已读: every message shown loses its mark; the count is the BFF's. */
export function withAllRead(current: TInboxState, unread: number): TInboxState {
  return { ...current, items: current.items.map((item) => ({ ...item, read: true })), unread }
}
