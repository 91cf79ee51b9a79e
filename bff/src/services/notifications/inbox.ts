import { trusted, Types } from 'mongoose';
import { AppError, type TInboxQuery } from '@contest/shared';
import { NotificationModel, type NotificationRecord } from '../../models/notification';

/** The worker's inbox: every notification addressed to them, pushed through WeChat or not. */

export const INBOX_PAGE_SIZE = 20;

export interface InboxPage {
  items: NotificationRecord[];
  nextCursor: string | null;
  unread: number;
}

/** Unread notifications of `userId`: served by the `inbox` index (userId, then _id). */
function countUnread(userId: Types.ObjectId): Promise<number> {
  return NotificationModel.countDocuments({ userId, readAt: null }).exec();
}

/** One page, newest first, paged by keyset on _id (no skip): the `inbox` index serves it. */
export async function listInbox(userId: Types.ObjectId, query: TInboxQuery): Promise<InboxPage> {
  const filter: Record<string, unknown> = { userId };
  if (query.cursor !== undefined) filter._id = trusted({ $lt: new Types.ObjectId(query.cursor) });
  const found = await NotificationModel.find(filter)
    .sort({ _id: -1 })
    .limit(INBOX_PAGE_SIZE + 1)
    .lean<NotificationRecord[]>()
    .exec();
  const items = found.slice(0, INBOX_PAGE_SIZE);
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > INBOX_PAGE_SIZE && last ? last._id.toHexString() : null, unread: await countUnread(userId) };
}

/** Marks one of the worker's own notifications read; someone else's answers as one that does not exist. */
export async function markNotificationRead(userId: Types.ObjectId, id: string, now: Date): Promise<number> {
  if (!Types.ObjectId.isValid(id) || !/^[0-9a-f]{24}$/i.test(id)) throw new AppError('NOT_FOUND', '找不到该消息');
  const _id = new Types.ObjectId(id);
  const own = await NotificationModel.exists({ _id, userId }).exec();
  if (!own) throw new AppError('NOT_FOUND', '找不到该消息');
  // Reading it again keeps the first time it was read.
  await NotificationModel.updateOne({ _id, userId, readAt: null }, { $set: { readAt: now } }).exec();
  return countUnread(userId);
}

/** Marks every notification of the worker read. */
export async function markAllNotificationsRead(userId: Types.ObjectId, now: Date): Promise<number> {
  await NotificationModel.updateMany({ userId, readAt: null }, { $set: { readAt: now } }).exec();
  return countUnread(userId);
}
