import type { Types } from 'mongoose';
import {
  CHECK_IN_OUTCOME_TEXT,
  ZCheckInResult,
  chinaIsoString,
  passSerialOf,
  type TCheckInOutcome,
  type TCheckInRecord,
  type TCheckInResult,
  type TCheckInScan,
} from '@contest/shared';
import type { Principal } from '../../auth/principal';
import { CheckInAnswerModel, CheckInConflictModel, CheckInModel, type CheckInAnswerRecord, type CheckInRecord, type CheckInScan } from '../../models/checkIn';
import { isDuplicateKey } from '../../models/duplicateKey';
import { InvitationModel } from '../../models/invitation';
import { RegistrationModel, type RegistrationRecord } from '../../models/registration';
import { RoleGrantModel, type RoleGrantRecord } from '../../models/roleGrant';
import { VenueSessionModel, type VenueSessionRecord } from '../../models/venueSession';
import type { PassSigner } from '../../passSigning/signer';
import { groupOf, tradeOf, venueOf, type PassHolder } from '../../presenters/venue';
import { ShortLivedCache } from '../shortLivedCache';
import { sessionForStaff, staffGrantFor, type SessionInScope } from './scope';

/**
 * Checking a contestant in by a scanned token or a typed pass number. The pass decides, not the
 * token's copy of its place: a token signed for an earlier version of the pass (before a move)
 * still names the pass, and the pass's current session is what must match the staff member's.
 * One check-in per pass (a unique index); every scan's answer is kept by its nonce, so uploading a
 * scan again answers the same and records nothing new.
 */

export interface CheckInDeps {
  signer: PassSigner;
  now: Date;
}

/** What a scan reads of the registration its pass names (not the sealed fields, the timeline …). */
const SCANNED_FIELDS = { competitionId: 1, name: 1, nationalIdMasked: 1, tradeCode: 1, groupCode: 1, status: 1, pass: 1 } as const;
type ScannedHolder = Pick<PassHolder, '_id' | keyof typeof SCANNED_FIELDS>;

type Verdict =
  | { outcome: 'forged' | 'unknown' }
  | { outcome: 'revoked' | 'not_confirmed' | 'admit'; registration: ScannedHolder }
  | { outcome: 'wrong_venue' | 'wrong_session'; registration: ScannedHolder; belongs: VenueSessionRecord | null };

/** What the scan names and whether that pass may check in here. */
async function judge(scan: TCheckInScan, where: SessionInScope, signer: PassSigner): Promise<Verdict> {
  let serial: number | null;
  if (scan.token !== undefined) {
    const verified = signer.verify(where.competition._id, scan.token);
    if (!verified.valid) return { outcome: 'forged' };
    serial = verified.fields.passSerial;
  } else {
    serial = passSerialOf(scan.passNumber ?? '');
  }
  // The driver's read, not a mongoose query: the filter is already typed (no casting to do), and
  // this is one of the few reads every scan makes.
  const registration = serial
    ? ((await RegistrationModel.collection.findOne({ competitionId: where.competition._id, 'pass.serial': serial }, { projection: SCANNED_FIELDS })) as Pick<
        RegistrationRecord,
        '_id' | keyof typeof SCANNED_FIELDS
      > | null)
    : null;
  if (!registration?.pass) return { outcome: 'unknown' };
  const holder: ScannedHolder = { ...registration, pass: registration.pass };
  if (holder.pass.revokedAt) return { outcome: 'revoked', registration: holder };
  if (holder.status !== 'confirmed') return { outcome: 'not_confirmed', registration: holder };
  if (holder.pass.sessionId.equals(where.session._id)) return { outcome: 'admit', registration: holder };
  const belongs = await VenueSessionModel.findById(holder.pass.sessionId).lean<VenueSessionRecord>().exec();
  return { outcome: holder.pass.venueCode === where.session.venueCode ? 'wrong_session' : 'wrong_venue', registration: holder, belongs };
}

type Recorded = { outcome: 'checked_in' | 'already_checked_in'; held: CheckInScan; conflict: boolean };

/** What recording a check-in needs of the registration. */
type CheckedInPass = Pick<ScannedHolder, '_id' | 'competitionId'> & { pass: Pick<ScannedHolder['pass'], 'serial'> };

const scanKey = (scan: CheckInScan) => `${scan.staffUserId.toHexString()}:${scan.nonce}`;

async function recordConflict(registration: CheckedInPass, sessionId: Types.ObjectId, kept: CheckInScan, other: CheckInScan, now: Date): Promise<void> {
  const pairKey = [scanKey(kept), scanKey(other)].sort().join('|');
  await CheckInConflictModel.updateOne(
    { competitionId: registration.competitionId, pairKey },
    { $setOnInsert: { competitionId: registration.competitionId, pairKey, sessionId, passSerial: registration.pass.serial, registrationId: registration._id, kept, other, recordedAt: now } },
    { upsert: true },
  ).exec();
}

/**
 * Records the check-in, or finds the one the pass already has. An offline scan that meets another
 * device's check-in is a conflict: the earlier scan (by scan time) holds the check-in — taking it
 * over with one conditional update when this one is earlier — and the pair is recorded.
 */
async function recordCheckIn(registration: CheckedInPass, where: SessionInScope, scan: CheckInScan, options: { manual: boolean; offline: boolean; now: Date }): Promise<Recorded> {
  const key = { competitionId: registration.competitionId, passSerial: registration.pass.serial };
  try {
    // The driver's insert, not a mongoose document: the hot path of a venue's morning, and the record is complete and typed.
    const record: Omit<CheckInRecord, '_id'> = { ...key, registrationId: registration._id, sessionId: where.session._id, scan, manual: options.manual, offline: options.offline };
    await CheckInModel.collection.insertOne(record);
    return { outcome: 'checked_in', held: scan, conflict: false };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const existing = await CheckInModel.findOne(key).lean<{ _id: Types.ObjectId; scan: CheckInScan }>().orFail().exec();
    const held = existing.scan;
    // This very scan, recorded by a concurrent upload of the same nonce.
    if (scanKey(held) === scanKey(scan)) return { outcome: 'checked_in', held, conflict: false };
    if (!options.offline || held.deviceId === scan.deviceId) return { outcome: 'already_checked_in', held, conflict: false };
    if (scan.scannedAt < held.scannedAt) {
      // Marked first: the displaced scan's checked_in answer stays what its nonce answers (see keptAnswer).
      await CheckInAnswerModel.collection.updateOne({ userId: held.staffUserId, nonce: held.nonce }, { $set: { displaced: true } });
      const takenOver = await CheckInModel.updateOne(
        { _id: existing._id, 'scan.nonce': held.nonce, 'scan.staffUserId': held.staffUserId },
        { $set: { scan, sessionId: where.session._id, manual: options.manual, offline: true } },
      ).exec();
      if (takenOver.modifiedCount !== 1) continue;
      await recordConflict(registration, where.session._id, scan, held, options.now);
      return { outcome: 'checked_in', held: scan, conflict: true };
    }
    await recordConflict(registration, where.session._id, held, scan, options.now);
    return { outcome: 'already_checked_in', held, conflict: true };
  }
  throw new Error('the check-in kept changing under this scan');
}

/** The note the committee gave a venue-staff member's invitation (e.g. 1号门 王老师), else 现场工作人员. */
const staffLabels = new ShortLivedCache<string>(60_000, 1_000);

export async function staffLabel(userId: Types.ObjectId, where: SessionInScope): Promise<string> {
  const key = `${userId.toHexString()}|${where.session.competitionId.toHexString()}|${where.session.venueCode}`;
  return (
    (await staffLabels.get(key, async () => {
      const grants = await RoleGrantModel.find({ userId, role: 'venue_staff', competitionId: where.session.competitionId }).lean<RoleGrantRecord[]>().exec();
      const grant = staffGrantFor({ grants }, where);
      const note = grant?.invitationId ? (await InvitationModel.findById(grant.invitationId, { note: 1 }).lean().exec())?.note : '';
      return note?.trim() || '现场工作人员';
    })) ?? '现场工作人员'
  );
}

/** `HH:mm` in China. */
const chinaClock = (at: Date) => chinaIsoString(at).slice(11, 16);

async function presentCheckInRecord(held: CheckInScan, where: SessionInScope, callerId: Types.ObjectId): Promise<TCheckInRecord> {
  return {
    scannedAt: held.scannedAt.toISOString(),
    recordedAt: held.recordedAt.toISOString(),
    deviceId: held.deviceId,
    staff: await staffLabel(held.staffUserId, where),
    byYou: held.staffUserId.equals(callerId),
  };
}

function alreadyCheckedInMessage(checkIn: TCheckInRecord): string {
  const who = checkIn.byYou ? '您' : checkIn.staff;
  return `已于 ${chinaClock(new Date(checkIn.scannedAt))} 由${who}签到（设备 ${checkIn.deviceId}），请勿重复签到`;
}

function messageFor(outcome: TCheckInOutcome, verdict: Verdict, where: SessionInScope, checkIn: TCheckInRecord | null): string {
  const standard = CHECK_IN_OUTCOME_TEXT[outcome].message;
  if (outcome === 'already_checked_in' && checkIn) return alreadyCheckedInMessage(checkIn);
  if (verdict.outcome === 'revoked') return `准考证已作废（${verdict.registration.pass.revokedReason ?? '组委会取消参赛资格'}），不能签到`;
  if ((verdict.outcome === 'wrong_venue' || verdict.outcome === 'wrong_session') && verdict.belongs) {
    const s = verdict.belongs;
    const place = verdict.outcome === 'wrong_venue' ? `应到${venueOf(where.competition, s.venueCode).name}，` : '应在';
    return `${standard}：${place}${s.date} ${s.startTime}–${s.endTime}${s.name ? ` ${s.name}` : ''}，考位 ${verdict.registration.pass.station}`;
  }
  return standard;
}

async function present(scan: TCheckInScan, verdict: Verdict, recorded: Recorded | null, where: SessionInScope, callerId: Types.ObjectId): Promise<TCheckInResult> {
  const outcome: TCheckInOutcome = recorded ? recorded.outcome : verdict.outcome === 'admit' ? 'checked_in' : verdict.outcome;
  const checkIn = recorded ? await presentCheckInRecord(recorded.held, where, callerId) : null;
  const registration = 'registration' in verdict ? verdict.registration : null;
  const belongs = 'belongs' in verdict ? verdict.belongs : null;
  return {
    nonce: scan.nonce,
    outcome,
    accepted: outcome === 'checked_in',
    message: messageFor(outcome, verdict, where, checkIn),
    person: registration && {
      passNumber: registration.pass.number,
      name: registration.name,
      trade: tradeOf(where.competition, registration.tradeCode),
      group: groupOf(where.competition, registration.groupCode),
      station: registration.pass.station,
      // For comparing with the ID card: only to the staff letting the person in.
      nationalIdMasked: recorded ? (registration.nationalIdMasked ?? '') : null,
    },
    checkIn,
    expected: belongs && {
      venue: { code: belongs.venueCode, name: venueOf(where.competition, belongs.venueCode).name },
      session: { code: belongs.code, name: belongs.name, date: belongs.date, startTime: belongs.startTime, endTime: belongs.endTime },
    },
    conflict: recorded?.conflict ?? false,
  };
}

/** A checked_in answer written before its check-in, brought in line with what recording found. */
async function settle(answerId: Types.ObjectId, claimed: TCheckInResult, recorded: Recorded, where: SessionInScope, callerId: Types.ObjectId): Promise<TCheckInResult> {
  const checkIn = await presentCheckInRecord(recorded.held, where, callerId);
  const result: TCheckInResult = {
    ...claimed,
    outcome: recorded.outcome,
    accepted: recorded.outcome === 'checked_in',
    message: recorded.outcome === 'already_checked_in' ? alreadyCheckedInMessage(checkIn) : claimed.message,
    checkIn,
    conflict: recorded.conflict,
  };
  // Whoever settles it first (this upload, or a concurrent one of the same nonce) found the same check-in.
  await CheckInAnswerModel.collection.updateOne({ _id: answerId, outcome: 'checked_in' }, { $set: { outcome: result.outcome, result } });
  return result;
}

/**
 * The answer kept for a nonce of this staff member. A checked_in answer is sent once the check-in
 * holds its scan; without that (the first upload stopped between writing the answer and the
 * check-in, or is still between them) the check-in is recorded now, as that upload would have.
 */
async function keptAnswer(principal: Principal, nonce: string, now: Date): Promise<TCheckInResult> {
  const kept = (await CheckInAnswerModel.collection.findOne({ userId: principal.userId, nonce })) as CheckInAnswerRecord | null;
  if (!kept) throw new Error('the answer to this nonce vanished');
  const result = ZCheckInResult.parse(kept.result);
  if (result.outcome !== 'checked_in' || kept.displaced || kept.passSerial === null || !kept.registrationId) return result;
  const scan: CheckInScan = { nonce, scannedAt: kept.scannedAt, recordedAt: kept.recordedAt, deviceId: kept.deviceId, staffUserId: kept.userId };
  const holding = (await CheckInModel.collection.findOne({ competitionId: kept.competitionId, passSerial: kept.passSerial }, { projection: { scan: 1 } })) as Pick<CheckInRecord, 'scan'> | null;
  if (holding && scanKey(holding.scan) === scanKey(scan)) return result;
  const where = await sessionForStaff(principal, kept.sessionId.toHexString());
  const pass = { _id: kept.registrationId, competitionId: kept.competitionId, pass: { serial: kept.passSerial } };
  const recorded = await recordCheckIn(pass, where, scan, { manual: kept.manual, offline: kept.offline, now });
  if (scanKey(recorded.held) === scanKey(scan) && !recorded.conflict) return result;
  return settle(kept._id, result, recorded, where, principal.userId);
}

/**
 * One scan by a venue-staff member for a session of their venue. The first answer to a nonce is
 * kept (a unique index on the answers) and is what every later upload of that nonce gets. The
 * answer is written first, before anything is recorded: a nonce sent again (even with another
 * pass, a device's bug) meets the index and records nothing, without a look-up on every scan.
 * An admitted scan's answer says checked_in until recording the check-in finds otherwise (another
 * scan holds the pass), and is sent only after the check-in is recorded.
 */
export async function checkIn(principal: Principal, scan: TCheckInScan, deps: CheckInDeps, offline = false): Promise<TCheckInResult> {
  const where = await sessionForStaff(principal, scan.sessionId);
  const now = deps.now;
  // A device clock ahead of ours cannot check in from the future.
  const scannedAt = new Date(Math.min(Date.parse(scan.scannedAt), now.getTime()));
  const verdict = await judge(scan, where, deps.signer);
  const ownScan: CheckInScan = { nonce: scan.nonce, scannedAt, recordedAt: now, deviceId: scan.deviceId, staffUserId: principal.userId };
  const admitted = verdict.outcome === 'admit' ? verdict.registration : null;
  const claimed = await present(scan, verdict, admitted && { outcome: 'checked_in', held: ownScan, conflict: false }, where, principal.userId);
  const answer: Omit<CheckInAnswerRecord, '_id'> = {
    userId: principal.userId,
    nonce: scan.nonce,
    competitionId: where.competition._id,
    sessionId: where.session._id,
    deviceId: scan.deviceId,
    scannedAt,
    recordedAt: now,
    offline,
    outcome: claimed.outcome,
    passSerial: 'registration' in verdict ? verdict.registration.pass.serial : null,
    registrationId: admitted?._id ?? null,
    manual: scan.token === undefined,
    result: claimed,
  };
  let answerId: Types.ObjectId;
  try {
    // Inserted, not upserted: the same nonce uploaded twice at once is the rare case, and then the first answer stands.
    answerId = (await CheckInAnswerModel.collection.insertOne(answer)).insertedId;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return keptAnswer(principal, scan.nonce, now);
  }
  if (!admitted) return claimed;
  const recorded = await recordCheckIn(admitted, where, ownScan, { manual: scan.token === undefined, offline, now });
  if (recorded.held === ownScan && !recorded.conflict) return claimed;
  return settle(answerId, claimed, recorded, where, principal.userId);
}

/**
 * Scans queued offline, uploaded together: recorded in the order they were scanned (so the first
 * scan of a pass is the one checked in), answered in the order sent.
 */
export async function checkInBatch(principal: Principal, scans: TCheckInScan[], deps: CheckInDeps): Promise<TCheckInResult[]> {
  const order = scans.map((scan, i) => ({ scan, i })).sort((a, b) => Date.parse(a.scan.scannedAt) - Date.parse(b.scan.scannedAt) || a.i - b.i);
  const results: TCheckInResult[] = new Array<TCheckInResult>(scans.length);
  for (const { scan, i } of order) results[i] = await checkIn(principal, scan, deps, true);
  return results;
}
