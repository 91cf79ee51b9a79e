import { randomBytes } from 'node:crypto';
import { Types, trusted } from 'mongoose';
import { AppError, COMPETITION_GROUPS, ZCompetitionId, auditPathOf, registrationClosingInstant, type TCompetitionSetup, type TFieldError } from '@contest/shared';
import { canCreateCompetition, managedCompetitions } from '../auth/policies';
import type { Principal } from '../auth/principal';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { RegistrationModel } from '../models/registration';
import { forgetCompetition } from './competitions';
import { UnionModel } from '../models/union';
import { VenueSessionModel } from '../models/venueSession';
import { isDuplicateKey } from '../models/duplicateKey';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

/** Registrations in these states hold on to nothing: their trade, union or venue may go. */
export const INACTIVE_REGISTRATION_STATUSES = ['withdrawn'] as const;

const CHANGED_UNDER_YOU = '赛事设置已被他人修改，请刷新后重试';

function scopeFilter(principal: Principal): Record<string, unknown> {
  const scope = managedCompetitions(principal);
  if (scope === 'all') return {};
  return { _id: trusted({ $in: [...scope].filter((id) => ZCompetitionId.safeParse(id).success).map((id) => new Types.ObjectId(id)) }) };
}

/** The competitions the principal manages, latest registration first. */
export async function listManagedCompetitions(principal: Principal): Promise<CompetitionSetupRecord[]> {
  return CompetitionModel.find(scopeFilter(principal))
    .sort({ registrationOpensAt: -1, _id: -1 })
    .limit(200)
    .lean<CompetitionSetupRecord[]>()
    .exec();
}

/** One managed competition; unknown, malformed and unmanaged ids alike are 404. */
export async function getManagedCompetition(principal: Principal, id: string): Promise<CompetitionSetupRecord> {
  if (!ZCompetitionId.safeParse(id).success) throw new AppError('COMPETITION_NOT_FOUND');
  const competition = await CompetitionModel.findOne({ $and: [{ _id: new Types.ObjectId(id) }, scopeFilter(principal)] })
    .lean<CompetitionSetupRecord>()
    .exec();
  if (!competition) throw new AppError('COMPETITION_NOT_FOUND');
  return competition;
}

/** The set-up as stored: dates as dates, ids as ObjectIds. */
function storedSetup(setup: TCompetitionSetup) {
  return {
    name: setup.name,
    organiser: setup.organiser,
    description: setup.description,
    publication: setup.publication,
    registrationOpensAt: new Date(setup.registrationOpensAt),
    registrationClosesAt: registrationClosingInstant(new Date(setup.registrationClosesAt)),
    groups: setup.groups,
    trades: setup.trades,
    participatingUnionIds: setup.participatingUnionIds.map((id) => new Types.ObjectId(id)),
    quotas: setup.quotas.map((quota) => ({ ...quota, unionId: new Types.ObjectId(quota.unionId) })),
    eligibility: {
      ...setup.eligibility,
      referenceDate: setup.eligibility.referenceDate ? new Date(setup.eligibility.referenceDate) : null,
    },
    venues: setup.venues,
    // A set-up sent without its results block keeps the stored one (clients that predate it).
    ...(setup.results ? { results: setup.results } : {}),
    // Likewise the audit levels, and the groups' paths with their host units.
    ...(setup.auditLevels !== undefined ? { auditLevels: setup.auditLevels } : {}),
    ...(setup.groupPaths !== undefined ? { groupPaths: setup.groupPaths } : {}),
    ...(setup.hostUnits !== undefined ? { hostUnits: setup.hostUnits.map((host) => ({ ...host, unionId: new Types.ObjectId(host.unionId) })) } : {}),
  };
}

/** Participating unions (and so the quotas' unions) must be in the directory. */
async function assertUnionsExist(setup: TCompetitionSetup, pathPrefix: string): Promise<void> {
  const ids = [...new Set(setup.participatingUnionIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return;
  const found = await UnionModel.find({ _id: trusted({ $in: ids.map((id) => new Types.ObjectId(id)) }) }, { _id: 1 }).lean().exec();
  const known = new Set(found.map((u) => u._id.toHexString()));
  const fields: TFieldError[] = [];
  setup.participatingUnionIds.forEach((id, i) => {
    if (!known.has(id.toLowerCase())) fields.push({ path: `${pathPrefix}participatingUnionIds.${i}`, message: '工会不存在' });
  });
  setup.quotas.forEach((quota, i) => {
    if (!known.has(quota.unionId.toLowerCase())) fields.push({ path: `${pathPrefix}quotas.${i}.unionId`, message: '工会不存在' });
  });
  if (fields.length) throw new AppError('VALIDATION_FAILED', '参赛工会不存在，请检查后重试', fields);
  await assertSecondLevelExists(setup, pathPrefix);
  await assertHostUnitsExist(setup, pathPrefix);
}

/** Host units (承办单位) must be in the directory: their officials audit. */
async function assertHostUnitsExist(setup: TCompetitionSetup, pathPrefix: string): Promise<void> {
  const hosts = setup.hostUnits ?? [];
  if (hosts.length === 0) return;
  const ids = [...new Set(hosts.map((host) => host.unionId.toLowerCase()))].map((id) => new Types.ObjectId(id));
  const known = new Set((await UnionModel.find({ _id: trusted({ $in: ids }) }, { _id: 1 }).lean().exec()).map((u) => u._id.toHexString()));
  const fields: TFieldError[] = [];
  hosts.forEach((host, i) => {
    if (!known.has(host.unionId.toLowerCase())) fields.push({ path: `${pathPrefix}hostUnits.${i}.unionId`, message: '承办单位不在名录中' });
  });
  if (fields.length) throw new AppError('VALIDATION_FAILED', '承办单位不在名录中，请检查后重试', fields);
}

/** Two levels need a second level: some union below a participating union (a 基层工会 with its parent in scope). */
async function assertSecondLevelExists(setup: TCompetitionSetup, pathPrefix: string): Promise<void> {
  if (setup.auditLevels !== 2) return;
  const participating = setup.participatingUnionIds.map((id) => new Types.ObjectId(id));
  if (await UnionModel.exists({ ancestorIds: trusted({ $in: participating }) }).exec()) return;
  const message = '参赛工会下没有基层工会，不能设置两级审核';
  throw new AppError('VALIDATION_FAILED', message, [{ path: `${pathPrefix}auditLevels`, message }]);
}

function newSlug(setup: TCompetitionSetup): string {
  return `${new Date(setup.registrationOpensAt).getUTCFullYear()}-${randomBytes(4).toString('hex')}`;
}

/** A new competition (unscoped committee and admins only), at version 0. */
export async function createCompetition(principal: Principal, setup: TCompetitionSetup): Promise<CompetitionSetupRecord> {
  if (!canCreateCompetition(principal)) throw new AppError('FORBIDDEN', '只有不限赛事的组委会成员或管理员可以创建赛事');
  await assertUnionsExist(setup, '');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const created = await CompetitionModel.create({ ...storedSetup(setup), slug: newSlug(setup), version: 0 });
      return created.toObject<CompetitionSetupRecord>();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  throw new Error('could not draw a free competition slug');
}

function activeRegistrations(competitionId: Types.ObjectId, match: Record<string, unknown>) {
  return RegistrationModel.countDocuments({ competitionId, ...match, status: trusted({ $nin: [...INACTIVE_REGISTRATION_STATUSES] }) }).exec();
}

/**
 * Why the new set-up would strand existing registrations: a trade, a group (of the competition
 * or of one trade), a participating union or a venue they use would be gone. One field error
 * per refusal, naming what and how many.
 */
async function strandedRegistrations(current: CompetitionSetupRecord, next: TCompetitionSetup): Promise<TFieldError[]> {
  const refusals: TFieldError[] = [];
  const id = current._id;
  const nextTrades = new Map(next.trades.map((t) => [t.code, t]));
  for (const trade of current.trades) {
    const kept = nextTrades.get(trade.code);
    if (!kept) {
      const n = await activeRegistrations(id, { tradeCode: trade.code });
      if (n > 0) refusals.push({ path: 'setup.trades', message: `工种“${trade.name}”已有 ${n} 条报名，不能删除` });
      continue;
    }
    for (const group of trade.groups) {
      if (kept.groups.includes(group)) continue;
      const n = await activeRegistrations(id, { tradeCode: trade.code, groupCode: group });
      if (n > 0) refusals.push({ path: 'setup.trades', message: `工种“${trade.name}”的${COMPETITION_GROUPS[group]}已有 ${n} 条报名，不能取消` });
    }
  }
  const nextGroups = new Set(next.groups.map((g) => g.code));
  for (const group of current.groups) {
    if (nextGroups.has(group.code)) continue;
    const n = await activeRegistrations(id, { groupCode: group.code });
    if (n > 0) refusals.push({ path: 'setup.groups', message: `组别“${group.name}”已有 ${n} 条报名，不能删除` });
  }
  const nextVenues = new Set(next.venues.map((v) => v.code));
  for (const venue of current.venues ?? []) {
    if (nextVenues.has(venue.code)) continue;
    const n = await activeRegistrations(id, { venue: venue.code });
    if (n > 0) refusals.push({ path: 'setup.venues', message: `赛场“${venue.name}”已有 ${n} 条报名，不能删除` });
    else if (await VenueSessionModel.exists({ competitionId: id, venueCode: venue.code })) {
      refusals.push({ path: 'setup.venues', message: `赛场“${venue.name}”已设置场次，不能删除` });
    }
  }
  refusals.push(...(await strandedByUnions(current, next)));
  // Registrations waiting for a union were routed by the levels they were submitted under.
  if (next.auditLevels !== undefined && next.auditLevels !== (current.auditLevels === 2 ? 2 : 1)) {
    const n = await RegistrationModel.countDocuments({ competitionId: id, status: 'submitted' }).exec();
    if (n > 0) refusals.push({ path: 'setup.auditLevels', message: `有 ${n} 条报名正在工会审核，不能修改工会审核层级` });
  }
  refusals.push(...(await strandedBySchoolPath(current, next)));
  return refusals;
}

/** Registrations being audited were routed by their group's path and host unit when submitted: neither changes under them. */
async function strandedBySchoolPath(current: CompetitionSetupRecord, next: TCompetitionSetup): Promise<TFieldError[]> {
  const refusals: TFieldError[] = [];
  for (const group of current.groups) {
    const was = auditPathOf(current.groupPaths, group.code);
    const pathChanges = next.groupPaths !== undefined && auditPathOf(next.groupPaths, group.code) !== was;
    const hostOf = (hosts: readonly { tradeCode: string; groupCode: string; unionId: { toString(): string } }[] | undefined, tradeCode: string) =>
      hosts?.find((h) => h.tradeCode === tradeCode && h.groupCode === group.code)?.unionId.toString().toLowerCase() ?? null;
    const hostChanged = (tradeCode: string) => next.hostUnits !== undefined && hostOf(next.hostUnits, tradeCode) !== hostOf(current.hostUnits, tradeCode);
    const trades = current.trades.filter((trade) => trade.groups.includes(group.code) && (pathChanges || (was === 'school_host' && hostChanged(trade.code))));
    if (trades.length === 0) continue;
    const filter = { competitionId: current._id, groupCode: group.code, status: 'submitted' as const, tradeCode: trusted({ $in: trades.map((t) => t.code) }) };
    const n = await RegistrationModel.countDocuments(filter).exec();
    if (n > 0) refusals.push({ path: pathChanges ? 'setup.groupPaths' : 'setup.hostUnits', message: `${group.name}有 ${n} 条报名正在审核，不能修改其审核路径或承办单位` });
  }
  return refusals;
}

/**
 * Workers register with the code of their own union, which may sit below a participating one.
 * A registration is stranded when no union that still takes part is its union or above it.
 */
async function strandedByUnions(current: CompetitionSetupRecord, next: TCompetitionSetup): Promise<TFieldError[]> {
  const remaining = new Set(next.participatingUnionIds.map((id) => id.toLowerCase()));
  const removed = (current.participatingUnionIds ?? []).filter((id) => !remaining.has(id.toHexString()));
  if (removed.length === 0) return [];
  const perUnion = await RegistrationModel.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { competitionId: current._id, status: { $nin: [...INACTIVE_REGISTRATION_STATUSES] } } },
    { $group: { _id: '$unionId', n: { $sum: 1 } } },
  ]).exec();
  if (perUnion.length === 0) return [];
  const unions = await UnionModel.find({ _id: trusted({ $in: [...perUnion.map((u) => u._id), ...removed] }) }, { name: 1, ancestorIds: 1 })
    .lean<{ _id: Types.ObjectId; name: string; ancestorIds: Types.ObjectId[] }[]>()
    .exec();
  const byId = new Map(unions.map((u) => [u._id.toHexString(), u]));
  const strandedCount = new Map<string, number>();
  for (const { _id: unionId, n } of perUnion) {
    const chain = [unionId, ...(byId.get(unionId.toHexString())?.ancestorIds ?? [])].map((x) => x.toHexString());
    if (chain.some((x) => remaining.has(x))) continue;
    const lostThrough = removed.find((r) => chain.includes(r.toHexString()));
    if (lostThrough) strandedCount.set(lostThrough.toHexString(), (strandedCount.get(lostThrough.toHexString()) ?? 0) + n);
  }
  return [...strandedCount].map(([unionId, n]) => ({
    path: 'setup.participatingUnionIds',
    message: `工会“${byId.get(unionId)?.name ?? unionId}”（含下级工会）已有 ${n} 条报名，不能移出参赛工会`,
  }));
}

/**
 * Replaces the set-up of a managed competition, if nobody changed it since `version`, and
 * unless that would strand existing registrations. The write is conditional on the version,
 * so two editors cannot overwrite each other even when their checks interleave.
 */
export async function updateCompetitionSetup(
  principal: Principal,
  id: string,
  input: { version: number; setup: TCompetitionSetup },
): Promise<CompetitionSetupRecord> {
  const current = await getManagedCompetition(principal, id);
  if ((current.version ?? 0) !== input.version) throw new AppError('CONFLICT', CHANGED_UNDER_YOU);
  await assertUnionsExist(input.setup, 'setup.');
  const refusals = await strandedRegistrations(current, input.setup);
  if (refusals.length) {
    throw new AppError('COMPETITION_CHANGE_REFUSED', refusals.map((r) => r.message).join('；'), refusals);
  }
  const versionFilter = input.version === 0 ? trusted({ $in: [0, null] }) : input.version;
  const updated = await CompetitionModel.findOneAndUpdate(
    { _id: current._id, version: versionFilter },
    { $set: storedSetup(input.setup), $inc: { version: 1 } },
    { returnDocument: 'after', runValidators: true },
  )
    .lean<CompetitionSetupRecord>()
    .exec();
  if (!updated) throw new AppError('CONFLICT', CHANGED_UNDER_YOU);
  forgetCompetition(updated._id);
  return updated;
}
