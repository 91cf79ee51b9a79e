import { Types, trusted } from 'mongoose';
import { AppError } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { ShortLivedCache } from './shortLivedCache';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

/** Published and finished competitions are public; drafts are the committee's alone. */
const PUBLIC = () => trusted({ $in: ['published' as const, 'finished' as const] });

/** Published competitions whose registration has not closed yet, nearest deadline first. */
export async function listOpenCompetitions(now: Date): Promise<CompetitionSetupRecord[]> {
  return CompetitionModel.find({ publication: 'published', registrationClosesAt: trusted({ $gte: now }) })
    .sort({ registrationClosesAt: 1 })
    .limit(200)
    .lean<CompetitionSetupRecord[]>()
    .exec();
}

/** Published or finished competitions, newest deadline first: what the audit desks work on. */
export async function listPublicCompetitions(limit: number): Promise<CompetitionSetupRecord[]> {
  return CompetitionModel.find({ publication: PUBLIC() }).sort({ registrationClosesAt: -1 }).limit(limit).lean<CompetitionSetupRecord[]>().exec();
}

/**
 * Every registration and code look-up reads its competition: kept a few seconds per process, so
 * a change to the set-up (closing, a trade removed) reaches new registrations within that time.
 */
const publicCompetitions = new ShortLivedCache<CompetitionSetupRecord>(3_000, 100);

/** A competition anyone may see; the same 404 for unknown, malformed and draft ids. */
export async function findCompetition(id: string): Promise<CompetitionSetupRecord> {
  if (!Types.ObjectId.isValid(id) || !/^[0-9a-f]{24}$/i.test(id)) throw new AppError('COMPETITION_NOT_FOUND');
  const _id = new Types.ObjectId(id);
  const competition = await publicCompetitions.get(_id.toHexString(), () =>
    CompetitionModel.findOne({ _id, publication: PUBLIC() }).lean<CompetitionSetupRecord>().exec(),
  );
  if (!competition) throw new AppError('COMPETITION_NOT_FOUND');
  return competition;
}

/** Drops a competition this process keeps, after a change to its set-up: the change shows here at once (elsewhere within 3 s). */
export function forgetCompetition(id: Types.ObjectId): void {
  publicCompetitions.forgetWhere((competition) => competition._id.equals(id));
}

/** The public competition a poster's short key names. */
export async function findCompetitionByKey(key: string): Promise<CompetitionSetupRecord | null> {
  return CompetitionModel.findOne({ entryKey: key, publication: PUBLIC() }).lean<CompetitionSetupRecord>().exec();
}
