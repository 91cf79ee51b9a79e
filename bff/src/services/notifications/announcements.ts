import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Types, trusted } from 'mongoose';
import {
  ANNOUNCEMENT_STATUSES,
  AppError,
  NOTIFICATION_EVENTS,
  ZAnnouncementInput,
  notificationPage,
  type NotificationValues,
  type TAnnouncementAudience,
  type TAnnouncementDraft,
  type TAnnouncementReach,
  type TFieldError,
} from '@contest/shared';
import type { Principal } from '../../auth/principal';
import type { Logger } from '../../logger';
import { AnnouncementModel, type AnnouncementAudienceRecord, type AnnouncementRecord } from '../../models/announcement';
import { CompetitionModel, type CompetitionSetupRecord } from '../../models/competition';
import { failedOnlyOnDuplicateKeys, isDuplicateKey } from '../../models/duplicateKey';
import { NotificationModel, queuedDeliveryFields } from '../../models/notification';
import { RegistrationModel, type RegistrationRecord } from '../../models/registration';
import { UnionModel } from '../../models/union';
import { getManagedCompetition } from '../competitionSetup';
import { runOnce, type EarlierSuccess, type Once } from '../idempotency';
import { unionNamesById, type UnionNames } from '../scopeNames';
import { pushableStages, type PushSettings } from './reach';

/**
 * Committee announcements (大赛通知): a notice for a competition's registrants, narrowed by trade,
 * group, status and union, written to the inbox of every matching person (one message per person,
 * however many registrations they hold) and pushed by the dispatcher where grants allow.
 *
 * Without transactions, publishing is an announcement stored `publishing`, then a fan-out a batch
 * of registrations at a time: each batch's notifications are inserted unordered under deterministic
 * event ids (a repeat is refused by the unique index, and ignored), then the last registration done
 * is recorded on the announcement. A process that dies mid-way leaves its lease to run out, and the
 * sweeper (resumeAnnouncements, at start-up and on its timer) continues from that registration:
 * nothing is lost, nothing is doubled.
 */

/** Registrations read per batch of the fan-out (one insert of at most as many notifications). */
const FAN_OUT_BATCH = 1000;
/** How long a fan-out is its process's without renewal: each batch renews it. */
const LEASE_MS = 60_000;
/** This process, as the holder of fan-out leases. */
const PROCESS = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
let claims = 0;
/** Each fan-out run holds its own lease: after a takeover, even one in the same process, the run that lost it stops at its next write. */
const newLeaseOwner = () => `${PROCESS}:${(claims += 1)}`;
/** The committee's list shows the latest notices. */
const LIST_LIMIT = 50;
const TEMPLATE_KEY = NOTIFICATION_EVENTS.announcement.templateKey;

const leaseEnd = (now: Date) => new Date(now.getTime() + LEASE_MS);

/** The notification's event id: the announcement and the person, so a person gets it once. */
export function announcementEventId(announcementId: Types.ObjectId, userId: Types.ObjectId): string {
  return `announcement:${announcementId.toHexString()}:${userId.toHexString()}`;
}

/**
 * The audience as stored, checked against the competition: its trades and groups only, unions in
 * the directory (each standing for itself and every union below it).
 */
async function checkAudience(competition: CompetitionSetupRecord, audience: TAnnouncementAudience): Promise<AnnouncementAudienceRecord> {
  const fields: TFieldError[] = [];
  const trades = new Set(competition.trades.map((t) => t.code));
  const groups = new Set(competition.groups.map((g) => g.code));
  if (audience.tradeCodes.some((code) => !trades.has(code))) fields.push({ path: 'audience.tradeCodes', message: '所选工种不属于本赛事' });
  if (audience.groupCodes.some((code) => !groups.has(code))) fields.push({ path: 'audience.groupCodes', message: '所选组别不属于本赛事' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', fields.map((f) => f.message).join('；'), fields);
  const unionIds = [...new Set(audience.unionIds.map((id) => id.toLowerCase()))].map((id) => new Types.ObjectId(id));
  if (unionIds.length > 0 && (await UnionModel.countDocuments({ _id: trusted({ $in: unionIds }) }).exec()) !== unionIds.length) {
    throw new AppError('UNION_NOT_FOUND', '所选工会不在工会名录中');
  }
  return {
    tradeCodes: [...new Set(audience.tradeCodes)],
    groupCodes: [...new Set(audience.groupCodes)],
    statuses: [...new Set(audience.statuses)],
    unionIds,
  };
}

/** The registrations an audience matches (withdrawn ones never). */
function audienceFilter(competitionId: Types.ObjectId, audience: AnnouncementAudienceRecord): Record<string, unknown> {
  const filter: Record<string, unknown> = {
    competitionId,
    status: trusted({ $in: audience.statuses.length > 0 ? audience.statuses : ANNOUNCEMENT_STATUSES }),
  };
  if (audience.tradeCodes.length > 0) filter.tradeCode = trusted({ $in: audience.tradeCodes });
  if (audience.groupCodes.length > 0) filter.groupCode = trusted({ $in: audience.groupCodes });
  if (audience.unionIds.length > 0) filter.unionPath = trusted({ $in: audience.unionIds });
  return filter;
}

/** People (not registrations) the filter matches, and how many of them WeChat may be sent the notice now. */
async function countReach(filter: Record<string, unknown>, settings: PushSettings): Promise<TAnnouncementReach> {
  const [row] = await RegistrationModel.aggregate<TAnnouncementReach>([
    { $match: filter },
    { $group: { _id: '$userId' } },
    { $match: { _id: { $ne: null } } },
    ...pushableStages(settings, TEMPLATE_KEY, '_id'),
    { $group: { _id: null, reached: { $sum: 1 }, pushable: { $sum: { $cond: ['$pushable', 1, 0] } } } },
  ]).exec();
  return { reached: row?.reached ?? 0, pushable: row?.pushable ?? 0 };
}

/** Who a notice for this audience would reach now (committee of the competition, or admin). */
export async function previewAnnouncement(
  principal: Principal,
  competitionId: string,
  audience: TAnnouncementAudience,
  settings: PushSettings,
): Promise<TAnnouncementReach> {
  const competition = await getManagedCompetition(principal, competitionId);
  return countReach(audienceFilter(competition._id, await checkAudience(competition, audience)), settings);
}

/** Writes the notice's notification for each of `userIds` (repeats, from a batch done before a crash, are ignored). */
async function deliver(announcement: AnnouncementRecord, userIds: Array<Types.ObjectId | null>): Promise<void> {
  const people = [...new Map(userIds.flatMap((id) => (id ? [[id.toHexString(), id] as const] : []))).values()];
  if (people.length === 0) return;
  const at = announcement.publishedAt;
  const data: NotificationValues = { competition: announcement.competitionName, title: announcement.title, body: announcement.body, at: at.toISOString() };
  const page = notificationPage('announcement', announcement._id.toHexString());
  const stamped = new Date();
  const documents = people.map((userId) => ({
    _id: new Types.ObjectId(),
    eventId: announcementEventId(announcement._id, userId),
    userId,
    registrationId: null,
    announcementId: announcement._id,
    kind: 'announcement',
    templateKey: TEMPLATE_KEY,
    data,
    page,
    at,
    ...queuedDeliveryFields(at),
    createdAt: stamped,
    updatedAt: stamped,
    __v: 0,
  }));
  try {
    // The driver's unordered insert: one round trip for the batch, the documents complete as the model declares them.
    await NotificationModel.collection.insertMany(documents, { ordered: false });
  } catch (error) {
    if (!failedOnlyOnDuplicateKeys(error)) throw error;
  }
}

type BatchOutcome = 'more' | 'done' | 'lost';

/** Ends the fan-out: counts who it reached. 'lost' when another process holds it now. */
async function finishFanOut(announcement: AnnouncementRecord, owner: string): Promise<BatchOutcome> {
  const recipients = await NotificationModel.countDocuments({ announcementId: announcement._id }).exec();
  const done = await AnnouncementModel.updateOne(
    { _id: announcement._id, state: 'publishing', leaseOwner: owner },
    { $set: { state: 'published', recipients, leaseOwner: null, leaseUntil: null } },
  ).exec();
  return done.matchedCount === 1 ? 'done' : 'lost';
}

/**
 * One batch of the fan-out: the next registrations after the last one done, their people's
 * notifications, then the new position and a renewed lease, only while this process holds it.
 */
async function fanOutBatch(announcement: AnnouncementRecord, owner: string): Promise<BatchOutcome> {
  const filter = audienceFilter(announcement.competitionId, announcement.audience);
  if (announcement.fanOutAfter) filter._id = trusted({ $gt: announcement.fanOutAfter });
  const batch = await RegistrationModel.find(filter, { userId: 1 })
    .sort({ _id: 1 })
    .limit(FAN_OUT_BATCH)
    .lean<Array<Pick<RegistrationRecord, '_id' | 'userId'>>>()
    .exec();
  await deliver(announcement, batch.map((r) => r.userId));
  const last = batch[batch.length - 1];
  if (!last || batch.length < FAN_OUT_BATCH) return finishFanOut(announcement, owner);
  const advanced = await AnnouncementModel.updateOne(
    { _id: announcement._id, state: 'publishing', leaseOwner: owner },
    { $set: { fanOutAfter: last._id, leaseUntil: leaseEnd(new Date()) } },
  ).exec();
  if (advanced.matchedCount === 0) return 'lost';
  announcement.fanOutAfter = last._id;
  return 'more';
}

/** Fans the announcement out to the end (or until another process holds it). */
async function continueFanOut(announcement: AnnouncementRecord, owner: string): Promise<BatchOutcome> {
  let outcome: BatchOutcome = 'more';
  while (outcome === 'more') outcome = await fanOutBatch(announcement, owner);
  return outcome;
}

/**
 * Resumes every fan-out a process left unfinished (its lease ran out by `now`); run at start-up and
 * on the sweeper's timer. Answers how many it resumed.
 */
export async function resumeAnnouncements(options: { now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  let resumed = 0;
  for (;;) {
    const owner = newLeaseOwner();
    const claimed = await AnnouncementModel.findOneAndUpdate(
      { state: 'publishing', leaseUntil: trusted({ $lte: now }) },
      { $set: { leaseOwner: owner, leaseUntil: leaseEnd(now) } },
      { sort: { leaseUntil: 1 }, returnDocument: 'after' },
    )
      .lean<AnnouncementRecord>()
      .exec();
    if (!claimed) return resumed;
    resumed += 1;
    await continueFanOut(claimed, owner);
  }
}

export interface PublishContext {
  settings: PushSettings;
  now: Date;
  /** Where a failure of the fan-out after the answer is reported (the sweeper then finishes it). */
  log: Pick<Logger, 'error'>;
}

/**
 * Stores the notice and writes its first batch of notifications before answering, so a notice to
 * a few hundred people is published when the committee sees the answer; a larger one continues
 * after the answer, and the sweeper finishes it should this process die.
 */
async function publishAnnouncement(
  principal: Principal,
  competitionId: string,
  draft: TAnnouncementDraft,
  request: { key: string; requestHash: string },
  context: PublishContext,
): Promise<AnnouncementRecord> {
  const competition = await getManagedCompetition(principal, competitionId);
  const audience = await checkAudience(competition, draft.audience);
  if (!(await RegistrationModel.exists(audienceFilter(competition._id, audience)).exec())) throw new AppError('ANNOUNCEMENT_NO_RECIPIENTS');
  const stamped = new Date();
  const owner = newLeaseOwner();
  const announcement: AnnouncementRecord = {
    _id: new Types.ObjectId(),
    competitionId: competition._id,
    competitionName: competition.name,
    title: draft.title,
    body: draft.body,
    audience,
    authorUserId: principal.userId,
    state: 'publishing',
    fanOutAfter: null,
    leaseOwner: owner,
    leaseUntil: leaseEnd(stamped),
    publishedAt: context.now,
    recipients: null,
    idempotencyKey: request.key,
    idempotencyRequestHash: request.requestHash,
    createdAt: stamped,
    updatedAt: stamped,
  };
  try {
    await AnnouncementModel.collection.insertOne({ ...announcement, __v: 0 });
  } catch (error) {
    // A concurrent twin with the same key stored it first: runOnce answers with that one.
    if (isDuplicateKey(error, 'idempotencyKey')) throw new AppError('CONFLICT', '这条通知已经发布，请刷新后查看');
    throw error;
  }
  if ((await fanOutBatch(announcement, owner)) === 'more') {
    void continueFanOut(announcement, owner).catch((error: unknown) =>
      context.log.error({ err: error, announcementId: announcement._id.toHexString() }, 'announcement fan-out stopped; the sweeper resumes it'),
    );
  }
  return AnnouncementModel.findById(announcement._id).lean<AnnouncementRecord>().orFail().exec();
}

async function findPublished(principal: Principal, key: string): Promise<EarlierSuccess<AnnouncementRecord> | null> {
  const announcement = await AnnouncementModel.findOne({ authorUserId: principal.userId, idempotencyKey: key }).lean<AnnouncementRecord>().exec();
  return announcement ? { result: announcement, requestHash: announcement.idempotencyRequestHash ?? '' } : null;
}

/**
 * Publishing, once per Idempotency-Key: a double tap or a retry after a dropped answer gets the
 * announcement the first request stored (or its refusal), never a second one. The body is parsed
 * here so a refusal of it is kept for retries too.
 */
export function publishAnnouncementOnce(
  principal: Principal,
  competitionId: string,
  request: { key: string; body: unknown; requestId: string },
  context: PublishContext,
): Promise<Once<AnnouncementRecord>> {
  // The notice holds no personal data: a plain digest of where it goes and what it says.
  const requestHash = createHash('sha256').update(JSON.stringify([competitionId, request.body ?? null])).digest('hex');
  return runOnce(
    { userId: principal.userId.toHexString(), scope: 'announcement.publish', key: request.key, requestHash, requestId: request.requestId },
    () => publishAnnouncement(principal, competitionId, ZAnnouncementInput.parse(request.body), { key: request.key, requestHash }, context),
    () => findPublished(principal, request.key),
  );
}

export interface AnnouncementWithCounts {
  announcement: AnnouncementRecord;
  /** People whose inbox holds it (so far, while publishing). */
  reached: number;
  /** Of them, those WeChat delivered it to. */
  pushed: number;
}

/** Notices of one competition with their counts, and the names their audiences need. */
export interface AnnouncementsOfCompetition {
  competition: CompetitionSetupRecord;
  unions: UnionNames;
  items: AnnouncementWithCounts[];
}

async function countDeliveries(announcement: AnnouncementRecord): Promise<AnnouncementWithCounts> {
  const [reached, pushed] = await Promise.all([
    announcement.recipients ?? NotificationModel.countDocuments({ announcementId: announcement._id }).exec(),
    NotificationModel.countDocuments({ announcementId: announcement._id, state: 'sent' }).exec(),
  ]);
  return { announcement, reached, pushed };
}

async function withCounts(competition: CompetitionSetupRecord, announcements: AnnouncementRecord[]): Promise<AnnouncementsOfCompetition> {
  const [unions, items] = await Promise.all([
    unionNamesById(announcements.flatMap((a) => a.audience.unionIds)),
    Promise.all(announcements.map(countDeliveries)),
  ]);
  return { competition, unions, items };
}

/** The competition's latest notices with their counts (committee of the competition, or admin). */
export async function listAnnouncements(principal: Principal, competitionId: string): Promise<AnnouncementsOfCompetition> {
  const competition = await getManagedCompetition(principal, competitionId);
  const announcements = await AnnouncementModel.find({ competitionId: competition._id })
    .sort({ _id: -1 })
    .limit(LIST_LIMIT)
    .lean<AnnouncementRecord[]>()
    .exec();
  return withCounts(competition, announcements);
}

/** A notice just published (or found again by its Idempotency-Key), with its counts so far. */
export async function publishedWithCounts(announcement: AnnouncementRecord): Promise<Omit<AnnouncementsOfCompetition, 'items'> & { item: AnnouncementWithCounts }> {
  const competition = await CompetitionModel.findById(announcement.competitionId).lean<CompetitionSetupRecord>().orFail().exec();
  const [unions, item] = await Promise.all([unionNamesById(announcement.audience.unionIds), countDeliveries(announcement)]);
  return { competition, unions, item };
}

/** A notice as a person it reached opens it; anyone else's look exactly like missing ones. */
export async function readReceivedAnnouncement(userId: Types.ObjectId, id: string): Promise<AnnouncementRecord> {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw new AppError('ANNOUNCEMENT_NOT_FOUND');
  const announcementId = new Types.ObjectId(id);
  const received = await NotificationModel.exists({ announcementId, userId }).exec();
  const announcement = received ? await AnnouncementModel.findById(announcementId).lean<AnnouncementRecord>().exec() : null;
  if (!announcement) throw new AppError('ANNOUNCEMENT_NOT_FOUND');
  return announcement;
}
