import { trusted, type Types } from 'mongoose';
import { NOTIFICATION_TEMPLATE_KEYS, subscribeTemplatesAhead, type TGrantAnswers, type TNotificationTemplateKey, type TRegistrationStatus } from '@contest/shared';
import { SPENT_FOR_KEPT, SubscriptionGrantModel, type SubscriptionGrantRecord } from '../../models/subscriptionGrant';

/**
 * The grant ledger: WeChat's one-time subscriptions counted per worker × template. WeChat offers no
 * way to read them, so the BFF counts what the worker allowed and what it spent.
 */

/**
 * The WeChat template ids the mini-program asks grants for, for registrations in `statuses`: the
 * catalogue's templates still ahead of them (subscribeTemplatesAhead), less those this deployment
 * has no id for (NOTIFY_TEMPLATE_IDS; they are never pushed), left out before the cut to 3 so they
 * take no one's place.
 */
export function templateIdsToAskFor(
  statuses: readonly TRegistrationStatus[],
  templateIds: Partial<Record<TNotificationTemplateKey, string>>,
): string[] {
  const configured = NOTIFICATION_TEMPLATE_KEYS.filter((key) => templateIds[key] !== undefined);
  return subscribeTemplatesAhead(statuses, configured).flatMap((key) => templateIds[key] ?? []);
}

/** Records the worker's answers to one wx.requestSubscribeMessage: each `accept` is one more send; reject, ban and filter add none. */
export async function recordGrantAnswers(userId: Types.ObjectId, answers: TGrantAnswers): Promise<void> {
  for (const { templateId, answer } of answers) {
    if (answer !== 'accept') continue;
    await SubscriptionGrantModel.updateOne({ userId, templateId }, { $inc: { credits: 1 } }, { upsert: true }).exec();
  }
}

export interface CreditNeed {
  notificationId: Types.ObjectId;
  userId: Types.ObjectId;
  templateId: string;
}

/**
 * Spends a credit for each notification, all in one bulk write of conditional updates, and answers
 * the notifications (hex ids) that hold one. Each update also records the notification on the
 * ledger line (`spentFor`) and skips a line that already names it, so a notification never spends
 * two credits, even when the dispatcher that spent its credit died before sending it. When some
 * update found no credit to spend, the ledger lines are read to tell which.
 */
export async function takeGrantCredits(needs: CreditNeed[]): Promise<Set<string>> {
  if (needs.length === 0) return new Set();
  const taken = await SubscriptionGrantModel.bulkWrite(
    needs.map(({ notificationId, userId, templateId }) => ({
      updateOne: {
        filter: { userId, templateId, credits: trusted({ $gt: 0 }), spentFor: trusted({ $ne: notificationId }) },
        update: { $inc: { credits: -1 }, $push: { spentFor: { $each: [notificationId], $slice: -SPENT_FOR_KEPT } } },
      },
    })),
    { ordered: false },
  );
  if (taken.modifiedCount === needs.length) return new Set(needs.map((need) => need.notificationId.toHexString()));
  const lines = await SubscriptionGrantModel.find(
    { userId: trusted({ $in: needs.map((need) => need.userId) }), templateId: trusted({ $in: [...new Set(needs.map((need) => need.templateId))] }) },
    { userId: 1, templateId: 1, spentFor: 1 },
  )
    .lean<Array<Pick<SubscriptionGrantRecord, 'userId' | 'templateId' | 'spentFor'>>>()
    .exec();
  const spentFor = new Map(lines.map((line) => [`${line.userId.toHexString()} ${line.templateId}`, new Set((line.spentFor ?? []).map((id) => id.toHexString()))]));
  const held = new Set<string>();
  for (const { notificationId, userId, templateId } of needs) {
    if (spentFor.get(`${userId.toHexString()} ${templateId}`)?.has(notificationId.toHexString())) held.add(notificationId.toHexString());
  }
  return held;
}

/** A credit spent on a send WeChat refused without delivering (it answered an errcode): WeChat did not use the grant. */
export async function giveGrantCreditBack(userId: Types.ObjectId, templateId: string): Promise<void> {
  await SubscriptionGrantModel.updateOne({ userId, templateId }, { $inc: { credits: 1 } }).exec();
}

/** WeChat says the worker holds no grant (43101): the ledger was wrong, so it forgets what it counted. */
export async function forgetGrantCredits(userId: Types.ObjectId, templateId: string): Promise<void> {
  await SubscriptionGrantModel.updateOne({ userId, templateId }, { $set: { credits: 0 } }).exec();
}

/** The credits the worker holds for each of `templateIds` (0 for a template never accepted). */
export async function grantCredits(userId: Types.ObjectId, templateIds: string[]): Promise<{ templateId: string; credits: number }[]> {
  const lines = await SubscriptionGrantModel.find({ userId, templateId: trusted({ $in: templateIds }) }, { templateId: 1, credits: 1 }).lean().exec();
  const held = new Map(lines.map((line) => [line.templateId, line.credits]));
  return templateIds.map((templateId) => ({ templateId, credits: held.get(templateId) ?? 0 }));
}
