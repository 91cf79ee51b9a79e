import { trusted, type Types } from 'mongoose';
import { NOTIFICATION_EVENTS, notificationPage } from '@contest/shared';
import { failedOnlyOnDuplicateKeys } from '../../models/duplicateKey';
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

/** The notification an outbox entry becomes (written only if its event id is not there yet). */
function notificationOf(registration: Pending, entry: OutboxEntry) {
  return {
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
  };
}

const eventIdsOf = (registration: Pending) => (registration.outbox ?? []).map((e) => e.eventId);

/** Moves `registration`'s pending outbox entries into `notifications`; answers how many it moved. */
export async function relayOutbox(registration: Pending): Promise<number> {
  const entries = registration.outbox ?? [];
  if (entries.length === 0) return 0;
  for (const entry of entries) {
    await NotificationModel.updateOne({ eventId: entry.eventId }, { $setOnInsert: notificationOf(registration, entry) }, { upsert: true }).exec();
  }
  await RegistrationModel.updateOne({ _id: registration._id }, { $pull: { outbox: { eventId: { $in: eventIdsOf(registration) } } } }).exec();
  return entries.length;
}

/** The same for many registrations in two bulk writes (a session change's notices, 500 at a time). */
export async function relayOutboxes(registrations: readonly Pending[]): Promise<number> {
  const pending = registrations.filter((r) => (r.outbox ?? []).length > 0);
  if (pending.length === 0) return 0;
  const inserts = pending.flatMap((r) =>
    (r.outbox ?? []).map((entry) => ({ updateOne: { filter: { eventId: entry.eventId }, update: { $setOnInsert: notificationOf(r, entry) }, upsert: true } })),
  );
  try {
    await NotificationModel.bulkWrite(inserts, { ordered: false });
  } catch (error) {
    // Two relays upserting one event id at once: the other inserted it.
    if (!failedOnlyOnDuplicateKeys(error)) throw error;
  }
  const pulls = pending.map((r) => ({ updateOne: { filter: { _id: r._id }, update: { $pull: { outbox: { eventId: { $in: eventIdsOf(r) } } } } } }));
  await RegistrationModel.bulkWrite(pulls, { ordered: false });
  return inserts.length;
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
