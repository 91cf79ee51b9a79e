import mongoose, { trusted, type Types } from 'mongoose';
import type { CompetitionSetupRecord } from '../models/competition';
import { QuotaCounterModel } from '../models/quotaCounter';
import type { RegistrationRecord } from '../models/registration';

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

function isDuplicateKey(error: unknown): boolean {
  return error instanceof mongoose.mongo.MongoServerError && error.code === 11000;
}

async function isHolder(slot: QuotaSlot, field: 'holders' | 'confirmedHolders', registrationId: Types.ObjectId): Promise<boolean> {
  return (await QuotaCounterModel.exists({ ...slot.key, [field]: registrationId }).exec()) !== null;
}

/**
 * Takes a place for the registration, if one is left: one conditional update (created on first use),
 * so concurrent approvals of the last place leave exactly one holder. Taking a place already held is a no-op.
 */
export async function takePlace(slot: QuotaSlot, registrationId: Types.ObjectId): Promise<boolean> {
  if (slot.places <= 0) return false;
  try {
    await QuotaCounterModel.updateOne(
      { ...slot.key, used: trusted({ $lt: slot.places }), holders: trusted({ $ne: registrationId }) },
      { $inc: { used: 1 }, $push: { holders: registrationId } },
      { upsert: true },
    ).exec();
    return true;
  } catch (error) {
    // The filter missed an existing counter (full, or already held) and the upsert met the unique index.
    if (isDuplicateKey(error)) return isHolder(slot, 'holders', registrationId);
    throw error;
  }
}

/** Gives the registration's place back (after a withdrawal or rejection); safe to repeat. */
export async function givePlaceBack(slot: QuotaSlot, registrationId: Types.ObjectId): Promise<void> {
  await QuotaCounterModel.updateOne({ ...slot.key, holders: registrationId }, { $inc: { used: -1 }, $pull: { holders: registrationId } }).exec();
  await QuotaCounterModel.updateOne(
    { ...slot.key, confirmedHolders: registrationId },
    { $inc: { confirmed: -1 }, $pull: { confirmedHolders: registrationId } },
  ).exec();
}

/**
 * The committee's confirmation checks the quota again: the places may have been lowered since the
 * union approved. A registration approved while no quota applied takes its place now.
 */
export async function confirmPlace(slot: QuotaSlot, registrationId: Types.ObjectId): Promise<boolean> {
  if (!(await takePlace(slot, registrationId))) return false;
  const confirmed = await QuotaCounterModel.updateOne(
    { ...slot.key, holders: registrationId, confirmed: trusted({ $lt: slot.places }), confirmedHolders: trusted({ $ne: registrationId }) },
    { $inc: { confirmed: 1 }, $push: { confirmedHolders: registrationId } },
  ).exec();
  return confirmed.modifiedCount === 1 || isHolder(slot, 'confirmedHolders', registrationId);
}

/** Undoes confirmPlace's count when the confirmation itself lost a race (the place stays held). */
export async function unconfirmPlace(slot: QuotaSlot, registrationId: Types.ObjectId): Promise<void> {
  await QuotaCounterModel.updateOne(
    { ...slot.key, confirmedHolders: registrationId },
    { $inc: { confirmed: -1 }, $pull: { confirmedHolders: registrationId } },
  ).exec();
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
