import type { Types } from 'mongoose';
import { AppError } from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import type { RegistrationRecord } from '../models/registration';
import { quotaUnionOf } from './quotas';

/**
 * Level-by-level union audit. A competition set up with 2 levels has a registration audited first
 * by the worker's own union (基层工会, level 1) and then by that union's parent (区/局/集团, level 2),
 * before the committee. A registration made directly with a participating union (no union of its
 * own below it) has that one level only. With 1 level (the default) nothing here applies: any
 * official whose union is in the registration's chain decides, as before.
 *
 * The union a submitted registration waits for is stored on it (`awaitingUnionId`), so each level's
 * queue is one indexed query; only that union's officials may decide.
 */

type Chained = Pick<RegistrationRecord, 'unionPath'>;

/** The unions that decide, level by level (level 1 first); empty in a one-level competition. */
export function levelUnions(competition: CompetitionSetupRecord, registration: Chained): Types.ObjectId[] {
  if (competition.auditLevels !== 2) return [];
  const own = registration.unionPath[registration.unionPath.length - 1];
  const parent = registration.unionPath[registration.unionPath.length - 2];
  if (!own) return [];
  const participating = quotaUnionOf(competition, registration);
  return participating && !participating.equals(own) && parent ? [own, parent] : [own];
}

/** What a submission (or a resubmission) starts with: waiting for its first level's union. */
export function auditStart(competition: CompetitionSetupRecord, registration: Chained): { awaitingUnionId?: Types.ObjectId } {
  const [first] = levelUnions(competition, registration);
  return first ? { awaitingUnionId: first } : {};
}

/** Where a submitted registration of a two-level audit stands; null when levels do not apply. */
export interface LevelPosition {
  level: number;
  levels: number;
  /** The union whose officials decide at this level. */
  unionId: Types.ObjectId;
  /** The union an approval forwards to; null at the top level (an approval goes to the committee). */
  next: Types.ObjectId | null;
}

export function levelPosition(
  competition: CompetitionSetupRecord,
  registration: Pick<RegistrationRecord, 'unionPath' | 'status' | 'awaitingUnionId'>,
): LevelPosition | null {
  if (registration.status !== 'submitted') return null;
  const unions = levelUnions(competition, registration);
  if (unions.length === 0) return null;
  // Without a recorded level (not possible once set up: the level count cannot change under submitted registrations), level 1.
  const index = Math.max(0, unions.findIndex((id) => registration.awaitingUnionId?.equals(id) ?? false));
  const unionId = unions[index] as Types.ObjectId;
  return { level: index + 1, levels: unions.length, unionId, next: unions[index + 1] ?? null };
}

/** Whether an official holding `unionRoots` decides at this level: only the level's own union does. */
export function decidesAtLevel(position: LevelPosition, unionRoots: readonly Types.ObjectId[] | 'all'): boolean {
  return unionRoots === 'all' || unionRoots.some((root) => root.equals(position.unionId));
}

/** The refusal when an official of another level (above or below) tries to decide; `unionName` is the level's union. */
export function levelRefusal(position: LevelPosition, unionName: string): AppError {
  return new AppError('AUDIT_LEVEL_REFUSED', `该报名正在第${position.level}级（${unionName}）审核，您所在工会不能在这一级审核`);
}
