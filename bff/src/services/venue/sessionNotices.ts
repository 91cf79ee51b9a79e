import { trusted, type Types } from 'mongoose';
import type { NotificationValues } from '@contest/shared';
import type { Logger } from '../../logger';
import { CompetitionModel, type CompetitionSetupRecord } from '../../models/competition';
import { RegistrationModel, type OutboxEntry, type RegistrationRecord } from '../../models/registration';
import { VenueSessionModel, type VenueSessionRecord } from '../../models/venueSession';
import { tradeOf, venueOf } from '../../presenters/venue';
import { relayOutboxes } from '../notifications/outbox';
import { livePassesFilter } from './sessions';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

/**
 * Telling the workers placed in a session that it changed (its day, time, name or instructions):
 * a `pass_issued` notice (the inbox titles it 准考证已更新) to the worker of every live pass.
 *
 * Without transactions: the session's update records which of its versions is news
 * (`passNewsVersion`) and that notices are due. Then, a batch of passes at a time, one bulk write
 * gives each live pass not yet told of that version (`pass.toldSessionVersion`) the notice in its
 * registration's outbox and marks it told, in the same single-document update; the relay moves the
 * notices on. A pass is told of a version once (the update's filter), a retry finds nothing left
 * to tell, and the event id (session, version, registration) keeps a relay repeated after a crash
 * from doubling it. A process that dies midway leaves notices due; the sweeper finishes them.
 */

const BATCH = 500;
const NOTE = '考场安排已变更，请以最新准考证为准';

type SessionFields = Pick<VenueSessionRecord, 'venueCode' | 'name' | 'date' | 'startTime' | 'endTime' | 'instructions'>;

/** Whether a change alters what the session's passes say (capacity, prefix and hosts do not; the first two cannot change under passes). */
export function isNewsToPasses(before: SessionFields, after: SessionFields): boolean {
  return (['venueCode', 'name', 'date', 'startTime', 'endTime', 'instructions'] as const).some((field) => before[field] !== after[field]);
}

/** The notice's event id: the session, the version whose news it carries, and the registration. */
export function sessionNoticeEventId(sessionId: Types.ObjectId, sessionVersion: number, registrationId: Types.ObjectId): string {
  return `session:${sessionId.toHexString()}:${sessionVersion}:${registrationId.toHexString()}`;
}

/** Live passes of the session not yet told of its latest news (passes from before this field existed count as untold). */
function untoldFilter(session: VenueSessionRecord) {
  return { ...livePassesFilter(session._id), 'pass.toldSessionVersion': trusted({ $not: { $gte: session.passNewsVersion } }) };
}

type Untold = Pick<RegistrationRecord, '_id' | 'name' | 'tradeCode'> & { pass: { number: string; station: string } };

/** One batch: its notices written by one bulk write, then relayed. Answers how many untold passes it read and how many it told. */
async function tellBatch(session: VenueSessionRecord, competition: CompetitionSetupRecord, now: Date): Promise<{ read: number; told: number }> {
  const batch = await RegistrationModel.find(untoldFilter(session), { name: 1, tradeCode: 1, 'pass.number': 1, 'pass.station': 1 })
    .limit(BATCH)
    .lean<Untold[]>()
    .exec();
  if (batch.length === 0) return { read: 0, told: 0 };
  const venue = venueOf(competition, session.venueCode).name;
  const entryFor = (registration: Untold): OutboxEntry => {
    const data: NotificationValues = {
      competition: competition.name,
      trade: tradeOf(competition, registration.tradeCode).name,
      person: registration.name,
      passNumber: registration.pass.number,
      place: `${venue} ${registration.pass.station}`,
      startsAt: session.startsAt.toISOString(),
      at: now.toISOString(),
      note: NOTE,
    };
    return { eventId: sessionNoticeEventId(session._id, session.passNewsVersion, registration._id), kind: 'pass_issued', data, at: now };
  };
  const written = await RegistrationModel.bulkWrite(
    batch.map((registration) => ({
      updateOne: {
        filter: { _id: registration._id, ...untoldFilter(session) },
        update: { $set: { 'pass.toldSessionVersion': session.passNewsVersion }, $push: { outbox: entryFor(registration) } },
      },
    })),
    { ordered: false },
  );
  // Relay what landed (a pass revoked since the read got nothing); the sweeper relays what a crash leaves.
  const pending = await RegistrationModel.find(
    { _id: trusted({ $in: batch.map((r) => r._id) }), 'outbox.eventId': trusted({ $gt: '' }) },
    { userId: 1, outbox: 1 },
  )
    .lean<Array<Pick<RegistrationRecord, '_id' | 'userId' | 'outbox'>>>()
    .exec();
  await relayOutboxes(pending);
  return { read: batch.length, told: written.modifiedCount };
}

/**
 * Tells every untold live pass of the session, then marks its notices done (unless newer news came
 * meanwhile). A pass a batch read but did not tell was told or revoked by someone else meanwhile,
 * so the next read does not find it again: the loop ends.
 */
async function tellRest(session: VenueSessionRecord, competition: CompetitionSetupRecord, now: Date, toldBefore: number): Promise<number> {
  let told = toldBefore;
  for (;;) {
    const batch = await tellBatch(session, competition, now);
    told += batch.told;
    if (batch.read < BATCH) break;
  }
  await VenueSessionModel.updateOne({ _id: session._id, passNewsVersion: session.passNewsVersion }, { $set: { passNoticesDue: false } }).exec();
  return told;
}

const competitionOf = (session: VenueSessionRecord) =>
  CompetitionModel.findById(session.competitionId).lean<CompetitionSetupRecord>().orFail().exec();

/**
 * Tells the session's placed workers of its news: the first batch before the committee's answer
 * (a session of up to 500 passes is done when it returns), the rest after it.
 */
export async function tellPlacedWorkers(session: VenueSessionRecord, now: Date, log: Pick<Logger, 'error'>): Promise<void> {
  const competition = await competitionOf(session);
  const first = await tellBatch(session, competition, now);
  const rest = tellRest(session, competition, now, first.told);
  if (first.read < BATCH) {
    await rest;
    return;
  }
  void rest.catch((error: unknown) => log.error({ err: error, sessionId: session._id.toHexString() }, 'session change notices stopped; the sweeper resumes them'));
}

/** Finishes the notices a process left due (run at start-up and on the sweeper's timer); answers how many passes it told. */
export async function resumeSessionNotices(now = new Date()): Promise<number> {
  const due = await VenueSessionModel.find({ passNoticesDue: true }).lean<VenueSessionRecord[]>().exec();
  let told = 0;
  for (const session of due) told += await tellRest(session, await competitionOf(session), now, 0);
  return told;
}
