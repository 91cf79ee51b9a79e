import { Types, trusted } from 'mongoose';
import {
  DESK_DEFAULT_STATUS,
  FULL_NATIONAL_ID,
  QUEUE_STATUS_MEMBERS,
  ZRegistrationStatus,
  normalizeNationalId,
  type TAuditExportQuery,
  type TAuditQueueQuery,
  type TQueueStatus,
  type TRegistrationStatus,
} from '@contest/shared';
import type { Principal } from '../auth/principal';
import { AuditEventModel } from '../models/auditEvent';
import type { CompetitionSetupRecord } from '../models/competition';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import type { PersonalDataCipher } from '../personalData/cipher';
import { deskRole, unionPathFilter, unionWithinScope, withinScope, type DeskScope } from './auditScope';
import { auditsByLevel, hasSchoolPath, levelPosition } from './auditLevels';
import { findNationalIdHolder, type NationalIdHolder } from './nationalIdHolder';
import { unionNamesById } from './scopeNames';
import { escapeRegExp } from '../models/textMatch';

export const SEARCH_RESULT_LIMIT = 50;

/**
 * What a queue row shows (presenters/audit.ts presentAuditListItem) and what places it (its union
 * chain, host unit and level, for the union names and the level): a page reads nothing else, so
 * neither the store nor the driver moves the sealed fields, the pass, the outbox or the timeline
 * (read only for the rows that show the level below's approval: withEarlierLevels).
 */
const QUEUE_ROW_FIELDS = {
  name: 1,
  sex: 1,
  age: 1,
  nationalIdMasked: 1,
  employer: 1,
  unionId: 1,
  unionPath: 1,
  hostUnitId: 1,
  tradeCode: 1,
  groupCode: 1,
  skillLevel: 1,
  status: 1,
  version: 1,
  submittedAt: 1,
  createdAt: 1,
  awaitingUnionId: 1,
  active: 1,
} as const satisfies Partial<Record<keyof RegistrationRecord, 1>>;

/** A registration as a queue reads it; its timeline only when it waits past its first level. */
export type QueueRow = Pick<RegistrationRecord, '_id' | keyof typeof QUEUE_ROW_FIELDS> & Partial<Pick<RegistrationRecord, 'timeline'>>;

/** A page of a queue, and the key to the next one. */
export interface QueuePage {
  items: QueueRow[];
  nextCursor: string | null;
  /** A full-ID search: who holds the number, when not among `items`. */
  nationalIdInUse: NationalIdHolder | null;
}

export type RegistrationFilter = Record<string, unknown>;

function statusFilter(status: TQueueStatus): TRegistrationStatus | ReturnType<typeof trusted> {
  const members = QUEUE_STATUS_MEMBERS[status];
  return members.length === 1 && members[0] ? members[0] : trusted({ $in: [...members] });
}

/** The scope part of every queue query: the competition, and the union chain the desk reaches. */
export async function scopeFilter(scope: DeskScope, unionId: string | undefined): Promise<RegistrationFilter> {
  const filter: RegistrationFilter = { competitionId: scope.competition._id };
  if (unionId !== undefined) filter.unionPath = (await unionWithinScope(scope, unionId))._id;
  else if (scope.unionRoots !== 'all' && hasSchoolPath(scope.competition)) {
    // A host unit (承办单位) reaches its trades' school-path registrations, outside its union chain.
    const roots = unionPathFilter(scope.unionRoots);
    filter.$or = [{ unionPath: roots }, { hostUnitId: roots }];
  } else if (scope.unionRoots !== 'all') filter.unionPath = unionPathFilter(scope.unionRoots);
  return filter;
}

/**
 * A two-level audit's 待工会审核 tab at the union desk lists what waits for the official's own
 * union (its level), not everything submitted below it. With a union picked, the tab shows that
 * union's submitted registrations at every level (the list says which level each is at).
 */
function awaitsTheOfficial(scope: DeskScope, status: TQueueStatus | 'all', unionId: string | undefined): scope is DeskScope & { unionRoots: Types.ObjectId[] } {
  return scope.unionRoots !== 'all' && auditsByLevel(scope.competition) && status === 'submitted' && unionId === undefined;
}

/**
 * What waits for the official's unions (awaitingUnionId is always within the chain or the host unit,
 * so within the scope). Beside a school path with one union level, the union path's registrations
 * (no level recorded) wait for any union of their chain, as in a one-level audit.
 */
export function awaitingFilter(scope: DeskScope & { unionRoots: Types.ObjectId[] }): RegistrationFilter {
  const roots = unionPathFilter(scope.unionRoots);
  if (scope.competition.auditLevels === 2) return { competitionId: scope.competition._id, awaitingUnionId: roots };
  return { competitionId: scope.competition._id, $or: [{ awaitingUnionId: roots }, { unionPath: roots, awaitingUnionId: null }] };
}

/** The queue's filters, field order matching the indexes they use (see models/registration.ts). */
export async function queueFilter(
  scope: DeskScope,
  query: Pick<TAuditQueueQuery, 'status' | 'tradeCode' | 'groupCode' | 'unionId'>,
  status: TQueueStatus | 'all',
): Promise<RegistrationFilter> {
  const filter = awaitsTheOfficial(scope, status, query.unionId) ? awaitingFilter(scope) : await scopeFilter(scope, query.unionId);
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
  const page = await readQueuePage(scope, query, cipher, searcher);
  return { ...page, items: await withEarlierLevels(scope.competition, page.items) };
}

/**
 * The rows waiting past their first level (a two-level audit's second, the school path's host
 * unit) show the level below's approval, from their timeline: read for those rows alone, in one
 * query, so that a page of rows at their first level (nearly every page) reads no timeline.
 */
async function withEarlierLevels(competition: CompetitionSetupRecord, rows: QueueRow[]): Promise<QueueRow[]> {
  const past = rows.filter((row) => (levelPosition(competition, row)?.level ?? 1) > 1).map((row) => row._id);
  if (past.length === 0) return rows;
  const timelines = await RegistrationModel.find({ _id: trusted({ $in: past }) }, { timeline: 1 })
    .lean<Array<Pick<RegistrationRecord, '_id' | 'timeline'>>>()
    .exec();
  const byId = new Map(timelines.map((row) => [row._id.toHexString(), row.timeline]));
  return rows.map((row) => {
    const timeline = byId.get(row._id.toHexString());
    return timeline ? { ...row, timeline } : row;
  });
}

async function readQueuePage(scope: DeskScope, query: TAuditQueueQuery, cipher: PersonalDataCipher, searcher: Searcher): Promise<QueuePage> {
  if (isIdSearch(query.q)) return searchById(scope, normalizeNationalId(query.q), query.unionId, cipher, searcher);
  if (query.q) return { items: await searchByName(scope, query.q, query.unionId), nextCursor: null, nationalIdInUse: null };
  const filter = await queueFilter(scope, query, query.status ?? DESK_DEFAULT_STATUS[scope.desk]);
  if (query.cursor !== undefined) filter._id = trusted({ $gt: new Types.ObjectId(query.cursor) });
  const found = await RegistrationModel.find(filter, QUEUE_ROW_FIELDS)
    .sort({ _id: 1 })
    .limit(query.limit + 1)
    .lean<QueueRow[]>()
    .exec();
  const items = found.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > query.limit && last ? last._id.toHexString() : null, nationalIdInUse: null };
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
  const found = await RegistrationModel.find(filter, QUEUE_ROW_FIELDS).limit(SEARCH_RESULT_LIMIT).lean<QueueRow[]>().exec();
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
async function searchByName(scope: DeskScope, q: string, unionId: string | undefined): Promise<QueueRow[]> {
  const filter = await scopeFilter(scope, unionId);
  // Names in order, so that the first 50 of a common surname are a stable, predictable set.
  filter.name = trusted({ $regex: `^${escapeRegExp(q)}` });
  return RegistrationModel.find(filter, QUEUE_ROW_FIELDS).sort({ name: 1 }).limit(SEARCH_RESULT_LIMIT).lean<QueueRow[]>().exec();
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
