import { randomUUID } from 'node:crypto';
import { Types, trusted } from 'mongoose';
import {
  AppError,
  MAX_PASS_SERIAL,
  formatPassNumber,
  stationName,
  type NotificationValues,
  type TAssignmentInput,
  type TAssignmentResult,
  type TPlacementInput,
} from '@contest/shared';
import type { Principal } from '../../auth/principal';
import type { CompetitionSetupRecord } from '../../models/competition';
import { isDuplicateKey } from '../../models/duplicateKey';
import { PassSerialModel } from '../../models/passSerial';
import { PlacementLeaseModel } from '../../models/placementLease';
import { RegistrationModel, type PassRecord, type RegistrationRecord } from '../../models/registration';
import type { VenueSessionRecord } from '../../models/venueSession';
import type { PassSigner } from '../../passSigning/signer';
import { groupOf, tradeOf, venueOf } from '../../presenters/venue';
import { getManagedCompetition } from '../competitionSetup';
import { outboxEventId, relayOutbox } from '../notifications/outbox';
import { quotaUnionOf } from '../quotas';
import { unionNamesById } from '../scopeNames';
import { hostingSessions, livePassesFilter, sessionByCode } from './sessions';

/**
 * Placing confirmed registrations in sessions, and the pass each placement issues. A placement is
 * one conditional update of the registration (confirmed, at the version read) that sets the pass,
 * claims the station (a unique index: no two live passes share one), bumps the version and records
 * the `pass_issued` notification in the outbox, so a pass is never issued without its notification
 * nor placed twice. A competition is placed by one run at a time (a lease), so a run's check of the
 * free stations still holds when it writes: an automatic run that finds too few places nothing.
 */

const LEASE_MS = 120_000;

export interface PlacementDeps {
  signer: PassSigner;
  now: Date;
}

async function claimLease(competitionId: Types.ObjectId, holder: string, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + LEASE_MS);
  try {
    await PlacementLeaseModel.create({ competitionId, holder, expiresAt });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  // Held: take it over only if its holder's lease ran out (a BFF that died mid-run).
  const taken = await PlacementLeaseModel.updateOne({ competitionId, expiresAt: trusted({ $lte: now }) }, { $set: { holder, expiresAt } }).exec();
  return taken.modifiedCount === 1;
}

export async function withPlacementLease<T>(competitionId: Types.ObjectId, now: Date, run: () => Promise<T>): Promise<T> {
  const holder = randomUUID();
  if (!(await claimLease(competitionId, holder, now))) throw new AppError('PLACEMENT_BUSY');
  try {
    return await run();
  } finally {
    await PlacementLeaseModel.deleteOne({ competitionId, holder }).exec();
  }
}

/** `count` new pass serials of the competition, drawn with one `$inc`. */
export async function drawSerials(competitionId: Types.ObjectId, count: number): Promise<number[]> {
  const counter = await PassSerialModel.findOneAndUpdate({ _id: competitionId }, { $inc: { last: count } }, { upsert: true, returnDocument: 'after' })
    .lean<{ last: number }>()
    .orFail()
    .exec();
  if (counter.last > MAX_PASS_SERIAL) throw new Error('pass serials of this competition are used up');
  return Array.from({ length: count }, (_, i) => counter.last - count + 1 + i);
}

/** The session's stations not held by a live pass, lowest first. */
export async function freeStations(session: VenueSessionRecord): Promise<number[]> {
  const held = await RegistrationModel.find(livePassesFilter(session._id), { 'pass.stationNumber': 1 })
    .lean<Array<{ pass: { stationNumber: number } }>>()
    .exec();
  const taken = new Set(held.map((r) => r.pass.stationNumber));
  return Array.from({ length: session.capacity }, (_, i) => i + 1).filter((n) => !taken.has(n));
}

export interface Issue {
  registration: RegistrationRecord;
  competition: CompetitionSetupRecord;
  session: VenueSessionRecord;
  stationNumber: number;
  serial: number;
  issuedBy: Types.ObjectId | null;
}

/** The pass for a placement: the next version of the registration's pass (1 when it has none), signed now. */
function passFor(issue: Issue, signer: PassSigner, now: Date): PassRecord {
  const { session } = issue;
  const version = (issue.registration.pass?.version ?? 0) + 1;
  const token = signer.sign(issue.competition._id, { passSerial: issue.serial, passVersion: version, venueCode: session.venueCode, sessionCode: session.code });
  return {
    serial: issue.serial,
    number: formatPassNumber(issue.serial),
    version,
    keyId: signer.activeKeyId,
    token,
    sessionId: session._id,
    venueCode: session.venueCode,
    sessionCode: session.code,
    stationNumber: issue.stationNumber,
    station: stationName(session.stationPrefix, issue.stationNumber),
    issuedAt: now,
    issuedBy: issue.issuedBy,
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    // The pass and its notification say the session as it is now: its news so far is told.
    toldSessionVersion: session.passNewsVersion,
  };
}

/**
 * Issues (or re-issues) the pass with its notification, in one conditional update. Null when the
 * registration changed since it was read (no longer confirmed, or another step took its version).
 */
export async function issuePass(issue: Issue, deps: PlacementDeps): Promise<RegistrationRecord | null> {
  const { registration, competition, session } = issue;
  const pass = passFor(issue, deps.signer, deps.now);
  const data: NotificationValues = {
    competition: competition.name,
    trade: tradeOf(competition, registration.tradeCode).name,
    person: registration.name,
    passNumber: pass.number,
    place: `${venueOf(competition, session.venueCode).name} ${pass.station}`,
    startsAt: session.startsAt.toISOString(),
    at: deps.now.toISOString(),
    // A re-issue says why (the inbox titles it 准考证已更新).
    ...(registration.pass ? { note: '考场安排已调整，请以最新准考证为准' } : {}),
  };
  try {
    const updated = await RegistrationModel.findOneAndUpdate(
      { _id: registration._id, status: 'confirmed', version: registration.version },
      {
        $set: { pass, stationKey: `${session.code}#${pass.stationNumber}`, venue: session.venueCode },
        $inc: { version: 1 },
        $push: { outbox: { eventId: outboxEventId(registration._id, registration.version + 1), kind: 'pass_issued', data, at: deps.now } },
      },
      { returnDocument: 'after' },
    )
      .lean<RegistrationRecord>()
      .exec();
    if (updated) await relayOutbox(updated).catch(() => undefined);
    return updated;
  } catch (error) {
    if (isDuplicateKey(error, 'stationKey')) throw new AppError('STATION_TAKEN');
    throw error;
  }
}

export function hostLabel(competition: CompetitionSetupRecord, host: TAssignmentInput): string {
  return `${tradeOf(competition, host.tradeCode).name}${groupOf(competition, host.groupCode).name}`;
}

function assertHostable(competition: CompetitionSetupRecord, host: TAssignmentInput): void {
  const trade = competition.trades.find((t) => t.code === host.tradeCode);
  if (!trade || !trade.groups.includes(host.groupCode)) {
    throw new AppError('VALIDATION_FAILED', '本赛事没有这个工种组别', [{ path: trade ? 'groupCode' : 'tradeCode', message: trade ? '该工种不设此组别' : '工种不存在' }]);
  }
}

/**
 * The order places are given in: by the participating union the registration comes with (its
 * team, by union code), then by when the committee confirmed it, then by id. Stable: running the
 * assignment again on the same registrations gives the same order.
 */
async function inAssignmentOrder(competition: CompetitionSetupRecord, registrations: RegistrationRecord[]): Promise<RegistrationRecord[]> {
  const delegation = (r: RegistrationRecord) => quotaUnionOf(competition, r) ?? r.unionId;
  const unions = await unionNamesById(registrations.map(delegation));
  const confirmedAt = (r: RegistrationRecord) => [...r.timeline].reverse().find((entry) => entry.action === 'committee_confirm')?.at.getTime() ?? 0;
  const keyed = registrations.map((r) => ({ r, union: unions.get(delegation(r).toHexString())?.code ?? '', at: confirmedAt(r), id: r._id.toHexString() }));
  keyed.sort((a, b) => a.union.localeCompare(b.union) || a.at - b.at || a.id.localeCompare(b.id));
  return keyed.map((k) => k.r);
}

/**
 * Places every confirmed registration of a trade × group that has no pass yet in the sessions
 * hosting it, filling them in time order from the lowest free station. When the free stations are
 * fewer than the registrations waiting, nothing is placed and the answer says how many are short.
 */
export async function assignAutomatically(principal: Principal, competitionId: string, host: TAssignmentInput, deps: PlacementDeps): Promise<TAssignmentResult> {
  const competition = await getManagedCompetition(principal, competitionId);
  return assignInCompetition(competition, host, principal.userId, deps);
}

/** The assignment itself, for a competition already in the caller's scope (the demo seed's too). */
export async function assignInCompetition(
  competition: CompetitionSetupRecord,
  host: TAssignmentInput,
  issuedBy: Types.ObjectId | null,
  deps: PlacementDeps,
): Promise<TAssignmentResult> {
  assertHostable(competition, host);
  const label = hostLabel(competition, host);
  return withPlacementLease(competition._id, deps.now, async () => {
    const sessions = await hostingSessions(competition._id, host);
    if (sessions.length === 0) throw new AppError('SESSION_CAPACITY_SHORT', `还没有承办${label}的场次，请先设置场次`);
    const confirmed = await RegistrationModel.find({ competitionId: competition._id, tradeCode: host.tradeCode, groupCode: host.groupCode, status: 'confirmed' })
      .lean<RegistrationRecord[]>()
      .exec();
    const waiting = confirmed.filter((r) => !r.pass);
    const free = await Promise.all(sessions.map(freeStations));
    const freeTotal = free.reduce((sum, stations) => sum + stations.length, 0);
    if (waiting.length > freeTotal) {
      const left = sessions.map((s, i) => `${s.code}剩${free[i]!.length}个`).join('、');
      throw new AppError(
        'SESSION_CAPACITY_SHORT',
        `${label}有 ${waiting.length} 人待安排，承办场次只剩 ${freeTotal} 个考位（${left}），未作任何安排。请增加场次或考位后重试`,
      );
    }
    const assigned = sessions.map(() => 0);
    const ordered = await inAssignmentOrder(competition, waiting);
    const serials = ordered.length > 0 ? await drawSerials(competition._id, ordered.length) : [];
    let at = 0;
    for (const [i, registration] of ordered.entries()) {
      while (free[at]!.length === 0) at += 1;
      const stationNumber = free[at]!.shift()!;
      const issued = await issuePass(
        { registration, competition, session: sessions[at]!, stationNumber, serial: serials[i]!, issuedBy },
        deps,
      );
      // A registration disqualified meanwhile is skipped; its station stays free.
      if (issued) assigned[at]! += 1;
      else free[at]!.unshift(stationNumber);
    }
    return {
      tradeCode: host.tradeCode,
      groupCode: host.groupCode,
      assigned: assigned.reduce((a, b) => a + b, 0),
      alreadyPlaced: confirmed.length - waiting.length,
      sessions: sessions.map((s, i) => ({ code: s.code, assigned: assigned[i]!, free: free[i]!.length })),
    };
  });
}

export interface Placed {
  registration: RegistrationRecord & { pass: PassRecord };
  competition: CompetitionSetupRecord;
  session: VenueSessionRecord;
}

/**
 * Places one confirmed registration in a session (at a station, or the lowest free one): its first
 * pass, or a move that re-issues the pass (same number, next version) and tells the worker.
 */
export async function placeRegistration(
  principal: Principal,
  competitionId: string,
  registrationId: string,
  input: TPlacementInput,
  deps: PlacementDeps,
): Promise<Placed> {
  const competition = await getManagedCompetition(principal, competitionId);
  if (!/^[0-9a-f]{24}$/i.test(registrationId)) throw new AppError('REGISTRATION_NOT_FOUND');
  return withPlacementLease(competition._id, deps.now, async () => {
    const registration = await RegistrationModel.findOne({ _id: new Types.ObjectId(registrationId), competitionId: competition._id })
      .lean<RegistrationRecord>()
      .exec();
    if (!registration) throw new AppError('REGISTRATION_NOT_FOUND');
    if (registration.status !== 'confirmed') throw new AppError('ACTION_NOT_ALLOWED', '只有报名成功（组委会已确认）的报名才能安排考场');
    const session = await sessionByCode(competition._id, input.sessionCode);
    if (!session.hosts.some((h) => h.tradeCode === registration.tradeCode && h.groupCode === registration.groupCode)) {
      const message = `该场次不承办${hostLabel(competition, registration)}`;
      throw new AppError('VALIDATION_FAILED', message, [{ path: 'sessionCode', message }]);
    }
    const current = registration.pass;
    if (current?.sessionId.equals(session._id) && (input.station === undefined || input.station === current.stationNumber)) {
      return { registration: { ...registration, pass: current }, competition, session };
    }
    const free = await freeStations(session);
    let stationNumber: number;
    if (input.station !== undefined) {
      if (input.station > session.capacity) {
        throw new AppError('VALIDATION_FAILED', `该场次只有 ${session.capacity} 个考位`, [{ path: 'station', message: `该场次只有 ${session.capacity} 个考位` }]);
      }
      if (!free.includes(input.station)) throw new AppError('STATION_TAKEN');
      stationNumber = input.station;
    } else {
      if (free.length === 0) throw new AppError('SESSION_CAPACITY_SHORT', `场次 ${session.code} 的 ${session.capacity} 个考位已满`);
      stationNumber = free[0]!;
    }
    const serial = current?.serial ?? (await drawSerials(competition._id, 1))[0]!;
    const issued = await issuePass({ registration, competition, session, stationNumber, serial, issuedBy: principal.userId }, deps);
    if (!issued?.pass) throw new AppError('CONFLICT', '报名已有变化，请刷新后重试');
    return { registration: { ...issued, pass: issued.pass }, competition, session };
  });
}
