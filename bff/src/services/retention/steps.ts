import { Types, trusted } from 'mongoose';
import { maskPersonName } from '@contest/shared';
import { AnnouncementModel } from '../../models/announcement';
import { CertificateModel, type CertificateRecord } from '../../models/certificate';
import { CheckInAnswerModel, CheckInConflictModel, CheckInModel } from '../../models/checkIn';
import { EvidenceModel, type EvidenceRecord } from '../../models/evidence';
import { ExportLeaseModel } from '../../models/exportLease';
import { NotificationModel } from '../../models/notification';
import { RegistrationModel, type RegistrationRecord } from '../../models/registration';
import type { RetentionKind } from '../../models/retention';
import { ResultObjectionModel, ResultRowModel, ResultSnapshotModel } from '../../models/results';
import { RoleGrantModel } from '../../models/roleGrant';
import { ScoreChangeModel, ScoreModel } from '../../models/score';
import { SessionModel } from '../../models/session';
import { SubscriptionGrantModel } from '../../models/subscriptionGrant';
import { TeamEntryModel, TeamModel } from '../../models/team';
import { UserModel } from '../../models/user';
import { deleteEvidenceFile } from '../evidence/evidence';

/**
 * What the retention purge removes from a finished competition, kind by kind (README, Retention).
 * Each kind counts what it would remove (the dry run, and the audit event's counts) and removes it
 * with writes that are safe to repeat: a run that dies half-way leaves only what the next run's
 * same step still finds. Kept, because the public 公示 page and certificate verification read them
 * or they name no one: the latest result snapshot (the published list) and its rows, certificates
 * with the name masked as verification shows it, the competition and its sessions, quota counters
 * (registration ids), announcements (the committee's text) and the audit trail (officials' acts,
 * registration ids, never a worker's data).
 */


/** The competition being purged, and the accounts its people used (read before their registrations forget them). */
export interface PurgeTarget {
  competitionId: Types.ObjectId;
  accountIds: Types.ObjectId[];
  /** An account signed in since then is in use: it stays, whatever it holds. */
  accountsIdleSince: Date;
  now: Date;
}

interface RetentionStep {
  count(target: PurgeTarget): Promise<number>;
  remove(target: PurgeTarget): Promise<void>;
}

const BATCH = 500;

/** The competition's registration ids, a batch at a time in id order (notifications are found by them). */
async function* registrationIdBatches(competitionId: Types.ObjectId): AsyncGenerator<Types.ObjectId[]> {
  let after: Types.ObjectId | null = null;
  for (;;) {
    const filter: Record<string, unknown> = after ? { competitionId, _id: trusted({ $gt: after }) } : { competitionId };
    const batch: { _id: Types.ObjectId }[] = await RegistrationModel.find(filter, { _id: 1 }).sort({ _id: 1 }).limit(BATCH).lean<{ _id: Types.ObjectId }[]>().exec();
    if (batch.length === 0) return;
    yield batch.map((r) => r._id);
    after = batch[batch.length - 1]!._id;
  }
}

async function announcementIds(competitionId: Types.ObjectId): Promise<Types.ObjectId[]> {
  return (await AnnouncementModel.find({ competitionId }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>().exec()).map((a) => a._id);
}

/** Every message of the competition: its registrations' events and its announcements (payloads name the person). */
const notifications: RetentionStep = {
  async count({ competitionId }) {
    let total = await NotificationModel.countDocuments({ announcementId: trusted({ $in: await announcementIds(competitionId) }) }).exec();
    for await (const ids of registrationIdBatches(competitionId)) total += await NotificationModel.countDocuments({ registrationId: trusted({ $in: ids }) }).exec();
    return total;
  },
  async remove({ competitionId }) {
    await NotificationModel.deleteMany({ announcementId: trusted({ $in: await announcementIds(competitionId) }) }).exec();
    for await (const ids of registrationIdBatches(competitionId)) await NotificationModel.deleteMany({ registrationId: trusted({ $in: ids }) }).exec();
  },
};

/** Evidence photos: the GridFS bytes first, then the record, so a crash between leaves a record the next run finds. */
const evidence: RetentionStep = {
  count: ({ competitionId }) => EvidenceModel.countDocuments({ competitionId }).exec(),
  async remove({ competitionId }) {
    for (;;) {
      const records = await EvidenceModel.find({ competitionId }, { fileId: 1 }).limit(BATCH).lean<Pick<EvidenceRecord, '_id' | 'fileId'>[]>().exec();
      if (records.length === 0) return;
      for (const record of records) {
        await deleteEvidenceFile(record.fileId);
        await EvidenceModel.deleteOne({ _id: record._id }).exec();
      }
    }
  },
};

/** Check-ins, every scan's answer (it repeats the name) and conflicts: who came when, on which device. */
const checkIns: RetentionStep = {
  async count({ competitionId }) {
    const checkedIn = await CheckInModel.countDocuments({ competitionId }).exec();
    const answers = await CheckInAnswerModel.countDocuments({ competitionId }).exec();
    return checkedIn + answers + (await CheckInConflictModel.countDocuments({ competitionId }).exec());
  },
  async remove({ competitionId }) {
    await CheckInModel.deleteMany({ competitionId }).exec();
    await CheckInAnswerModel.deleteMany({ competitionId }).exec();
    await CheckInConflictModel.deleteMany({ competitionId }).exec();
  },
};

/** Theory and practical scores, remarks and their history: the published list shows only the total. */
const scores: RetentionStep = {
  async count({ competitionId }) {
    return (await ScoreModel.countDocuments({ competitionId }).exec()) + (await ScoreChangeModel.countDocuments({ competitionId }).exec());
  },
  async remove({ competitionId }) {
    await ScoreModel.deleteMany({ competitionId }).exec();
    await ScoreChangeModel.deleteMany({ competitionId }).exec();
  },
};

/** Objections carry the objector's reason and phone. */
const objections: RetentionStep = {
  count: ({ competitionId }) => ResultObjectionModel.countDocuments({ competitionId }).exec(),
  remove: async ({ competitionId }) => void (await ResultObjectionModel.deleteMany({ competitionId }).exec()),
};

async function latestSnapshotVersion(competitionId: Types.ObjectId): Promise<number | null> {
  const latest = await ResultSnapshotModel.findOne({ competitionId }, { version: 1 }).sort({ version: -1 }).lean<{ version: number }>().exec();
  return latest?.version ?? null;
}

/** Snapshots before the latest, with their rows: the public page reads only the latest, which keeps every change note. */
const resultHistory: RetentionStep = {
  async count({ competitionId }) {
    const latest = await latestSnapshotVersion(competitionId);
    return latest === null ? 0 : ResultSnapshotModel.countDocuments({ competitionId, version: trusted({ $lt: latest }) }).exec();
  },
  async remove({ competitionId }) {
    const latest = await latestSnapshotVersion(competitionId);
    if (latest === null) return;
    // Rows first: a snapshot still there after a crash finds its rows removed again, harmlessly.
    await ResultRowModel.deleteMany({ competitionId, version: trusted({ $lt: latest }) }).exec();
    await ResultSnapshotModel.deleteMany({ competitionId, version: trusted({ $lt: latest }) }).exec();
  },
};

async function certificatesToMask(competitionId: Types.ObjectId): Promise<Pick<CertificateRecord, '_id' | 'name'>[]> {
  const all = await CertificateModel.find({ competitionId }, { name: 1 }).lean<Pick<CertificateRecord, '_id' | 'name'>[]>().exec();
  return all.filter((c) => maskPersonName(c.name) !== c.name);
}

/** Certificates keep the name as verification shows it (张*丰): masking a masked name changes nothing. */
const certificates: RetentionStep = {
  count: async ({ competitionId }) => (await certificatesToMask(competitionId)).length,
  async remove({ competitionId }) {
    for (const certificate of await certificatesToMask(competitionId)) {
      await CertificateModel.updateOne({ _id: certificate._id }, { $set: { name: maskPersonName(certificate.name) } }).exec();
    }
  },
};

const TEAM_WITH_LEADER = (competitionId: Types.ObjectId) => ({ competitionId, leaderName: trusted({ $ne: '' }) });

/** Team entries never confirmed (a confirmed one is a registration) go; a team keeps its name, not its 领队's. */
const teams: RetentionStep = {
  async count({ competitionId }) {
    return (await TeamEntryModel.countDocuments({ competitionId }).exec()) + (await TeamModel.countDocuments(TEAM_WITH_LEADER(competitionId)).exec());
  },
  async remove({ competitionId }) {
    await TeamEntryModel.deleteMany({ competitionId }).exec();
    await TeamModel.updateMany(TEAM_WITH_LEADER(competitionId), { $set: { leaderName: '', leaderMobileSealed: '', leaderMobileMasked: '' } }).exec();
  },
};

const NOT_ANONYMISED = (competitionId: Types.ObjectId) => ({ competitionId, anonymisedAt: trusted({ $exists: false }) });

/**
 * Registrations stay, naming no one: union, trade, group, status, pass number and station, and the
 * timeline's steps keep counts, quotas and the audit dashboards of the competition true. Everything
 * about the person goes (name, ID number and phone with their hashes and masked forms, employer,
 * age, sex, claims, the account, rejection reasons, the pass's token). No longer `active`: no
 * person's place is held, and the partial unique indexes on the cleared hashes stay unique.
 */
const registrations: RetentionStep = {
  count: ({ competitionId }) => RegistrationModel.countDocuments(NOT_ANONYMISED(competitionId)).exec(),
  async remove({ competitionId, now }) {
    for (;;) {
      const batch = await RegistrationModel.find(NOT_ANONYMISED(competitionId), { timeline: 1 }).limit(BATCH).lean<Pick<RegistrationRecord, '_id' | 'timeline'>[]>().exec();
      if (batch.length === 0) return;
      await RegistrationModel.bulkWrite(
        batch.map((registration) => ({
          updateOne: {
            filter: { _id: registration._id },
            update: {
              $set: {
                name: '',
                nationalIdSealed: null,
                nationalIdHash: null,
                nationalIdMasked: null,
                mobileSealed: null,
                mobileHash: null,
                mobileMasked: null,
                employer: '',
                userId: null,
                skillLevel: null,
                yearsInTrade: 0,
                active: false,
                timeline: registration.timeline.map((step) => ({ ...step, reason: null })),
                anonymisedAt: now,
              },
              $unset: { age: 1, sex: 1, eligibilityClaims: 1, outbox: 1, idempotencyKey: 1, idempotencyRequestHash: 1, accountSlot: 1, 'pass.token': 1 },
            },
          },
        })),
        { ordered: false },
      );
    }
  },
};

/**
 * Accounts the competition's people used that hold nothing else (no registration of another
 * competition, no evidence, no role) and were not signed in since the retention period began:
 * the WeChat openid goes with its sessions, subscribe grants, messages and export slots.
 */
async function accountsLeftWithNothing({ competitionId, accountIds, accountsIdleSince }: PurgeTarget): Promise<Types.ObjectId[]> {
  const idle = await UserModel.find({ _id: trusted({ $in: accountIds }), lastSignInAt: trusted({ $lt: accountsIdleSince }) }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>().exec();
  const left: Types.ObjectId[] = [];
  for (const { _id: userId } of idle) {
    if (await RegistrationModel.exists({ userId, competitionId: trusted({ $ne: competitionId }) }).exec()) continue;
    if (await EvidenceModel.exists({ userId, competitionId: trusted({ $ne: competitionId }) }).exec()) continue;
    if (await RoleGrantModel.exists({ userId }).exec()) continue;
    left.push(userId);
  }
  return left;
}

const accounts: RetentionStep = {
  count: async (target) => (await accountsLeftWithNothing(target)).length,
  async remove(target) {
    for (const userId of await accountsLeftWithNothing(target)) {
      await SessionModel.deleteMany({ userId }).exec();
      await SubscriptionGrantModel.deleteMany({ userId }).exec();
      await NotificationModel.deleteMany({ userId }).exec();
      await ExportLeaseModel.deleteMany({ userId }).exec();
      // The account last: until it is gone, the next run finds it again.
      await UserModel.deleteOne({ _id: userId }).exec();
    }
  },
};

/** In the order they run: registrations after everything found through them, accounts after the registrations forget them. */
export const RETENTION_STEPS: Record<RetentionKind, RetentionStep> = {
  notifications,
  evidence,
  check_ins: checkIns,
  scores,
  objections,
  result_history: resultHistory,
  certificates,
  teams,
  registrations,
  accounts,
};

/** The accounts the competition's people used, before the purge clears them from the registrations. */
export async function accountsOfCompetition(competitionId: Types.ObjectId): Promise<Types.ObjectId[]> {
  const ids = await Promise.all([
    RegistrationModel.distinct('userId', { competitionId }).exec(),
    EvidenceModel.distinct('userId', { competitionId }).exec(),
    ResultObjectionModel.distinct('userId', { competitionId }).exec(),
  ]);
  const unique = new Map<string, Types.ObjectId>();
  for (const id of ids.flat()) if (id instanceof Types.ObjectId) unique.set(id.toHexString(), id);
  return [...unique.values()];
}
