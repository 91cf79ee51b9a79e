import { Types, trusted } from 'mongoose';
import { AWARD_LABELS, type NotificationValues, type TResultRow } from '@contest/shared';
import type { Logger } from '../../logger';
import { CompetitionModel, type CompetitionSetupRecord } from '../../models/competition';
import { RegistrationModel, type OutboxEntry, type RegistrationRecord } from '../../models/registration';
import { ResultsAnnouncementModel, type ResultsAnnouncementRecord } from '../../models/results';
import { relayOutboxes } from '../notifications/outbox';
import { latestSnapshot } from './results';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

/**
 * Telling each contestant on the results list that the 公示 opened (results_announced) or that the
 * results are final (results_final), with their own standing, through the registrations' outbox —
 * the same way session changes are told (services/venue/sessionNotices.ts): 500 registrations at a
 * time, one bulk write puts the notice in each registration's outbox, the relay moves them on.
 *
 * Resumable without transactions: the announcement says which event is due (`noticesDue`) and the
 * last registration done (`noticesAfter`, rows go in id order); a process that dies midway leaves
 * that, and the sweeper goes on from there. The event id (competition, event, registration) makes a
 * repeated batch a no-op: the outbox filter skips an entry still pending and the relay inserts a
 * notification only once per event id.
 */

const BATCH = 500;
type NoticeKind = 'results_announced' | 'results_final';

export function resultsNoticeEventId(competitionId: Types.ObjectId, kind: NoticeKind, registrationId: string): string {
  return `results:${competitionId.toHexString()}:${kind}:${registrationId}`;
}

const STATUS_TEXT = { absent: '缺考', disqualified: '成绩已取消', unscored: '成绩待录入' } as const;

/** The worker's own standing, short enough for a 20-character keyword: “第3名 铜奖”, or why there is no rank. */
function standingOf(row: TResultRow): string {
  if (row.rank === null) return STATUS_TEXT[row.status as keyof typeof STATUS_TEXT];
  return `第${row.rank}名${row.award ? ` ${AWARD_LABELS[row.award]}` : ''}`;
}

function valuesFor(kind: NoticeKind, competition: CompetitionSetupRecord, announcement: ResultsAnnouncementRecord, row: TResultRow, now: Date): NotificationValues {
  const trade = competition.trades.find((t) => t.code === row.tradeCode)?.name ?? row.tradeCode;
  const [, month, day] = announcement.closingDate.split('-').map(Number);
  return {
    competition: competition.name,
    trade,
    person: row.name,
    title: kind === 'results_announced' ? `${trade}成绩公示` : `${trade}成绩已确定`,
    body: kind === 'results_announced' ? `${standingOf(row)}，公示至${month}月${day}日` : standingOf(row),
    at: now.toISOString(),
  };
}

async function tellBatch(kind: NoticeKind, competition: CompetitionSetupRecord, announcement: ResultsAnnouncementRecord, rows: TResultRow[], now: Date): Promise<void> {
  const entryFor = (row: TResultRow): OutboxEntry => ({
    eventId: resultsNoticeEventId(competition._id, kind, row.registrationId),
    kind,
    data: valuesFor(kind, competition, announcement, row, now),
    at: now,
  });
  await RegistrationModel.bulkWrite(
    rows.map((row) => {
      const entry = entryFor(row);
      return {
        updateOne: {
          filter: { _id: new Types.ObjectId(row.registrationId), userId: trusted({ $ne: null }), 'outbox.eventId': trusted({ $ne: entry.eventId }) },
          update: { $push: { outbox: entry } },
        },
      };
    }),
    { ordered: false },
  );
  const pending = await RegistrationModel.find(
    { _id: trusted({ $in: rows.map((r) => new Types.ObjectId(r.registrationId)) }), 'outbox.eventId': trusted({ $gt: '' }) },
    { userId: 1, outbox: 1 },
  )
    .lean<Array<Pick<RegistrationRecord, '_id' | 'userId' | 'outbox'>>>()
    .exec();
  await relayOutboxes(pending);
}

/** Tells every row after `noticesAfter`, recording progress per batch; then marks the event done. Answers how many rows it went through. */
async function tellRest(announcement: ResultsAnnouncementRecord, now: Date): Promise<number> {
  const kind = announcement.noticesDue;
  if (!kind) return 0;
  const competition = await CompetitionModel.findById(announcement.competitionId).lean<CompetitionSetupRecord>().orFail().exec();
  const snapshot = await latestSnapshot(competition._id);
  const rows = (snapshot?.groups ?? [])
    .flatMap((g) => g.rows)
    .filter((row) => row.registrationId > announcement.noticesAfter)
    .sort((a, b) => (a.registrationId < b.registrationId ? -1 : 1));
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await tellBatch(kind, competition, announcement, batch, now);
    await ResultsAnnouncementModel.updateOne({ _id: announcement._id, noticesDue: kind }, { $set: { noticesAfter: batch.at(-1)!.registrationId } }).exec();
  }
  await ResultsAnnouncementModel.updateOne({ _id: announcement._id, noticesDue: kind }, { $set: { noticesDue: null, noticesAfter: '' } }).exec();
  return rows.length;
}

/**
 * Starts telling the event the announcement has due: a list of up to 500 is told before the
 * committee's answer, a longer one goes on after it (the sweeper resumes it if this process dies).
 */
export async function tellResults(announcement: ResultsAnnouncementRecord, now: Date, log: Pick<Logger, 'error'>): Promise<void> {
  const snapshot = await latestSnapshot(announcement.competitionId);
  const count = snapshot?.groups.reduce((sum, g) => sum + g.rows.length, 0) ?? 0;
  const rest = tellRest(announcement, now);
  if (count <= BATCH) {
    await rest;
    return;
  }
  void rest.catch((error: unknown) => log.error({ err: error, competitionId: announcement.competitionId.toHexString() }, 'results notices stopped; the sweeper resumes them'));
}

/** Finishes results notices a process left due (start-up and the sweeper's timer); answers how many rows it went through. */
export async function resumeResultsNotices(now = new Date()): Promise<number> {
  const due = await ResultsAnnouncementModel.find({ noticesDue: trusted({ $in: ['results_announced', 'results_final'] }) }).lean<ResultsAnnouncementRecord[]>().exec();
  let told = 0;
  for (const announcement of due) told += await tellRest(announcement, now);
  return told;
}
