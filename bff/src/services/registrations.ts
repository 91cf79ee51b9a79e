import { Types, trusted } from 'mongoose';
import {
  AppError,
  PRIVACY_NOTICE_VERSION,
  maskMobile,
  maskNationalId,
  type TRegistrationForm,
  type TRegistrationSubmitInput,
  ZRegistrationSubmitInput,
} from '@contest/shared';
import type { Principal } from '../auth/principal';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { UserModel } from '../models/user';
import type { PersonalDataCipher } from '../personalData/cipher';
import { findCompetition } from './competitions';
import { runOnce, type EarlierSuccess, type Once } from './idempotency';
import { auditStart } from './auditLevels';
import { resubmitRegistration, withdrawRegistration, type Actor } from './registrationLifecycle';
import { assertRegistrationOpen, checkRegistration, type CheckedRegistration } from './registrationRules';
import { unionNamesById } from './scopeNames';
import { isDuplicateKey } from '../models/duplicateKey';
import { evidenceKindsHeld, linkPendingEvidence } from './evidence/evidence';

/** A registration with what its presenter needs to show it. */
export interface RegistrationWithContext {
  registration: RegistrationRecord;
  competition: CompetitionSetupRecord;
}

export async function assertPrivacyAccepted(principal: Principal): Promise<void> {
  // The session read carries the accepted version; read the account only for a principal built without it.
  const accepted =
    principal.privacyAcceptedVersion !== undefined
      ? principal.privacyAcceptedVersion
      : (await UserModel.findById(principal.userId, { privacyAcceptedVersion: 1 }).lean().exec())?.privacyAcceptedVersion;
  if (accepted !== PRIVACY_NOTICE_VERSION) throw new AppError('PRIVACY_CONSENT_REQUIRED');
}

/**
 * A registration as it is submitted: the person's fields, the union its audit starts at, its first
 * timeline entry. The one shape of a new registration, for a worker's own submission and for a team
 * entry its person confirms (`confirmedBy`: who confirmed, on the timeline).
 */
export function submittedRegistration(
  cipher: PersonalDataCipher,
  competition: CompetitionSetupRecord,
  form: TRegistrationForm,
  checked: CheckedRegistration,
  spec: { _id: Types.ObjectId; userId: Types.ObjectId; privacyNoticeVersion: string; now: Date; confirmedBy?: Types.ObjectId },
): RegistrationRecord {
  // Timestamps from the machine's clock, as mongoose's own would be (the injected clock may stand still in tests).
  const stamped = new Date();
  const { now } = spec;
  return {
    _id: spec._id,
    competitionId: competition._id,
    userId: spec.userId,
    ...personFields(cipher, form, checked),
    venue: null,
    status: 'submitted',
    ...auditStart(competition, { unionPath: checked.union.path, tradeCode: form.tradeCode, groupCode: form.groupCode }),
    active: true,
    version: 0,
    privacyNoticeVersion: spec.privacyNoticeVersion,
    submittedAt: now,
    timeline: [{ at: now, action: 'submit', actor: 'worker', actorUserId: spec.confirmedBy ?? null, actorRole: null, actorName: null, from: null, to: 'submitted', reason: null }],
    createdAt: stamped,
    updatedAt: stamped,
  };
}

/** The person's fields as stored: the ID number and phone sealed, hashed and masked. */
export function personFields(cipher: PersonalDataCipher, form: TRegistrationForm, checked: CheckedRegistration) {
  return {
    unionId: checked.union._id,
    unionPath: checked.union.path,
    name: form.name,
    nationalIdSealed: cipher.encrypt(checked.nationalId),
    nationalIdHash: cipher.hash('national-id', checked.nationalId),
    nationalIdMasked: maskNationalId(checked.nationalId),
    mobileSealed: cipher.encrypt(form.mobile),
    mobileHash: cipher.hash('mobile', form.mobile),
    mobileMasked: maskMobile(form.mobile),
    age: checked.age,
    sex: checked.sex,
    employer: form.employer,
    tradeCode: form.tradeCode,
    groupCode: form.groupCode,
    skillLevel: form.skillLevel,
    yearsInTrade: form.yearsInTrade,
    declarations: form.declarations,
    eligibilityClaims: form.eligibilityClaims,
  };
}

const isOneActivePerPersonViolation = (error: unknown) => isDuplicateKey(error, 'nationalIdHash');

/** The Idempotency-Key of a submission and a keyed hash of its body, kept on the registration it creates. */
export interface SubmissionKey {
  key: string;
  requestHash: string;
}

/** A new registration with the names of its union chain, for its presenter. */
export interface SubmittedRegistration extends RegistrationWithContext {
  unions: Map<string, { code: string; name: string }>;
}

const isSameKeyViolation = (error: unknown) => isDuplicateKey(error, 'idempotencyKey');

/** The slots (0 … limit-1) the account's active registrations in the competition take, at most `limit` of them. */
async function takenAccountSlots(registration: Pick<RegistrationRecord, 'competitionId' | 'userId'>, limit: number): Promise<Set<number>> {
  const held = await RegistrationModel.find(
    { competitionId: registration.competitionId, userId: registration.userId, active: true, accountSlot: trusted({ $exists: true }) },
    { accountSlot: 1 },
  )
    .limit(limit)
    .lean<Array<Pick<RegistrationRecord, 'accountSlot'>>>()
    .exec();
  return new Set(held.map((r) => r.accountSlot ?? -1));
}

/**
 * Refusing a submission that found its account's slots taken: when the person's number is held
 * already (perhaps by this very account), that is the answer; otherwise the account is at its limit.
 */
async function accountFullError(registration: Pick<RegistrationRecord, 'competitionId' | 'nationalIdHash'>, limit: number): Promise<AppError> {
  const numberHeld = await RegistrationModel.exists({ competitionId: registration.competitionId, nationalIdHash: registration.nationalIdHash, active: true }).exec();
  if (numberHeld) return new AppError('ALREADY_REGISTERED');
  return new AppError(
    'ACCOUNT_REGISTRATION_LIMIT',
    `一个微信账号在本赛事最多可有${limit}份有效报名，本账号已达上限。请本人使用自己的微信报名，或先撤回本账号的报名`,
  );
}

/**
 * Inserts the registration in a free slot of its account's places for the competition: the unique
 * index on (competition, account, slot) among active registrations holds each account to `limit`,
 * however many submissions race. With one place (the default) slot 0 is the only one, so the insert
 * alone decides; with more, the taken slots are read first and a slot lost to a concurrent
 * submission is looked for again.
 */
async function insertInAccountSlot(registration: RegistrationRecord, limit: number): Promise<number> {
  let taken = limit === 1 ? new Set<number>() : await takenAccountSlots(registration, limit);
  for (let attempt = 0; attempt <= limit; attempt += 1) {
    const slot = Array.from({ length: limit }, (_, i) => i).find((i) => !taken.has(i));
    if (slot === undefined) break;
    try {
      // The driver's insert, not a mongoose document: this is the hot path, and the record is complete and typed.
      await RegistrationModel.collection.insertOne({ ...registration, accountSlot: slot, __v: 0 });
      return slot;
    } catch (error) {
      if (!isDuplicateKey(error, 'accountSlot')) throw error;
      taken = await takenAccountSlots(registration, limit);
    }
  }
  throw await accountFullError(registration, limit);
}

/**
 * A worker's new registration: every rule checked, then one insert guarded by three unique indexes:
 * one active registration per person, at most `accountLimit` active ones per WeChat account, and
 * one registration per Idempotency-Key.
 */
export async function submitRegistration(
  cipher: PersonalDataCipher,
  principal: Principal,
  input: TRegistrationSubmitInput,
  submission: SubmissionKey,
  now: Date,
  accountLimit: number,
): Promise<SubmittedRegistration> {
  await assertPrivacyAccepted(principal);
  const competition = await findCompetition(input.competitionId);
  assertRegistrationOpen(competition, now);
  const { competitionId: _competitionId, ...form } = input;
  const checked = await checkRegistration(competition, form, now, await evidenceKindsHeld(principal.userId, competition._id, null));
  // Timestamps from the machine's clock, as mongoose's own would be (the injected clock may stand still in tests).
  const registration: RegistrationRecord = {
    ...submittedRegistration(cipher, competition, form, checked, { _id: new Types.ObjectId(), userId: principal.userId, privacyNoticeVersion: PRIVACY_NOTICE_VERSION, now }),
    idempotencyKey: submission.key,
    idempotencyRequestHash: submission.requestHash,
  };
  try {
    registration.accountSlot = await insertInAccountSlot(registration, accountLimit);
  } catch (error) {
    if (isSameKeyViolation(error)) throw new AppError('CONFLICT', '这次提交已经处理，请刷新后查看');
    if (isOneActivePerPersonViolation(error)) throw new AppError('ALREADY_REGISTERED');
    throw error;
  }
  await linkPendingEvidence(principal.userId, competition._id, registration._id, now);
  const { union } = checked;
  // The chain as resolved for the rules; only the union's own code is shown.
  const unions = new Map(union.path.map((id, i) => [id.toHexString(), { code: id.equals(union._id) ? union.code : '', name: union.chain[i] ?? '' }]));
  return { registration, competition, unions };
}

/** The registration an earlier submission with this Idempotency-Key created, with its request's hash; null if none. */
async function findSubmission(principal: Principal, key: string): Promise<EarlierSuccess<RegistrationWithContext> | null> {
  const registration = await RegistrationModel.findOne({ userId: principal.userId, idempotencyKey: key }).lean<RegistrationRecord>().exec();
  if (!registration) return null;
  const competition = await CompetitionModel.findById(registration.competitionId).lean<CompetitionSetupRecord>().orFail().exec();
  return { result: { registration, competition }, requestHash: registration.idempotencyRequestHash ?? '' };
}

/**
 * A worker's submission, once per Idempotency-Key: a retry (a dropped connection, a double tap)
 * gets the registration the first one made, as it is now, or the first one's refusal. The body is
 * parsed here, not in the route, so that a refusal of the body itself is kept for retries too.
 */
export async function submitRegistrationOnce(
  cipher: PersonalDataCipher,
  principal: Principal,
  request: { key: string; body: unknown; requestId: string },
  now: Date,
  accountLimit: number,
): Promise<Once<RegistrationWithContext & { unions?: SubmittedRegistration['unions'] }>> {
  // Keyed: the body holds the ID number and phone.
  const submission = { key: request.key, requestHash: cipher.hash('request', JSON.stringify(request.body ?? null)) };
  return runOnce(
    { userId: principal.userId.toHexString(), scope: 'registration.submit', requestId: request.requestId, ...submission },
    () => submitRegistration(cipher, principal, ZRegistrationSubmitInput.parse(request.body), submission, now, accountLimit),
    () => findSubmission(principal, submission.key),
  );
}

/** Registrations are the owner's alone: anyone else's look exactly like missing ones. */
async function findOwn(principal: Principal, id: string): Promise<RegistrationRecord> {
  if (!Types.ObjectId.isValid(id)) throw new AppError('REGISTRATION_NOT_FOUND');
  const registration = await RegistrationModel.findOne({ _id: new Types.ObjectId(id), userId: principal.userId })
    .lean<RegistrationRecord>()
    .exec();
  if (!registration) throw new AppError('REGISTRATION_NOT_FOUND');
  return registration;
}

export async function listMyRegistrations(principal: Principal): Promise<RegistrationWithContext[]> {
  const registrations = await RegistrationModel.find({ userId: principal.userId })
    .sort({ createdAt: -1 })
    .limit(100)
    .lean<RegistrationRecord[]>()
    .exec();
  const competitionIds = [...new Set(registrations.map((r) => r.competitionId.toHexString()))].map((id) => new Types.ObjectId(id));
  const competitions = await CompetitionModel.find({ _id: trusted({ $in: competitionIds }) })
    .lean<CompetitionSetupRecord[]>()
    .exec();
  const byId = new Map(competitions.map((c) => [c._id.toHexString(), c]));
  return registrations.flatMap((registration) => {
    const competition = byId.get(registration.competitionId.toHexString());
    return competition ? [{ registration, competition }] : [];
  });
}

export async function getMyRegistration(principal: Principal, id: string): Promise<RegistrationWithContext> {
  const registration = await findOwn(principal, id);
  const competition = await CompetitionModel.findById(registration.competitionId).lean<CompetitionSetupRecord>().orFail().exec();
  return { registration, competition };
}

/** The worker acting on their own registration: no role, no body (the timeline shows 报名人). */
const workerActor = (principal: Principal): Actor => ({ userId: principal.userId, role: null, body: null });

async function competitionOf(registration: RegistrationRecord): Promise<CompetitionSetupRecord> {
  return CompetitionModel.findById(registration.competitionId).lean<CompetitionSetupRecord>().orFail().exec();
}

/** Before confirmation the worker may withdraw their own registration, at any time. */
export async function withdrawOwnRegistration(principal: Principal, id: string, version: number, now: Date): Promise<RegistrationWithContext> {
  const current = await findOwn(principal, id);
  const competition = await competitionOf(current);
  const registration = await withdrawRegistration({ registration: current, competition, version, actor: workerActor(principal), now });
  return { registration, competition };
}

/** A rejection released the registration's ID number (not the applicant's own): it holds no place any more. */
export function releasedItsNumber(registration: Pick<RegistrationRecord, 'status' | 'active'>): boolean {
  return !registration.active && registration.status !== 'withdrawn';
}

/**
 * After a union rejection the worker corrects and resubmits, until the deadline; every rule applies
 * again. Not after a rejection that released the ID number (not the applicant's own): resubmitting
 * would take the number back from its owner. The current privacy notice applies, as for a submission.
 */
export async function resubmitOwnRegistration(
  cipher: PersonalDataCipher,
  principal: Principal,
  id: string,
  input: TRegistrationForm & { version: number },
  now: Date,
): Promise<RegistrationWithContext> {
  await assertPrivacyAccepted(principal);
  const current = await findOwn(principal, id);
  if (releasedItsNumber(current)) {
    throw new AppError('ACTION_NOT_ALLOWED', '这份报名因证件号与报名人本人不符未通过，证件号已释放，不能修改后重新提交。如证件号确属您本人，请联系您的工会核实');
  }
  const competition = await competitionOf(current);
  assertRegistrationOpen(competition, now);
  const { version, ...form } = input;
  const checked = await checkRegistration(competition, form, now, await evidenceKindsHeld(principal.userId, competition._id, current._id));
  const registration = await resubmitRegistration(
    { registration: current, competition, version, actor: workerActor(principal), now },
    // A two-level audit starts again at the worker's own union.
    { ...personFields(cipher, form, checked), ...auditStart(competition, { unionPath: checked.union.path, tradeCode: form.tradeCode, groupCode: form.groupCode }), privacyNoticeVersion: PRIVACY_NOTICE_VERSION, submittedAt: now },
  );
  await linkPendingEvidence(principal.userId, competition._id, registration._id, now);
  return { registration, competition };
}

/** Codes and names of the unions the registrations name, their chains and host units (承办单位) included, in one query. */
export async function loadUnionNames(registrations: readonly Pick<RegistrationRecord, 'unionId' | 'unionPath' | 'hostUnitId'>[]): Promise<Map<string, { code: string; name: string }>> {
  return unionNamesById(registrations.flatMap((r) => [r.unionId, ...r.unionPath, ...(r.hostUnitId ? [r.hostUnitId] : [])]));
}
