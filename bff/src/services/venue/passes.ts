import { Types, trusted } from 'mongoose';
import { AppError, passSerialOf, type TCommitteePass, type TDisqualifyInput, type TPassExportQuery, type TPassListQuery } from '@contest/shared';
import type { Principal } from '../../auth/principal';
import type { CompetitionSetupRecord } from '../../models/competition';
import { CompetitionModel } from '../../models/competition';
import { RegistrationModel, type RegistrationRecord } from '../../models/registration';
import { VenueSessionModel, type VenueSessionRecord } from '../../models/venueSession';
import { presentCommitteePass, type PassHolder } from '../../presenters/venue';
import { deskRole } from '../auditScope';
import { getManagedCompetition } from '../competitionSetup';
import { quotaUnionOf } from '../quotas';
import { disqualifyRegistration } from '../registrationLifecycle';
import { unionNamesById, type UnionNames } from '../scopeNames';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

const holdsPass = (registration: RegistrationRecord): registration is PassHolder => registration.pass !== undefined;

/** Sessions by id (hex). */
export async function sessionsById(ids: Iterable<Types.ObjectId>): Promise<Map<string, VenueSessionRecord>> {
  const unique = [...new Map([...ids].map((id) => [id.toHexString(), id])).values()];
  if (unique.length === 0) return new Map();
  const sessions = await VenueSessionModel.find({ _id: trusted({ $in: unique }) }).lean<VenueSessionRecord[]>().exec();
  return new Map(sessions.map((s) => [s._id.toHexString(), s]));
}

/** The worker's own pass: another's registration is 404 like a missing one; no pass yet is PASS_NOT_FOUND. */
export async function getMyPass(principal: Principal, registrationId: string) {
  if (!/^[0-9a-f]{24}$/i.test(registrationId)) throw new AppError('REGISTRATION_NOT_FOUND');
  const registration = await RegistrationModel.findOne({ _id: new Types.ObjectId(registrationId), userId: principal.userId })
    .lean<RegistrationRecord>()
    .exec();
  if (!registration) throw new AppError('REGISTRATION_NOT_FOUND');
  if (!holdsPass(registration)) throw new AppError('PASS_NOT_FOUND');
  const [competition, session] = await Promise.all([
    CompetitionModel.findById(registration.competitionId).lean<CompetitionSetupRecord>().orFail().exec(),
    VenueSessionModel.findById(registration.pass.sessionId).lean<VenueSessionRecord>().orFail().exec(),
  ]);
  return { registration, competition, session };
}

export interface PassPage {
  competition: CompetitionSetupRecord;
  items: Array<{ registration: PassHolder; session: VenueSessionRecord; delegationId: string | null }>;
  unions: UnionNames;
  nextCursor: string | null;
}

/**
 * The competition's passes in pass-number order, filtered by union (its chain), trade, group or
 * session: what printing passes per union or trade and the roster sheet read, a page at a time.
 */
export async function listPasses(principal: Principal, competitionId: string, query: TPassListQuery): Promise<PassPage> {
  const competition = await getManagedCompetition(principal, competitionId);
  const after = query.cursor ? passSerialOf(query.cursor) : 0;
  const filter: Record<string, unknown> = {
    competitionId: competition._id,
    'pass.serial': trusted({ $gt: after ?? 0 }),
    ...(query.includeRevoked === '1' ? {} : { 'pass.revokedAt': null }),
    ...(query.unionId ? { unionPath: new Types.ObjectId(query.unionId) } : {}),
    ...(query.tradeCode ? { tradeCode: query.tradeCode } : {}),
    ...(query.groupCode ? { groupCode: query.groupCode } : {}),
    ...(query.sessionCode ? { 'pass.sessionCode': query.sessionCode } : {}),
  };
  const found = await RegistrationModel.find(filter)
    .sort({ 'pass.serial': 1 })
    .limit(query.limit + 1)
    .lean<RegistrationRecord[]>()
    .exec();
  const page = found.slice(0, query.limit).filter(holdsPass);
  const sessions = await sessionsById(page.map((r) => r.pass.sessionId));
  const delegation = (r: RegistrationRecord) => quotaUnionOf(competition, r);
  const unions = await unionNamesById(page.flatMap((r) => [r.unionId, ...(delegation(r) ? [delegation(r)!] : [])]));
  const items = page.flatMap((registration) => {
    const session = sessions.get(registration.pass.sessionId.toHexString());
    return session ? [{ registration, session, delegationId: delegation(registration)?.toHexString() ?? null }] : [];
  });
  return { competition, items, unions, nextCursor: found.length > query.limit ? (page.at(-1)?.pass.number ?? null) : null };
}

/** The committee disqualifies a confirmed registration of a competition it manages (registrationLifecycle.ts does the rest). */
export async function disqualify(principal: Principal, competitionId: string, registrationId: string, input: TDisqualifyInput, now: Date) {
  const competition = await getManagedCompetition(principal, competitionId);
  if (!/^[0-9a-f]{24}$/i.test(registrationId)) throw new AppError('REGISTRATION_NOT_FOUND');
  const registration = await RegistrationModel.findOne({ _id: new Types.ObjectId(registrationId), competitionId: competition._id })
    .lean<RegistrationRecord>()
    .exec();
  if (!registration) throw new AppError('REGISTRATION_NOT_FOUND');
  const actor = { userId: principal.userId, role: deskRole(principal, 'committee'), body: '大赛组委会' };
  const updated = await disqualifyRegistration({ registration, competition, version: input.version, actor, now }, input.reason);
  return {
    registrationId: updated._id.toHexString(),
    status: updated.status,
    version: updated.version,
    revokedPassNumber: updated.pass?.revokedAt ? updated.pass.number : null,
  };
}

/**
 * Every pass the filters select, as the committee's list presents them (read 500 at a time):
 * what the printed passes and the roster sheet show. Refused past `max`.
 */
export async function allPasses(
  principal: Principal,
  competitionId: string,
  filters: TPassExportQuery,
  max: number,
  tooMany: string,
): Promise<{ competition: CompetitionSetupRecord; passes: TCommitteePass[] }> {
  const passes: TCommitteePass[] = [];
  let cursor: string | undefined;
  let competition: CompetitionSetupRecord;
  do {
    const page = await listPasses(principal, competitionId, { ...filters, limit: 500, ...(cursor ? { cursor } : {}) });
    competition = page.competition;
    passes.push(...page.items.map((item) => presentCommitteePass(item.registration, page.competition, item.session, page.unions, item.delegationId)));
    if (passes.length > max) throw new AppError('VALIDATION_FAILED', tooMany);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { competition, passes };
}
