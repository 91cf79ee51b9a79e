import { trusted, type Types } from 'mongoose';
import { subscribeTemplatesAhead, type TGrantAnswers, type TNotificationTemplateKey, type TRegistrationStatus } from '@contest/shared';
import { SubscriptionGrantModel } from '../../models/subscriptionGrant';

/**
 * The grant ledger: WeChat's one-time subscriptions counted per worker × template. WeChat offers no
 * way to read them, so the BFF counts what the worker allowed and what it spent.
 */

/**
 * The WeChat template ids the mini-program asks grants for, for registrations in `statuses`: the
 * catalogue's templates still ahead of them (subscribeTemplatesAhead), less those this deployment
 * has no id for (NOTIFY_TEMPLATE_IDS; they are never pushed).
 */
export function templateIdsToAskFor(
  statuses: readonly TRegistrationStatus[],
  templateIds: Partial<Record<TNotificationTemplateKey, string>>,
): string[] {
  return subscribeTemplatesAhead(statuses).flatMap((key) => templateIds[key] ?? []);
}

/** Records the worker's answers to one wx.requestSubscribeMessage: each `accept` is one more send; reject, ban and filter add none. */
export async function recordGrantAnswers(userId: Types.ObjectId, answers: TGrantAnswers): Promise<void> {
  for (const { templateId, answer } of answers) {
    if (answer !== 'accept') continue;
    await SubscriptionGrantModel.updateOne({ userId, templateId }, { $inc: { credits: 1 } }, { upsert: true }).exec();
  }
}

/** Spends one credit, in one conditional update; false when the worker has none left for the template. */
export async function takeGrantCredit(userId: Types.ObjectId, templateId: string): Promise<boolean> {
  const taken = await SubscriptionGrantModel.findOneAndUpdate({ userId, templateId, credits: trusted({ $gt: 0 }) }, { $inc: { credits: -1 } })
    .lean()
    .exec();
  return taken !== null;
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
