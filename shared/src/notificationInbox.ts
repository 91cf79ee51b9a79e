import { z } from 'zod';
import { okEnvelope } from './envelope';
import { ZGrantAnswers, ZNotificationKind, ZSubscribeAnswer } from './notifications';

/**
 * The worker's side of notifications: reporting subscribe grants, and the in-app inbox (消息),
 * which holds every notification whether or not WeChat delivered it.
 */

/**
 * Body of POST /me/subscriptions: wx.requestSubscribeMessage's answers as WeChat gives them,
 * `{ [templateId]: answer }` (at most 3 templates at once), read as the ledger's list.
 */
export const ZSubscriptionAnswersInput = z
  .object({
    answers: z
      .record(z.string(), ZSubscribeAnswer, { error: '订阅结果格式不正确' })
      .refine((answers) => Object.keys(answers).length >= 1 && Object.keys(answers).length <= 3, '每次订阅应有 1 至 3 条消息的结果'),
  })
  .transform(({ answers }) => Object.entries(answers).map(([templateId, answer]) => ({ templateId, answer })))
  .pipe(ZGrantAnswers);
export type TSubscriptionAnswersInput = z.input<typeof ZSubscriptionAnswersInput>;

/** The send credits the worker holds per template after recording the answers. */
export const ZSubscriptionCredits = z.object({
  credits: z.array(z.object({ templateId: z.string(), credits: z.number().int().nonnegative() })),
});
export const ZSubscriptionCreditsResponse = okEnvelope(ZSubscriptionCredits);

/** GET /me/notifications: newest first, keyset pages (`cursor` is the last id of the previous page). */
export const ZInboxQuery = z.object({
  cursor: z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确').optional(),
});
export type TInboxQuery = z.infer<typeof ZInboxQuery>;

/** One message in the inbox: what it says and the page it opens; never the WeChat internals. */
export const ZInboxNotification = z.object({
  id: z.string(),
  kind: ZNotificationKind,
  title: z.string(),
  summary: z.string(),
  competition: z.string(),
  /** The mini-program page (with query) a tap opens. */
  page: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  read: z.boolean(),
  /** WeChat delivered it as a subscribe message too. */
  pushed: z.boolean(),
});
export type TInboxNotification = z.infer<typeof ZInboxNotification>;

export const ZInboxPage = z.object({
  items: z.array(ZInboxNotification),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  unread: z.number().int().nonnegative(),
});
export type TInboxPage = z.infer<typeof ZInboxPage>;
export const ZInboxPageResponse = okEnvelope(ZInboxPage);
export const ZInboxReadResponse = okEnvelope(z.object({ unread: z.number().int().nonnegative() }));
