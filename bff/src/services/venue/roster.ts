import { createHash } from 'node:crypto';
import { trusted, type Types } from 'mongoose';
import type { TCheckInConflict, TVenueBoard, TVenueRoster } from '@contest/shared';
import type { Principal } from '../../auth/principal';
import { CheckInConflictModel, CheckInModel, type CheckInScan } from '../../models/checkIn';
import { RegistrationModel, type PassRecord, type RegistrationRecord } from '../../models/registration';
import type { PassSigner } from '../../passSigning/signer';
import { groupOf, sessionHeader, tradeOf, venueOf } from '../../presenters/venue';
import { unionNamesById } from '../scopeNames';
import { staffLabel } from './checkIn';
import { sessionForOverseer, type SessionInScope } from './scope';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

type Listed = Pick<RegistrationRecord, '_id' | 'competitionId' | 'name' | 'nationalIdMasked' | 'mobileMasked' | 'tradeCode' | 'groupCode' | 'unionId' | 'status'> & {
  pass: PassRecord;
};

/** Every pass placed in the session (revoked ones too), by station. */
async function sessionPasses(where: SessionInScope): Promise<Listed[]> {
  return RegistrationModel.find(
    { 'pass.sessionId': where.session._id },
    { competitionId: 1, name: 1, nationalIdMasked: 1, mobileMasked: 1, tradeCode: 1, groupCode: 1, unionId: 1, status: 1, pass: 1 },
  )
    .sort({ 'pass.stationNumber': 1 })
    .lean<Listed[]>()
    .exec();
}

/** The check-ins of these passes, by serial. */
async function checkInsOf(competitionId: Types.ObjectId, passes: readonly Listed[]): Promise<Map<number, CheckInScan>> {
  if (passes.length === 0) return new Map();
  const found = await CheckInModel.find({ competitionId, passSerial: trusted({ $in: passes.map((p) => p.pass.serial) }) }, { passSerial: 1, scan: 1 })
    .lean<Array<{ passSerial: number; scan: CheckInScan }>>()
    .exec();
  return new Map(found.map((c) => [c.passSerial, c.scan]));
}

const isLive = (registration: Listed) => registration.pass.revokedAt === null && registration.status === 'confirmed';

/** What a phone needs to check the session in offline (ZVenueRoster in shared/src/checkIn.ts). */
export async function venueRoster(principal: Principal, sessionId: string, signer: PassSigner, now: Date): Promise<TVenueRoster> {
  const where = await sessionForOverseer(principal, sessionId);
  const passes = await sessionPasses(where);
  const checkIns = await checkInsOf(where.competition._id, passes);
  const keys = signer.publicKeys();
  const entries = passes.map((registration) => {
    const held = checkIns.get(registration.pass.serial);
    return {
      passSerial: registration.pass.serial,
      passNumber: registration.pass.number,
      passVersion: registration.pass.version,
      name: registration.name,
      nationalIdMasked: registration.nationalIdMasked ?? '',
      trade: tradeOf(where.competition, registration.tradeCode),
      group: groupOf(where.competition, registration.groupCode),
      station: registration.pass.station,
      revoked: !isLive(registration),
      checkedIn: held ? { scannedAt: held.scannedAt.toISOString(), deviceId: held.deviceId } : null,
    };
  });
  const header = sessionHeader(where.session);
  const version = createHash('sha256').update(JSON.stringify({ header, keys, entries })).digest('hex').slice(0, 16);
  return {
    format: 1,
    version,
    generatedAt: now.toISOString(),
    competition: { id: where.competition._id.toHexString(), name: where.competition.name },
    venue: venueOf(where.competition, where.session.venueCode),
    session: header,
    keys,
    entries,
  };
}

/** The session's live passes, and those of them not checked in yet (both by station). */
async function sessionArrivals(where: SessionInScope): Promise<{ live: Listed[]; missing: Listed[] }> {
  const live = (await sessionPasses(where)).filter(isLive);
  const checkIns = await checkInsOf(where.competition._id, live);
  return { live, missing: live.filter((r) => !checkIns.has(r.pass.serial)) };
}

/** Expected, checked in and missing for a session, per trade × group, and who is missing. */
export async function venueBoard(principal: Principal, sessionId: string, now: Date): Promise<TVenueBoard> {
  const where = await sessionForOverseer(principal, sessionId);
  const { live, missing } = await sessionArrivals(where);
  const missingIds = new Set(missing.map((r) => r._id.toHexString()));
  const arrived = (r: Listed) => !missingIds.has(r._id.toHexString());
  const groups = new Map<string, Listed[]>();
  for (const registration of live) {
    const key = `${registration.tradeCode}|${registration.groupCode}`;
    groups.set(key, [...(groups.get(key) ?? []), registration]);
  }
  const tradeOrder = (code: string) => where.competition.trades.findIndex((t) => t.code === code);
  const byTrade = [...groups.values()]
    .map((members) => {
      const checkedIn = members.filter(arrived).length;
      const first = members[0]!;
      return {
        trade: tradeOf(where.competition, first.tradeCode),
        group: groupOf(where.competition, first.groupCode),
        expected: members.length,
        checkedIn,
        missing: members.length - checkedIn,
      };
    })
    .sort((a, b) => tradeOrder(a.trade.code) - tradeOrder(b.trade.code) || a.group.code.localeCompare(b.group.code));
  const unions = await unionNamesById(missing.map((r) => r.unionId));
  const checkedIn = live.length - missing.length;
  return {
    generatedAt: now.toISOString(),
    competition: { id: where.competition._id.toHexString(), name: where.competition.name },
    venue: venueOf(where.competition, where.session.venueCode),
    session: sessionHeader(where.session),
    expected: live.length,
    checkedIn,
    missing: missing.length,
    byTrade,
    missingList: missing.map((r) => ({
      passNumber: r.pass.number,
      name: r.name,
      trade: tradeOf(where.competition, r.tradeCode),
      group: groupOf(where.competition, r.groupCode),
      station: r.pass.station,
      union: unions.get(r.unionId.toHexString())?.name ?? '',
    })),
    conflicts: await CheckInConflictModel.countDocuments({ sessionId: where.session._id }).exec(),
  };
}

/** One contestant not yet checked in, as the missing sheet lists them. */
export interface MissingRow {
  passNumber: string;
  name: string;
  union: string;
  trade: string;
  group: string;
  station: string;
  mobileMasked: string;
}

/**
 * Who is still missing in a session, with what the sheet a venue calls round needs (the masked
 * phone too): the board's missing list, for GET /venue/board/missing.xlsx.
 */
export async function venueMissing(principal: Principal, sessionId: string): Promise<{ where: SessionInScope; rows: MissingRow[] }> {
  const where = await sessionForOverseer(principal, sessionId);
  const { missing } = await sessionArrivals(where);
  const unions = await unionNamesById(missing.map((r) => r.unionId));
  const rows = missing.map((r) => ({
    passNumber: r.pass.number,
    name: r.name,
    union: unions.get(r.unionId.toHexString())?.name ?? '',
    trade: tradeOf(where.competition, r.tradeCode).name,
    group: groupOf(where.competition, r.groupCode).name,
    station: r.pass.station,
    mobileMasked: r.mobileMasked ?? '',
  }));
  return { where, rows };
}

/** The session's offline double scans, newest first: which scan holds the check-in and which does not. */
export async function venueConflicts(principal: Principal, sessionId: string): Promise<TCheckInConflict[]> {
  const where = await sessionForOverseer(principal, sessionId);
  const conflicts = await CheckInConflictModel.find({ sessionId: where.session._id }).sort({ recordedAt: -1 }).limit(500).lean().exec();
  const registrations = await RegistrationModel.find({ _id: trusted({ $in: conflicts.map((c) => c.registrationId) }) }, { name: 1, pass: 1 })
    .lean<Array<Pick<Listed, '_id' | 'name' | 'pass'>>>()
    .exec();
  const byId = new Map(registrations.map((r) => [r._id.toHexString(), r]));
  const scanView = async (scan: CheckInScan) => ({
    scannedAt: scan.scannedAt.toISOString(),
    recordedAt: scan.recordedAt.toISOString(),
    deviceId: scan.deviceId,
    staff: await staffLabel(scan.staffUserId, where),
  });
  return Promise.all(
    conflicts.map(async (conflict) => {
      const registration = byId.get(conflict.registrationId.toHexString());
      return {
        id: conflict._id.toHexString(),
        passNumber: registration?.pass.number ?? '',
        name: registration?.name ?? '',
        station: registration?.pass.station ?? '',
        kept: await scanView(conflict.kept),
        other: await scanView(conflict.other),
        recordedAt: conflict.recordedAt.toISOString(),
      };
    }),
  );
}
