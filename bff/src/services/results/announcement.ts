import { Types, trusted } from 'mongoose';
import {
  AppError,
  ZCompetitionId,
  ZObjectId,
  passSerialOf,
  type TObjection,
  type TObjectionAnswerInput,
  type TObjectionInput,
  type TResultsAnnouncementState,
} from '@contest/shared';
import type { Principal } from '../../auth/principal';
import type { Logger } from '../../logger';
import { CheckInModel } from '../../models/checkIn';
import { CompetitionModel, type CompetitionSetupRecord } from '../../models/competition';
import { isDuplicateKey } from '../../models/duplicateKey';
import { RegistrationModel } from '../../models/registration';
import { ResultObjectionModel, ResultRowModel, ResultsAnnouncementModel, type ResultObjectionRecord, type ResultsAnnouncementRecord } from '../../models/results';
import { ScoreModel } from '../../models/score';
import { presentAnnouncementState, presentObjection } from '../../presenters/results';
import { announcementClosingDate } from '../../workingDays';
import { issueCertificates } from '../certificates/issuance';
import { getManagedCompetition } from '../competitionSetup';
import { assertScoresOpen } from '../scores/scoreWrites';
import { forgetPublicResults } from './publicResults';
import { latestSnapshotHead, resultsSettingsOf, writeSnapshot, type SnapshotStatus } from './results';
import { tellResults } from './resultsNotices';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

/**
 * The 公示 of provisional results: opened by the committee for at least N working days, objections
 * (异议) lodged by anyone signed in while it runs and answered by the committee (a result may be
 * taken out: the next contestant moves up), then closed, which makes the results final.
 */

function statusOf(announcement: ResultsAnnouncementRecord): SnapshotStatus {
  return { status: announcement.finalAt ? 'final' : 'announced', closingDate: announcement.closingDate, closesAt: announcement.closesAt, finalAt: announcement.finalAt };
}

async function announcementOf(competitionId: Types.ObjectId): Promise<ResultsAnnouncementRecord> {
  const announcement = await ResultsAnnouncementModel.findOne({ competitionId }).lean<ResultsAnnouncementRecord>().exec();
  if (!announcement) throw new AppError('RESULTS_NOT_FOUND');
  return announcement;
}

/** Checked-in contestants whose score (or absence) was never entered: the 公示 would list them without a result. */
async function unscoredCheckIns(competitionId: Types.ObjectId): Promise<number> {
  const checkedIn = await CheckInModel.find({ competitionId }, { registrationId: 1 }).lean<{ registrationId: Types.ObjectId }[]>().exec();
  const scored = await ScoreModel.countDocuments({ competitionId, registrationId: trusted({ $in: checkedIn.map((c) => c.registrationId) }) }).exec();
  return checkedIn.length - scored;
}

/**
 * Opens the 公示: refuses while a checked-in contestant has no score, computes the first snapshot,
 * and tells each contestant on the list. The closing date counts the competition's working days
 * (at least 5) on the Chinese calendar; a year the calendar does not cover is refused (503).
 */
export async function openAnnouncement(principal: Principal, competitionId: string, now: Date, log: Pick<Logger, 'error'>): Promise<TResultsAnnouncementState> {
  const competition = await getManagedCompetition(principal, competitionId);
  assertScoresOpen(competition);
  if (!(await ScoreModel.exists({ competitionId: competition._id }).exec())) throw new AppError('RESULTS_ANNOUNCEMENT_REFUSED', '还没有录入任何成绩，不能发布公示');
  const missing = await unscoredCheckIns(competition._id);
  if (missing > 0) throw new AppError('RESULTS_ANNOUNCEMENT_REFUSED', `还有 ${missing} 名已签到的考生没有录入成绩（或缺考标记），请录入后再发布公示`);
  const workingDays = resultsSettingsOf(competition).announcementWorkingDays;
  const { closingDate, closesAt } = announcementClosingDate(now, workingDays);
  let announcement: ResultsAnnouncementRecord;
  try {
    const created = await ResultsAnnouncementModel.create({
      competitionId: competition._id,
      openedAt: now,
      openedBy: principal.userId,
      workingDays,
      closingDate,
      closesAt,
      snapshotVersion: 0,
      noticesDue: 'results_announced',
    });
    announcement = created.toObject<ResultsAnnouncementRecord>();
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError('RESULTS_ANNOUNCEMENT_REFUSED', '该赛事的成绩已经公示过');
    throw error;
  }
  const snapshot = await writeSnapshot(competition, [], statusOf(announcement), now);
  await ResultsAnnouncementModel.updateOne({ _id: announcement._id }, { $max: { snapshotVersion: snapshot.version } }).exec();
  forgetPublicResults(competition._id);
  await tellResults(announcement, now, log);
  return announcementState(competition._id);
}

export async function announcementState(competitionId: Types.ObjectId): Promise<TResultsAnnouncementState> {
  const announcement = await announcementOf(competitionId);
  const head = await latestSnapshotHead(competitionId);
  return presentAnnouncementState(announcement, head ? await ResultRowModel.countDocuments({ snapshotId: head._id }).exec() : 0);
}

/** The row an objection is about: by the page's entry id, or by pass number; it must be on the list. */
async function objectedRegistration(competitionId: Types.ObjectId, input: TObjectionInput): Promise<{ id: Types.ObjectId; name: string }> {
  const serial = input.registrationId === undefined ? passSerialOf(input.passNumber ?? '') : null;
  const filter =
    input.registrationId !== undefined ? { _id: new Types.ObjectId(input.registrationId) } : serial !== null ? { 'pass.serial': serial } : null;
  const registration = filter ? await RegistrationModel.findOne({ competitionId, ...filter }, { name: 1 }).lean().exec() : null;
  const head = registration && (await latestSnapshotHead(competitionId));
  const listed = head && (await ResultRowModel.exists({ registrationId: registration._id, snapshotId: head._id }).exec());
  if (!registration || !listed) throw new AppError('RESULTS_NOT_FOUND', '公示名单中没有这条成绩');
  return { id: registration._id, name: registration.name };
}

/** Anyone signed in, while the 公示 runs (to the end of its closing date); refused after. */
export async function lodgeObjection(principal: Principal, competitionId: string, input: TObjectionInput, now: Date): Promise<TObjection> {
  if (!ZCompetitionId.safeParse(competitionId).success) throw new AppError('RESULTS_NOT_FOUND');
  const announcement = await announcementOf(new Types.ObjectId(competitionId));
  if (announcement.finalAt || now.getTime() >= announcement.closesAt.getTime()) {
    throw new AppError('OBJECTION_PERIOD_OVER', `公示期已于${announcement.closingDate}结束，不能再提出异议`);
  }
  const registration = await objectedRegistration(announcement.competitionId, input);
  const created = await ResultObjectionModel.create({
    competitionId: announcement.competitionId,
    registrationId: registration.id,
    userId: principal.userId,
    reason: input.reason,
    contact: input.contact,
    at: now,
  });
  return presentObjection(created.toObject<ResultObjectionRecord>(), registration.name);
}

async function presentObjections(objections: ResultObjectionRecord[]): Promise<TObjection[]> {
  const names = await RegistrationModel.find({ _id: trusted({ $in: objections.map((o) => o.registrationId) }) }, { name: 1 }).lean().exec();
  const nameOf = new Map(names.map((r) => [r._id.toHexString(), r.name]));
  return objections.map((o) => presentObjection(o, nameOf.get(o.registrationId.toHexString()) ?? ''));
}

/** The committee's list: every objection, oldest first, answered or not. */
export async function listObjections(principal: Principal, competitionId: string): Promise<TObjection[]> {
  const competition = await getManagedCompetition(principal, competitionId);
  const objections = await ResultObjectionModel.find({ competitionId: competition._id }).sort({ at: 1, _id: 1 }).lean<ResultObjectionRecord[]>().exec();
  return presentObjections(objections);
}

/**
 * The committee's answer, on the version it saw. With `disqualify`, the result objected to is
 * taken out of the ranking (取消成绩) and the ranking recomputed: the next contestant moves up
 * (递补), awards follow the new ranks, and the page shows the change notes.
 */
export async function answerObjection(
  principal: Principal,
  competitionId: string,
  objectionId: string,
  input: TObjectionAnswerInput,
  now: Date,
): Promise<TObjection> {
  const competition = await getManagedCompetition(principal, competitionId);
  const announcement = await announcementOf(competition._id);
  if (announcement.finalAt) throw new AppError('SCORES_FINAL', '成绩已确定，不能再答复异议或调整成绩');
  const id = ZObjectId.safeParse(objectionId).success ? new Types.ObjectId(objectionId) : null;
  const current = id ? await ResultObjectionModel.findOne({ _id: id, competitionId: competition._id }).lean<ResultObjectionRecord>().exec() : null;
  if (!current) throw new AppError('OBJECTION_NOT_FOUND');
  const answered = await ResultObjectionModel.findOneAndUpdate(
    { _id: current._id, version: input.version },
    {
      $set: { answer: input.answer, answeredAt: now, answeredBy: principal.userId, disqualified: current.disqualified || input.disqualify },
      $inc: { version: 1 },
    },
    { returnDocument: 'after' },
  )
    .lean<ResultObjectionRecord>()
    .exec();
  if (!answered) {
    throw new AppError('CONFLICT', '该异议已被他人答复，请刷新后查看', undefined, { status: current.answeredAt ? 'answered' : 'open', version: current.version });
  }
  if (input.disqualify && !current.disqualified) await takeOut(competition, current.registrationId, now);
  return (await presentObjections([answered]))[0]!;
}

async function takeOut(competition: CompetitionSetupRecord, registrationId: Types.ObjectId, now: Date): Promise<void> {
  const announcement = await ResultsAnnouncementModel.findOneAndUpdate(
    { competitionId: competition._id, finalAt: null },
    { $addToSet: { disqualifiedIds: registrationId }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  )
    .lean<ResultsAnnouncementRecord>()
    .exec();
  if (!announcement) throw new AppError('SCORES_FINAL', '成绩已确定，不能再调整成绩');
  await republish(competition, announcement, now);
}

/** Ranks the announced list again (a new snapshot with its change notes) and drops the cached page. */
async function republish(competition: CompetitionSetupRecord, announcement: ResultsAnnouncementRecord, now: Date): Promise<void> {
  const snapshot = await writeSnapshot(competition, announcement.disqualifiedIds, statusOf(announcement), now);
  await ResultsAnnouncementModel.updateOne({ _id: announcement._id }, { $max: { snapshotVersion: snapshot.version } }).exec();
  forgetPublicResults(competition._id);
}

/** Scores entered or corrected while the 公示 runs: the published list follows, with change notes. Nothing before it opens. */
export async function reRankAnnouncedResults(competition: CompetitionSetupRecord, now: Date): Promise<void> {
  const announcement = await ResultsAnnouncementModel.findOne({ competitionId: competition._id, finalAt: null }).lean<ResultsAnnouncementRecord>().exec();
  if (announcement) await republish(competition, announcement, now);
}

/**
 * Closes the 公示 and makes the results final: only once its closing date has passed and every
 * objection is answered. Scores then refuse changes (assertScoresOpen), and the workers are told.
 */
export async function closeAnnouncement(principal: Principal, competitionId: string, now: Date, log: Pick<Logger, 'error'>): Promise<TResultsAnnouncementState> {
  const competition = await getManagedCompetition(principal, competitionId);
  const announcement = await announcementOf(competition._id);
  if (announcement.finalAt) throw new AppError('RESULTS_CLOSE_REFUSED', '公示已经结束，成绩已确定');
  if (now.getTime() < announcement.closesAt.getTime()) {
    throw new AppError('RESULTS_CLOSE_REFUSED', `公示期至${announcement.closingDate}（含当日），期满后才能结束公示`);
  }
  const open = await ResultObjectionModel.countDocuments({ competitionId: competition._id, answeredAt: null }).exec();
  if (open > 0) throw new AppError('RESULTS_CLOSE_REFUSED', `还有 ${open} 条异议没有答复，答复后才能结束公示`);
  const closed = await ResultsAnnouncementModel.findOneAndUpdate(
    { _id: announcement._id, finalAt: null },
    { $set: { finalAt: now, noticesDue: 'results_final', noticesAfter: '' }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  )
    .lean<ResultsAnnouncementRecord>()
    .exec();
  if (!closed) throw new AppError('RESULTS_CLOSE_REFUSED', '公示已经结束，成绩已确定');
  await CompetitionModel.updateOne({ _id: competition._id, resultsFinalAt: null }, { $set: { resultsFinalAt: now } }).exec();
  // The list as announced (and amended by the answers), now final: carried over, not recomputed.
  const snapshot = await writeSnapshot(competition, closed.disqualifiedIds, statusOf(closed), now, false);
  await ResultsAnnouncementModel.updateOne({ _id: closed._id }, { $max: { snapshotVersion: snapshot.version } }).exec();
  forgetPublicResults(competition._id);
  // Interrupted here, the sweeper issues what is missing (resumeCertificateIssuance).
  await issueCertificates(competition._id, now);
  await tellResults(closed, now, log);
  return announcementState(competition._id);
}
