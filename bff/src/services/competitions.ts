import { Types, trusted } from 'mongoose';
import { AppError, ZCompetitionId, type TCompetitionStatus } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

export type CompetitionWithId = CompetitionSetupRecord;

/** What people see: publication state first, then where `now` falls in the registration window. */
export function competitionStatus(
  competition: Pick<CompetitionSetupRecord, 'publication' | 'registrationOpensAt' | 'registrationClosesAt'>,
  now: Date,
): TCompetitionStatus {
  if (competition.publication === 'draft') return 'draft';
  if (competition.publication === 'finished') return 'finished';
  if (now < competition.registrationOpensAt) return 'upcoming';
  if (now > competition.registrationClosesAt) return 'closed';
  return 'open';
}

/** Published competitions whose registration has not closed yet, nearest deadline first. */
export async function listOpenCompetitions(now: Date): Promise<CompetitionWithId[]> {
  return CompetitionModel.find({ publication: 'published', registrationClosesAt: trusted({ $gte: now }) })
    .sort({ registrationClosesAt: 1 })
    .limit(200)
    .lean<CompetitionWithId[]>()
    .exec();
}

/** A competition anyone may see; drafts and malformed ids are as absent as unknown ones. */
export async function getPublicCompetition(id: string): Promise<CompetitionWithId> {
  if (!ZCompetitionId.safeParse(id).success) throw new AppError('COMPETITION_NOT_FOUND');
  const competition = await CompetitionModel.findOne({
    _id: new Types.ObjectId(id),
    publication: trusted({ $in: ['published', 'finished'] }),
  })
    .lean<CompetitionWithId>()
    .exec();
  if (!competition) throw new AppError('COMPETITION_NOT_FOUND');
  return competition;
}
