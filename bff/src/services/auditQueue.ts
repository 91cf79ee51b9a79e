import { Types, trusted } from 'mongoose';
import {
  DESK_DEFAULT_STATUS,
  FULL_NATIONAL_ID,
  QUEUE_STATUS_MEMBERS,
  ZRegistrationStatus,
  emptyStatusCounts,
  normalizeNationalId,
  type TAuditDesk,
  type TAuditExportQuery,
  type TAuditQueueQuery,
  type TQueueStatus,
  type TRegistrationStatus,
} from '@contest/shared';
import { officialUnionRoots } from '../auth/policies';
import type { Principal } from '../auth/principal';
import { AuditEventModel, type AuditEventRecord } from '../models/auditEvent';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { InvitationModel } from '../models/invitation';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { RoleGrantModel } from '../models/roleGrant';
import { UnionModel, type UnionWithId } from '../models/union';
import type { PersonalDataCipher } from '../personalData/cipher';
import {
  actingBody,
  auditableCompetitions,
  deskRole,
  findForDesk,
  reaches,
  unionPathFilter,
  unionWithinScope,
  withinScope,
  type DeskScope,
} from './auditScope';
import { findNationalIdHolder, type NationalIdHolder } from './nationalIdHolder';
import { placesUsed, placesUsedIn, quotaSlotOf, quotaUnionOf } from './quotas';
import { loadUnionNames } from './registrations';
import { unionNamesById } from './scopeNames';
import type { UnionNames } from '../presenters/registration';

export const SEARCH_RESULT_LIMIT = 50;

/** A page of a queue, and the key to the next one. */
export interface QueuePage {
  items: RegistrationRecord[];
  nextCursor: string | null;
  /** A full-ID search: who holds the number, when not among `items`. */
  nationalIdInUse: NationalIdHolder | null;
}

type RegistrationFilter = Record<string, unknown>;

function statusFilter(status: TQueueStatus): TRegistrationStatus | ReturnType<typeof trusted> {
  const members = QUEUE_STATUS_MEMBERS[status];
  return members.length === 1 && members[0] ? members[0] : trusted({ $in: [...members] });
}

/** The scope part of every queue query: the competition, and the union chain the desk reaches. */
async function scopeFilter(scope: DeskScope, unionId: string | undefined): Promise<RegistrationFilter> {
  const filter: RegistrationFilter = { competitionId: scope.competition._id };
  if (unionId !== undefined) filter.unionPath = (await unionWithinScope(scope, unionId))._id;
  else if (scope.unionRoots !== 'all') filter.unionPath = unionPathFilter(scope.unionRoots);
  return filter;
}

/** The queue's filters, field order matching the indexes they use (see models/registration.ts). */
export async function queueFilter(
  scope: DeskScope,
  query: Pick<TAuditQueueQuery, 'status' | 'tradeCode' | 'groupCode' | 'unionId'>,
  status: TQueueStatus | 'all',
): Promise<RegistrationFilter> {
  const filter = await scopeFilter(scope, query.unionId);
  if (query.tradeCode !== undefined && query.groupCode !== undefined) {
    filter.tradeCode = query.tradeCode;
    filter.groupCode = query.groupCode;
  }
  filter.status = status === 'all' ? trusted({ $in: [...ZRegistrationStatus.options] }) : statusFilter(status);
  return filter;
}

/** Who searches, and when: a search by a full ID number is written to the audit log. */
export interface Searcher {
  principal: Principal;
  now: Date;
}

/** One page of the queue in a stable order (oldest first), paged by keyset on _id: no skip. */
export async function listQueue(scope: DeskScope, query: TAuditQueueQuery, cipher: PersonalDataCipher, searcher: Searcher): Promise<QueuePage> {
  if (isIdSearch(query.q)) return searchById(scope, normalizeNationalId(query.q), query.unionId, cipher, searcher);
  if (query.q) return { items: await searchByName(scope, query.q, query.unionId), nextCursor: null, nationalIdInUse: null };
  const filter = await queueFilter(scope, query, query.status ?? DESK_DEFAULT_STATUS[scope.desk]);
  if (query.cursor !== undefined) filter._id = trusted({ $gt: new Types.ObjectId(query.cursor) });
  const found = await RegistrationModel.find(filter)
    .sort({ _id: 1 })
    .limit(query.limit + 1)
    .lean<RegistrationRecord[]>()
    .exec();
  const items = found.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > query.limit && last ? last._id.toHexString() : null, nationalIdInUse: null };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a queue search names one person by their full ID number (as people type it: full-width,
 * spaces). Such a search tells whether a guessed number is registered, so it is rate-limited per
 * official and logged like a reveal.
 */
export function isIdSearch(q: string | undefined): q is string {
  return q !== undefined && FULL_NATIONAL_ID.test(normalizeNationalId(q));
}

/**
 * A full ID number (normalised), across every status of the scope, through its keyed hash (nothing
 * is decrypted to search). A number held by a registration not found in the scope (a dispute over
 * whose number it is) is answered with that holder, named only if the desk reaches it. Logged
 * before the answer leaves: who, at which desk, what it matched and whether a holder was
 * reported; never the number, nor its hash.
 */
async function searchById(scope: DeskScope, nationalId: string, unionId: string | undefined, cipher: PersonalDataCipher, searcher: Searcher): Promise<QueuePage> {
  const filter = await scopeFilter(scope, unionId);
  const nationalIdHash = cipher.hash('national-id', nationalId);
  filter.nationalIdHash = nationalIdHash;
  // One person: a handful of registrations at most (the active one and any withdrawn).
  const found = await RegistrationModel.find(filter).limit(SEARCH_RESULT_LIMIT).lean<RegistrationRecord[]>().exec();
  const items = found.sort((a, b) => a._id.toHexString().localeCompare(b._id.toHexString()));
  const nationalIdInUse = items.some((r) => r.active)
    ? null
    : await findNationalIdHolder(scope.competition._id, nationalIdHash, null, (holder) => withinScope(scope, holder));
  await AuditEventModel.create({
    kind: 'id_search',
    competitionId: scope.competition._id,
    actorUserId: searcher.principal.userId,
    actorRole: deskRole(searcher.principal, scope.desk),
    actorBody: await deskBody(scope),
    at: searcher.now,
    detail: {
      desk: scope.desk,
      unionId: unionId ?? null,
      matches: items.length,
      registrationIds: items.map((registration) => registration._id),
      holder: nationalIdInUse && (nationalIdInUse.reach === 'in_scope' ? { reach: 'in_scope', registrationId: nationalIdInUse.registration._id } : { reach: 'outside_scope' }),
    },
  });
  return { items, nextCursor: null, nationalIdInUse };
}

/** The body a desk acts for as a whole: the committee, or the official's unions. */
async function deskBody(scope: DeskScope): Promise<string> {
  if (scope.unionRoots === 'all') return '大赛组委会';
  const names = await unionNamesById(scope.unionRoots);
  return scope.unionRoots.map((id) => names.get(id.toHexString())?.name ?? '').join('、');
}

/** Across every status of the scope, by the beginning of the name. */
async function searchByName(scope: DeskScope, q: string, unionId: string | undefined): Promise<RegistrationRecord[]> {
  const filter = await scopeFilter(scope, unionId);
  // Names in order, so that the first 50 of a common surname are a stable, predictable set.
  filter.name = trusted({ $regex: `^${escapeRegExp(q)}` });
  return RegistrationModel.find(filter).sort({ name: 1 }).limit(SEARCH_RESULT_LIMIT).lean<RegistrationRecord[]>().exec();
}

/**
 * Every registration of the export's filters, in queue order, a batch at a time, with only the
 * `fields` the caller reads: the caller streams each batch out before the next is read, so a large
 * export never sits in memory.
 */
export async function* exportBatches<T extends { _id: Types.ObjectId }>(
  scope: DeskScope,
  query: TAuditExportQuery,
  fields: Record<string, 1>,
  batchSize = 500,
): AsyncGenerator<T[]> {
  const filter = await queueFilter(scope, query, query.status ?? 'all');
  let after: Types.ObjectId | null = null;
  for (;;) {
    const page: RegistrationFilter = after ? { ...filter, _id: trusted({ $gt: after }) } : filter;
    const batch = await RegistrationModel.find(page, fields).sort({ _id: 1 }).limit(batchSize).lean<T[]>().exec();
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1]?._id ?? null;
  }
}

export interface DeskCounts {
  byStatus: Record<TRegistrationStatus, number>;
  byTrade: Map<string, Record<TRegistrationStatus, number>>;
  byUnion: Map<string, Record<TRegistrationStatus, number>>;
}

/**
 * Counts for the dashboard in one aggregation over the scope. By union means, for the official, the
 * unions directly below their own (a registration made at their own union counts under it); for the
 * committee, the participating union each registration counts against.
 */
export async function countDesk(scope: DeskScope): Promise<DeskCounts> {
  const match = await scopeFilter(scope, undefined);
  const groups = await RegistrationModel.aggregate<{ _id: { status: TRegistrationStatus; trade: string; group: string; path: Types.ObjectId[] }; n: number }>([
    { $match: match },
    { $group: { _id: { status: '$status', trade: '$tradeCode', group: '$groupCode', path: '$unionPath' }, n: { $sum: 1 } } },
  ]).exec();
  const counts: DeskCounts = { byStatus: emptyStatusCounts(), byTrade: new Map(), byUnion: new Map() };
  const add = (map: Map<string, Record<TRegistrationStatus, number>>, key: string, status: TRegistrationStatus, n: number) => {
    const row = map.get(key) ?? emptyStatusCounts();
    row[status] += n;
    map.set(key, row);
  };
  for (const { _id, n } of groups) {
    counts.byStatus[_id.status] += n;
    add(counts.byTrade, `${_id.trade}|${_id.group}`, _id.status, n);
    const unionId = unionGroupOf(scope, _id.path);
    if (unionId) add(counts.byUnion, unionId.toHexString(), _id.status, n);
  }
  return counts;
}

function unionGroupOf(scope: DeskScope, path: Types.ObjectId[]): Types.ObjectId | null {
  if (scope.unionRoots === 'all') return quotaUnionOf(scope.competition, { unionPath: path });
  const rootIndex = path.findIndex((id) => (scope.unionRoots as Types.ObjectId[]).some((root) => root.equals(id)));
  if (rootIndex < 0) return null;
  return path[rootIndex + 1] ?? path[rootIndex] ?? null;
}

/** How many registrations wait for this desk, per competition, for the audit home. */
export async function auditHome(principal: Principal, desk: TAuditDesk): Promise<Array<{ competition: CompetitionSetupRecord; waiting: number }>> {
  const competitions = await auditableCompetitions(principal, desk);
  return Promise.all(
    competitions.map(async (competition) => {
      const filter: RegistrationFilter = { competitionId: competition._id };
      if (desk === 'union') filter.unionPath = unionPathFilter(officialUnionRoots(principal, competition._id));
      filter.status = DESK_DEFAULT_STATUS[desk];
      return { competition, waiting: await RegistrationModel.countDocuments(filter).exec() };
    }),
  );
}

export async function revealEvents(registrationId: Types.ObjectId): Promise<AuditEventRecord[]> {
  return AuditEventModel.find({ registrationId }).sort({ at: 1 }).limit(200).lean<AuditEventRecord[]>().exec();
}

/** The full ID number and phone, shown on purpose and written to the audit log first. */
export async function revealPersonalData(
  cipher: PersonalDataCipher,
  principal: Principal,
  desk: TAuditDesk,
  id: string,
  now: Date,
): Promise<{ nationalId: string; mobile: string }> {
  const registration = await findForDesk(principal, desk, id);
  await AuditEventModel.create({
    kind: 'reveal',
    competitionId: registration.competitionId,
    registrationId: registration._id,
    actorUserId: principal.userId,
    actorRole: deskRole(principal, desk),
    actorBody: await actingBody(principal, desk, registration),
    at: now,
  });
  return {
    nationalId: registration.nationalIdSealed ? cipher.decrypt(registration.nationalIdSealed) : '',
    mobile: registration.mobileSealed ? cipher.decrypt(registration.mobileSealed) : '',
  };
}

export interface QuotaLine {
  quota: { unionId: Types.ObjectId; tradeCode: string; groupCode: 'worker' | 'student'; places: number | null };
  unionName: string;
  used: number;
}

/**
 * The quotas a desk sees: for the official, those of the participating unions on their chain or
 * below their unions (a grassroots official sees their district's places); for the committee, all.
 */
async function quotasInScope(scope: DeskScope): Promise<QuotaLine[]> {
  const quotas = scope.competition.quotas ?? [];
  if (quotas.length === 0) return [];
  const quotaUnionIds = [...new Map(quotas.map((q) => [q.unionId.toHexString(), q.unionId])).values()];
  const unions = await UnionModel.find({ _id: trusted({ $in: quotaUnionIds }) }, { name: 1, ancestorIds: 1 }).lean<UnionWithId[]>().exec();
  const byId = new Map(unions.map((u) => [u._id.toHexString(), u]));
  let visible = (_union: UnionWithId) => true;
  if (scope.unionRoots !== 'all') {
    const roots = scope.unionRoots;
    const rootChains = await UnionModel.find({ _id: trusted({ $in: roots }) }, { ancestorIds: 1 }).lean<UnionWithId[]>().exec();
    const above = new Set(rootChains.flatMap((r) => [...r.ancestorIds, r._id].map((id) => id.toHexString())));
    visible = (union) => above.has(union._id.toHexString()) || union.ancestorIds.some((id) => roots.some((root) => root.equals(id)));
  }
  const used = await placesUsed(scope.competition._id);
  return quotas.flatMap((quota) => {
    const union = byId.get(quota.unionId.toHexString());
    if (!union || !visible(union)) return [];
    return [{ quota, unionName: union.name, used: used.get(`${quota.unionId.toHexString()}|${quota.tradeCode}|${quota.groupCode}`) ?? 0 }];
  });
}

export interface DeskSummary {
  counts: DeskCounts;
  scopeNames: string[];
  unionNames: Map<string, string>;
  quotas: QuotaLine[];
}

/** Everything the audit home's dashboard shows for one competition. */
export async function summarizeDesk(scope: DeskScope): Promise<DeskSummary> {
  const counts = await countDesk(scope);
  const roots = scope.unionRoots === 'all' ? [] : scope.unionRoots;
  const unions = await unionNamesById([...roots, ...[...counts.byUnion.keys()].map((id) => new Types.ObjectId(id))]);
  const unionNames = new Map([...unions].map(([id, union]) => [id, union.name]));
  return {
    counts,
    scopeNames: scope.unionRoots === 'all' ? ['大赛组委会'] : roots.map((id) => unionNames.get(id.toHexString()) ?? ''),
    unionNames,
    quotas: await quotasInScope(scope),
  };
}

export interface AuditDetail {
  registration: RegistrationRecord;
  competition: CompetitionSetupRecord;
  events: AuditEventRecord[];
  /** Officials named in the trail: the note their invitation carried (e.g. 王科长), else their account's tail. */
  people: Map<string, string>;
  quota: QuotaLine | null;
  unions: UnionNames;
  /** For a registration that no longer holds its number: the one that does now. */
  nationalIdInUse: NationalIdHolder | null;
}

async function describePeople(userIds: readonly Types.ObjectId[]): Promise<Map<string, string>> {
  const unique = [...new Map(userIds.map((id) => [id.toHexString(), id])).values()];
  if (unique.length === 0) return new Map();
  const grants = await RoleGrantModel.find({ userId: trusted({ $in: unique }), invitationId: trusted({ $ne: null }) }, { userId: 1, invitationId: 1 })
    .lean()
    .exec();
  const invitations = grants.length
    ? await InvitationModel.find({ _id: trusted({ $in: grants.map((g) => g.invitationId) }) }, { note: 1 }).lean().exec()
    : [];
  const noteOf = new Map(invitations.map((i) => [i._id.toHexString(), i.note]));
  const notes = new Map<string, string>();
  for (const grant of grants) {
    const note = grant.invitationId ? noteOf.get(grant.invitationId.toHexString()) : undefined;
    if (note && !notes.has(grant.userId.toHexString())) notes.set(grant.userId.toHexString(), note);
  }
  return new Map(unique.map((id) => [id.toHexString(), notes.get(id.toHexString()) ?? `账号尾号${id.toHexString().slice(-6)}`]));
}

/**
 * A registration with its trail, its quota and, when it no longer holds its ID number, the
 * registration that does (for settling whose number it is), for the desk's detail page. After a
 * decision the caller passes the competition it already holds.
 */
export async function auditDetail(principal: Principal, desk: TAuditDesk, registration: RegistrationRecord, known?: CompetitionSetupRecord): Promise<AuditDetail> {
  const competition = known ?? (await CompetitionModel.findById(registration.competitionId).lean<CompetitionSetupRecord>().orFail().exec());
  const events = await revealEvents(registration._id);
  const actors = [...registration.timeline.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])), ...events.map((e) => e.actorUserId)];
  // The chain's names include the quota's union: it is the nearest participating union in the chain.
  const unions = await loadUnionNames([registration]);
  const slot = quotaSlotOf(competition, registration);
  const quota: QuotaLine | null = slot
    ? {
        quota: { unionId: slot.key.unionId, tradeCode: registration.tradeCode, groupCode: registration.groupCode, places: slot.places },
        unionName: unions.get(slot.key.unionId.toHexString())?.name ?? '',
        used: await placesUsedIn(slot),
      }
    : null;
  // An active registration is the number's one holder itself (the unique index): nothing to look up.
  const nationalIdInUse =
    registration.active || !registration.nationalIdHash
      ? null
      : await findNationalIdHolder(registration.competitionId, registration.nationalIdHash, registration._id, (holder) => reaches(principal, desk, holder));
  return { registration, competition, events, people: await describePeople(actors), quota, unions, nationalIdInUse };
}

export async function getAuditDetail(principal: Principal, desk: TAuditDesk, id: string): Promise<AuditDetail> {
  return auditDetail(principal, desk, await findForDesk(principal, desk, id));
}
