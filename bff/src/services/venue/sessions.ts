import { Types, trusted } from 'mongoose';
import {
  AppError,
  sessionInstant,
  type TFieldError,
  type TSessionHost,
  type TVenueSession,
  type ZVenueSessionUpdateInput,
} from '@contest/shared';
import type { z } from 'zod';
import type { Principal } from '../../auth/principal';
import type { Logger } from '../../logger';
import type { CompetitionSetupRecord } from '../../models/competition';
import { isDuplicateKey } from '../../models/duplicateKey';
import { RegistrationModel } from '../../models/registration';
import { VenueSessionModel, type VenueSessionRecord } from '../../models/venueSession';
import { getManagedCompetition } from '../competitionSetup';
import { isNewsToPasses, tellPlacedWorkers } from './sessionNotices';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

type SessionFields = z.output<typeof ZVenueSessionUpdateInput>['session'];

/** Live (not revoked) passes of a session: what its changes must not strand. */
export function livePassesFilter(sessionId: Types.ObjectId) {
  return { 'pass.sessionId': sessionId, 'pass.revokedAt': null };
}

/** Live passes per session. */
export async function placedCounts(sessions: readonly VenueSessionRecord[]): Promise<Map<string, number>> {
  const counts = await Promise.all(sessions.map((s) => RegistrationModel.countDocuments(livePassesFilter(s._id)).exec()));
  return new Map(sessions.map((s, i) => [s._id.toHexString(), counts[i] ?? 0]));
}

/** The venue and the trades × groups must be the competition's. */
function checkAgainstSetup(competition: CompetitionSetupRecord, fields: SessionFields, prefix: string): void {
  const errors: TFieldError[] = [];
  if (!(competition.venues ?? []).some((v) => v.code === fields.venueCode)) {
    errors.push({ path: `${prefix}venueCode`, message: '赛场不存在，请先在赛事设置中添加赛场' });
  }
  fields.hosts.forEach((host, i) => {
    const trade = competition.trades.find((t) => t.code === host.tradeCode);
    if (!trade) errors.push({ path: `${prefix}hosts.${i}.tradeCode`, message: '工种不存在' });
    else if (!trade.groups.includes(host.groupCode)) errors.push({ path: `${prefix}hosts.${i}.groupCode`, message: '该工种不设此组别' });
  });
  if (errors.length) throw new AppError('VALIDATION_FAILED', '场次设置有误，请按提示修改', errors);
}

function storedFields(fields: SessionFields) {
  return {
    venueCode: fields.venueCode,
    name: fields.name,
    date: fields.date,
    startTime: fields.startTime,
    endTime: fields.endTime,
    startsAt: sessionInstant(fields.date, fields.startTime),
    endsAt: sessionInstant(fields.date, fields.endTime),
    capacity: fields.capacity,
    stationPrefix: fields.stationPrefix,
    hosts: fields.hosts,
    instructions: fields.instructions,
  };
}

/** The sessions of a competition the caller manages, in time order, with the live passes placed in each. */
export async function listSessions(principal: Principal, competitionId: string) {
  const competition = await getManagedCompetition(principal, competitionId);
  const sessions = await VenueSessionModel.find({ competitionId: competition._id })
    .sort({ startsAt: 1, code: 1 })
    .lean<VenueSessionRecord[]>()
    .exec();
  return { competition, sessions, placed: await placedCounts(sessions) };
}

export async function createSession(principal: Principal, competitionId: string, input: TVenueSession) {
  const competition = await getManagedCompetition(principal, competitionId);
  checkAgainstSetup(competition, input, '');
  try {
    const created = await VenueSessionModel.create({ competitionId: competition._id, code: input.code, ...storedFields(input), version: 0 });
    return { competition, session: created.toObject<VenueSessionRecord>() };
  } catch (error) {
    if (isDuplicateKey(error, 'code')) throw new AppError('SESSION_CODE_TAKEN', undefined, [{ path: 'code', message: '场次代码已被使用' }]);
    throw error;
  }
}

const hostKey = (host: TSessionHost) => `${host.tradeCode}|${host.groupCode}`;

/**
 * What a change would do to the passes already issued for the session: their venue, station names
 * and trades are printed and signed, so those may not change under them, and the stations in use
 * must stay within the capacity. The time may change (the token does not carry it).
 */
async function strandedPasses(session: VenueSessionRecord, next: SessionFields, competition: CompetitionSetupRecord): Promise<TFieldError[]> {
  const live = await RegistrationModel.find(livePassesFilter(session._id), { tradeCode: 1, groupCode: 1, 'pass.stationNumber': 1 })
    .lean<Array<{ tradeCode: string; groupCode: 'worker' | 'student'; pass: { stationNumber: number } }>>()
    .exec();
  if (live.length === 0) return [];
  const refusals: TFieldError[] = [];
  if (next.venueCode !== session.venueCode) refusals.push({ path: 'session.venueCode', message: `已有 ${live.length} 张准考证，不能更换赛场` });
  if (next.stationPrefix !== session.stationPrefix) refusals.push({ path: 'session.stationPrefix', message: `已有 ${live.length} 张准考证，不能更改考位前缀` });
  const highest = Math.max(...live.map((r) => r.pass.stationNumber));
  if (next.capacity < highest) refusals.push({ path: 'session.capacity', message: `已安排到第 ${highest} 号考位，考位数不能少于 ${highest}` });
  const hosted = new Set(next.hosts.map(hostKey));
  for (const key of new Set(live.map(hostKey))) {
    if (hosted.has(key)) continue;
    const [tradeCode, groupCode] = key.split('|') as [string, 'worker' | 'student'];
    const n = live.filter((r) => hostKey(r) === key).length;
    const trade = competition.trades.find((t) => t.code === tradeCode)?.name ?? tradeCode;
    const group = competition.groups.find((g) => g.code === groupCode)?.name ?? groupCode;
    refusals.push({ path: 'session.hosts', message: `${trade}${group}已有 ${n} 人安排在本场次，不能取消` });
  }
  return refusals;
}

/**
 * Replaces a session's settings (not its code), provided nobody changed it since `version` was read.
 * A change of what its passes say (day, time, name, instructions) is news to their workers: the
 * update records it, and `tellPlacedWorkers` tells them.
 */
export async function updateSession(
  principal: Principal,
  competitionId: string,
  code: string,
  input: z.output<typeof ZVenueSessionUpdateInput>,
  deps: { now: Date; log: Pick<Logger, 'error'> },
) {
  const competition = await getManagedCompetition(principal, competitionId);
  const current = await VenueSessionModel.findOne({ competitionId: competition._id, code }).lean<VenueSessionRecord>().exec();
  if (!current) throw new AppError('SESSION_NOT_FOUND');
  checkAgainstSetup(competition, input.session, 'session.');
  if (current.version !== input.version) throw new AppError('CONFLICT', '场次已被他人修改，请刷新后重试');
  const refusals = await strandedPasses(current, input.session, competition);
  if (refusals.length) throw new AppError('SESSION_CHANGE_REFUSED', undefined, refusals);
  const updated = await VenueSessionModel.findOneAndUpdate(
    { _id: current._id, version: input.version },
    {
      $set: { ...storedFields(input.session), ...(isNewsToPasses(current, input.session) ? { passNewsVersion: input.version + 1, passNoticesDue: true } : {}) },
      $inc: { version: 1 },
    },
    { returnDocument: 'after' },
  )
    .lean<VenueSessionRecord>()
    .exec();
  if (!updated) throw new AppError('CONFLICT', '场次已被他人修改，请刷新后重试');
  if (updated.passNoticesDue) await tellPlacedWorkers(updated, deps.now, deps.log);
  return { competition, session: updated };
}

/** The sessions hosting a trade × group, in the order they fill: by start, then code. */
export async function hostingSessions(competitionId: Types.ObjectId, host: TSessionHost): Promise<VenueSessionRecord[]> {
  return VenueSessionModel.find({ competitionId, hosts: trusted({ $elemMatch: { tradeCode: host.tradeCode, groupCode: host.groupCode } }) })
    .sort({ startsAt: 1, code: 1 })
    .lean<VenueSessionRecord[]>()
    .exec();
}

/** A session of the competition by its code. */
export async function sessionByCode(competitionId: Types.ObjectId, code: string): Promise<VenueSessionRecord> {
  const session = await VenueSessionModel.findOne({ competitionId, code }).lean<VenueSessionRecord>().exec();
  if (!session) throw new AppError('SESSION_NOT_FOUND');
  return session;
}
