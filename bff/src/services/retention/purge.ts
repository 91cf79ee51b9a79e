import { Types, trusted } from 'mongoose';
import { AuditEventModel } from '../../models/auditEvent';
import { CompetitionModel } from '../../models/competition';
import { isDuplicateKey } from '../../models/duplicateKey';
import { IDEMPOTENCY_KEY_TTL_SECONDS, IdempotencyKeyModel } from '../../models/idempotencyKey';
import { RETENTION_KINDS, RetentionPurgeModel, type RetentionCounts, type RetentionPurgeRecord } from '../../models/retention';
import { VenueSessionModel } from '../../models/venueSession';
import { RetentionLease } from './lease';
import { RETENTION_STEPS, accountsOfCompetition, type PurgeTarget } from './steps';

/**
 * The privacy notice's promise (保存多久): personal data of a competition is kept until a year
 * (RETENTION_DAYS_AFTER_COMPETITION) after it finished, then deleted or anonymised (steps.ts says
 * what, kind by kind). A competition finished when its results became final (`resultsFinalAt`:
 * the 公示 closed); one the committee marked 已结束 without final results, at the later of its
 * registration deadline and its last session's end. Run by `npm run retention:purge` and by every
 * BFF process on a schedule, one run at a time (a lease); each competition's purge is written down
 * before anything is removed (models/retention.ts), so a crash is finished by the next run, and
 * recorded in the audit trail when done.
 */

export type RetentionTrigger = 'command' | 'schedule';

export interface RetentionOptions {
  now: () => Date;
  retentionDays: number;
  /** False: count only (the dry run); nothing is written. */
  apply: boolean;
  trigger: RetentionTrigger;
}

export interface CompetitionRetention {
  competitionId: string;
  competitionName: string;
  finishedAt: Date;
  /** What was (or, in a dry run, would be) removed, as first counted. */
  counts: RetentionCounts;
  /** A purge an earlier run began and did not finish. */
  resumed: boolean;
}

export interface RetentionReport {
  applied: boolean;
  /** Another run holds the lease: this one did nothing. */
  busy: boolean;
  retentionDays: number;
  /** Competitions that finished before this are due. */
  finishedBefore: Date;
  competitions: CompetitionRetention[];
  /** Idempotency answers (they repeat a submission) past their day, which MongoDB's TTL monitor had not removed yet. */
  expiredIdempotencyKeys: number;
}

const DAY_MS = 86_400_000;

interface DueCompetition {
  _id: Types.ObjectId;
  name: string;
  finishedAt: Date;
}

interface CompetitionDates {
  _id: Types.ObjectId;
  name: string;
  publication: string;
  registrationClosesAt: Date;
  resultsFinalAt?: Date | null;
}

async function finishedAtOf(competition: CompetitionDates): Promise<Date> {
  if (competition.resultsFinalAt) return competition.resultsFinalAt;
  const lastSession = await VenueSessionModel.findOne({ competitionId: competition._id }, { endsAt: 1 }).sort({ endsAt: -1 }).lean<{ endsAt: Date }>().exec();
  return lastSession && lastSession.endsAt > competition.registrationClosesAt ? lastSession.endsAt : competition.registrationClosesAt;
}

/** Competitions finished before `finishedBefore` whose purge has not finished. */
async function dueCompetitions(finishedBefore: Date): Promise<DueCompetition[]> {
  const candidates = await CompetitionModel.find(
    { $or: [{ resultsFinalAt: trusted({ $lte: finishedBefore }) }, { publication: 'finished', resultsFinalAt: null }] },
    { name: 1, publication: 1, registrationClosesAt: 1, resultsFinalAt: 1 },
  )
    .sort({ _id: 1 })
    .lean<CompetitionDates[]>()
    .exec();
  const done = new Set(
    (await RetentionPurgeModel.find({ _id: trusted({ $in: candidates.map((c) => c._id) }), finishedAt: trusted({ $ne: null }) }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>().exec()).map(
      (p) => p._id.toHexString(),
    ),
  );
  const due: DueCompetition[] = [];
  for (const competition of candidates) {
    if (done.has(competition._id.toHexString())) continue;
    const finishedAt = await finishedAtOf(competition);
    if (finishedAt <= finishedBefore) due.push({ _id: competition._id, name: competition.name, finishedAt });
  }
  return due;
}

async function countAll(target: PurgeTarget): Promise<RetentionCounts> {
  const counts = {} as RetentionCounts;
  for (const kind of RETENTION_KINDS) counts[kind] = await RETENTION_STEPS[kind].count(target);
  return counts;
}

function targetOf(competitionId: Types.ObjectId, accountIds: Types.ObjectId[], now: Date, retentionDays: number): PurgeTarget {
  return { competitionId, accountIds, accountsIdleSince: new Date(now.getTime() - retentionDays * DAY_MS), now };
}

/** The purge's record: the one an earlier run began, or a new one with this run's counts (written before anything is removed). */
async function beginPurge(competition: DueCompetition, options: RetentionOptions): Promise<{ purge: RetentionPurgeRecord; resumed: boolean }> {
  const existing = await RetentionPurgeModel.findById(competition._id).lean<RetentionPurgeRecord>().exec();
  if (existing) return { purge: existing, resumed: true };
  const now = options.now();
  const accountIds = await accountsOfCompetition(competition._id);
  const counts = await countAll(targetOf(competition._id, accountIds, now, options.retentionDays));
  const record = {
    _id: competition._id,
    startedAt: now,
    finishedAt: null,
    competitionFinishedAt: competition.finishedAt,
    trigger: options.trigger,
    accountIds,
    counts,
    auditEventId: new Types.ObjectId(),
  };
  await RetentionPurgeModel.create(record);
  return { purge: record, resumed: false };
}

const ACTOR_BODY: Record<RetentionTrigger, string> = { command: '数据保留期清理（命令行）', schedule: '数据保留期清理（定时任务）' };

async function finishPurge(purge: RetentionPurgeRecord, options: RetentionOptions): Promise<void> {
  const at = options.now();
  try {
    await AuditEventModel.create({
      _id: purge.auditEventId,
      kind: 'retention_purge',
      competitionId: purge._id,
      registrationId: null,
      actorUserId: null,
      actorRole: null,
      actorBody: ACTOR_BODY[options.trigger],
      at,
      detail: {
        trigger: options.trigger,
        startedBy: purge.trigger,
        retentionDays: options.retentionDays,
        competitionFinishedAt: purge.competitionFinishedAt,
        startedAt: purge.startedAt,
        counts: purge.counts,
      },
    });
  } catch (error) {
    // Written by a run that died before marking the purge finished.
    if (!isDuplicateKey(error)) throw error;
  }
  await RetentionPurgeModel.updateOne({ _id: purge._id }, { $set: { finishedAt: at } }).exec();
}

/** Purges (or with `apply: false` only counts) every competition past its retention. */
export async function purgeExpiredPersonalData(options: RetentionOptions): Promise<RetentionReport> {
  const started = options.now();
  const finishedBefore = new Date(started.getTime() - options.retentionDays * DAY_MS);
  const idempotencyExpired = { createdAt: trusted({ $lt: new Date(started.getTime() - IDEMPOTENCY_KEY_TTL_SECONDS * 1000) }) };
  const report: RetentionReport = { applied: options.apply, busy: false, retentionDays: options.retentionDays, finishedBefore, competitions: [], expiredIdempotencyKeys: 0 };

  if (!options.apply) {
    for (const competition of await dueCompetitions(finishedBefore)) {
      const purge = await RetentionPurgeModel.findById(competition._id, { counts: 1 }).lean<Pick<RetentionPurgeRecord, 'counts'>>().exec();
      const target = targetOf(competition._id, await accountsOfCompetition(competition._id), started, options.retentionDays);
      report.competitions.push({ competitionId: competition._id.toHexString(), competitionName: competition.name, finishedAt: competition.finishedAt, counts: await countAll(target), resumed: purge !== null });
    }
    report.expiredIdempotencyKeys = await IdempotencyKeyModel.countDocuments(idempotencyExpired).exec();
    return report;
  }

  const lease = await RetentionLease.take(started);
  if (!lease) return { ...report, busy: true };
  try {
    for (const competition of await dueCompetitions(finishedBefore)) {
      const { purge, resumed } = await beginPurge(competition, options);
      const target = targetOf(competition._id, purge.accountIds, options.now(), options.retentionDays);
      for (const kind of RETENTION_KINDS) {
        // A run whose lease another took over (it stalled past the lease) stops: the other finishes.
        if (!(await lease.renew(options.now()))) throw new Error('the retention lease was taken over by another run');
        await RETENTION_STEPS[kind].remove(target);
      }
      await finishPurge(purge, options);
      report.competitions.push({ competitionId: competition._id.toHexString(), competitionName: competition.name, finishedAt: competition.finishedAt, counts: purge.counts, resumed });
    }
    report.expiredIdempotencyKeys = (await IdempotencyKeyModel.deleteMany(idempotencyExpired).exec()).deletedCount;
  } finally {
    await lease.release();
  }
  return report;
}
