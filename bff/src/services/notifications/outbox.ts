import { trusted, type Types } from 'mongoose';
import { NOTIFICATION_EVENTS, notificationPage } from '@contest/shared';
import { NotificationModel } from '../../models/notification';
import { RegistrationModel, type OutboxEntry, type RegistrationRecord } from '../../models/registration';

/**
 * The outbox without multi-document transactions: a status change records its notification on the
 * registration in the same single-document update (registrationLifecycle.ts); the relay copies each
 * entry into `notifications` by its event id and only then removes it from the registration. A crash
 * before the copy leaves the entry for the sweeper; a crash between the copy and the removal makes
 * the next relay find the notification already there (insert-only upsert): nothing lost, nothing twice.
 */

/** The outbox entry's id: the registration and its version after the step, so a step has exactly one. */
export function outboxEventId(registrationId: Types.ObjectId, versionAfterStep: number): string {
  return `${registrationId.toHexString()}:${versionAfterStep}`;
}

type Pending = Pick<RegistrationRecord, '_id' | 'userId'> & { outbox?: OutboxEntry[] };

/** Moves `registration`'s pending outbox entries into `notifications`; answers how many it moved. */
export async function relayOutbox(registration: Pending): Promise<number> {
  const entries = registration.outbox ?? [];
  if (entries.length === 0) return 0;
  for (const entry of entries) {
    await NotificationModel.updateOne(
      { eventId: entry.eventId },
      {
        $setOnInsert: {
          eventId: entry.eventId,
          userId: registration.userId,
          registrationId: registration._id,
          kind: entry.kind,
          templateKey: NOTIFICATION_EVENTS[entry.kind].templateKey,
          data: entry.data,
          page: notificationPage(entry.kind, registration._id.toHexString()),
          at: entry.at,
          state: 'queued',
          leaseUntil: entry.at,
          attempts: 0,
        },
      },
      { upsert: true },
    ).exec();
  }
  await RegistrationModel.updateOne({ _id: registration._id }, { $pull: { outbox: { eventId: { $in: entries.map((e) => e.eventId) } } } }).exec();
  return entries.length;
}

/**
 * Relays what a crash left in registrations' outboxes (run at start-up and on a timer), a batch
 * at a time; answers how many entries it moved.
 */
export async function sweepOutbox(batchSize = 500): Promise<number> {
  // A range on the sparse index `pending_outbox` (every event id is a non-empty string).
  const pending = await RegistrationModel.find({ 'outbox.eventId': trusted({ $gt: '' }) }, { userId: 1, outbox: 1 })
    .limit(batchSize)
    .lean<Pending[]>()
    .exec();
  let moved = 0;
  for (const registration of pending) moved += await relayOutbox(registration);
  return moved;
}
