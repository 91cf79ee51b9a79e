import { trusted, type Types } from 'mongoose';
import type { TRegistrationStatus } from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import { QuotaCounterModel } from '../models/quotaCounter';
import type { RegistrationRecord } from '../models/registration';
import { isDuplicateKey } from '../models/duplicateKey';

/** The places a registration competes for: its participating union's quota for its trade × group. */
export interface QuotaSlot {
  key: { competitionId: Types.ObjectId; unionId: Types.ObjectId; tradeCode: string; groupCode: string };
  places: number;
}

type Placed = Pick<RegistrationRecord, 'unionPath' | 'tradeCode' | 'groupCode'>;

/**
 * The union whose quota a registration counts against: the nearest union in its chain that takes
 * part in the competition (a 河西区 grassroots union counts against 河西区总工会's places).
 */
export function quotaUnionOf(competition: CompetitionSetupRecord, registration: Pick<RegistrationRecord, 'unionPath'>): Types.ObjectId | null {
  const participating = new Set((competition.participatingUnionIds ?? []).map((id) => id.toHexString()));
  return [...registration.unionPath].reverse().find((id) => participating.has(id.toHexString())) ?? null;
}

/** Null when the committee set no quota for that union × trade × group: no limit. */
export function quotaSlotOf(competition: CompetitionSetupRecord, registration: Placed): QuotaSlot | null {
  const unionId = quotaUnionOf(competition, registration);
  if (!unionId) return null;
  const quota = (competition.quotas ?? []).find(
    (q) => q.unionId.equals(unionId) && q.tradeCode === registration.tradeCode && q.groupCode === registration.groupCode,
  );
  if (!quota) return null;
  return { key: { competitionId: competition._id, unionId, tradeCode: registration.tradeCode, groupCode: registration.groupCode }, places: quota.places };
}

/** The two lists of a counter, each with the count kept beside it. */
export type PlaceList = 'holders' | 'confirmedHolders';
export const PLACE_COUNT_OF: Record<PlaceList, 'used' | 'confirmed'> = { holders: 'used', confirmedHolders: 'confirmed' };

/**
 * The statuses whose registrations each list should name: a union approval (waiting for the
 * committee) and a confirmation hold a place; only a confirmation is counted as confirmed.
 * Submitted, rejected and withdrawn registrations hold none.
 */
export const STATUSES_LISTED_IN: Record<PlaceList, readonly TRegistrationStatus[]> = {
  holders: ['union_approved', 'confirmed'],
  confirmedHolders: ['confirmed'],
};

type QuotaKey = QuotaSlot['key'];

/** True when the counter with `key` names the registration on `list`. */
export async function isListed(key: QuotaKey, list: PlaceList, registrationId: Types.ObjectId): Promise<boolean> {
  return (await QuotaCounterModel.exists({ ...key, [list]: registrationId }).exec()) !== null;
}

/**
 * Adds a holder within `room` (a condition on the counter, e.g. places left): one conditional
 * update, the counter created on first use. 'held' when it already held a place.
 */
async function addHolder(key: QuotaKey, registrationId: Types.ObjectId, room: object): Promise<'added' | 'held' | 'no_room'> {
  try {
    await QuotaCounterModel.updateOne(
      { ...key, ...room, holders: trusted({ $ne: registrationId }) },
      { $inc: { used: 1 }, $push: { holders: registrationId } },
      { upsert: true },
    ).exec();
    return 'added';
  } catch (error) {
    // The filter missed an existing counter (no room, or already held) and the upsert met the unique index.
    if (isDuplicateKey(error)) return (await isListed(key, 'holders', registrationId)) ? 'held' : 'no_room';
    throw error;
  }
}

/** Counts a holder as confirmed within `room`; false when it was not a holder, already confirmed, or out of room. */
async function addConfirmed(key: QuotaKey, registrationId: Types.ObjectId, room: object): Promise<boolean> {
  const confirmed = await QuotaCounterModel.updateOne(
    { ...key, ...room, holders: registrationId, confirmedHolders: trusted({ $ne: registrationId }) },
    { $inc: { confirmed: 1 }, $push: { confirmedHolders: registrationId } },
  ).exec();
  return confirmed.modifiedCount === 1;
}

/**
 * Takes a place for the registration, if one is left: one conditional update (created on first use),
 * so concurrent approvals of the last place leave exactly one holder. Taking a place already held is a no-op.
 */
export async function takePlace(slot: QuotaSlot, registrationId: Types.ObjectId): Promise<boolean> {
  if (slot.places <= 0) return false;
  return (await addHolder(slot.key, registrationId, { used: trusted({ $lt: slot.places }) })) !== 'no_room';
}

/** Takes the registration off one list with its count, in one conditional update: never twice. True if it was listed. */
export async function releaseFromList(key: QuotaKey, list: PlaceList, registrationId: Types.ObjectId): Promise<boolean> {
  const count = PLACE_COUNT_OF[list];
  const released = await QuotaCounterModel.updateOne({ ...key, [list]: registrationId }, { $inc: { [count]: -1 }, $pull: { [list]: registrationId } }).exec();
  return released.modifiedCount === 1;
}

/**
 * Puts back on a list a registration whose status holds a place there but is missing from it
 * (reconciliation): whatever the places left, since the decision that gave the place stands.
 * A confirmation is restored only on a holder. True if this call added it.
 */
export async function restoreToList(key: QuotaKey, list: PlaceList, registrationId: Types.ObjectId): Promise<boolean> {
  if (list === 'holders') return (await addHolder(key, registrationId, {})) === 'added';
  return addConfirmed(key, registrationId, {});
}

/** Gives the registration's place back (after a withdrawal or rejection); safe to repeat. */
export async function givePlaceBack(slot: QuotaSlot, registrationId: Types.ObjectId): Promise<void> {
  await releaseFromList(slot.key, 'holders', registrationId);
  await releaseFromList(slot.key, 'confirmedHolders', registrationId);
}

/**
 * The committee's confirmation checks the quota again: the places may have been lowered since the
 * union approved. A registration approved while no quota applied takes its place now.
 */
export async function confirmPlace(slot: QuotaSlot, registrationId: Types.ObjectId): Promise<boolean> {
  if (!(await takePlace(slot, registrationId))) return false;
  return (
    (await addConfirmed(slot.key, registrationId, { confirmed: trusted({ $lt: slot.places }) })) || isListed(slot.key, 'confirmedHolders', registrationId)
  );
}

/** Undoes confirmPlace's count when the confirmation itself lost a race (the place stays held). */
export async function unconfirmPlace(slot: QuotaSlot, registrationId: Types.ObjectId): Promise<void> {
  await releaseFromList(slot.key, 'confirmedHolders', registrationId);
}

/** Places used in one union × trade × group. */
export async function placesUsedIn(slot: QuotaSlot): Promise<number> {
  return (await QuotaCounterModel.findOne(slot.key, { used: 1 }).lean().exec())?.used ?? 0;
}

/** Places used per union × trade × group of a competition, keyed `unionId|trade|group`. */
export async function placesUsed(competitionId: Types.ObjectId): Promise<Map<string, number>> {
  const counters = await QuotaCounterModel.find({ competitionId }, { unionId: 1, tradeCode: 1, groupCode: 1, used: 1 }).lean().exec();
  return new Map(counters.map((c) => [`${c.unionId.toHexString()}|${c.tradeCode}|${c.groupCode}`, c.used]));
}
