import type { Types } from 'mongoose';
import { AppError, auditPathOf, type TSchoolPathStep } from '@contest/shared';
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
 * A group set up on the school path (shared/src/schoolPath.ts) has two levels whatever `auditLevels`
 * says: the student's school (学校确认学籍), then the trade's host unit (承办单位审核).
 *
 * The union a submitted registration waits for is stored on it (`awaitingUnionId`), so each level's
 * queue is one indexed query; only that union's officials may decide.
 */

type Chained = Pick<RegistrationRecord, 'unionPath' | 'tradeCode' | 'groupCode'>;

/** Whether the registration's group takes the school path. */
export function onSchoolPath(competition: CompetitionSetupRecord, registration: Pick<RegistrationRecord, 'groupCode'>): boolean {
  return auditPathOf(competition.groupPaths, registration.groupCode) === 'school_host';
}

/** The host unit (承办单位) the set-up names for the registration's trade × group. */
export function hostUnitOf(competition: CompetitionSetupRecord, registration: Pick<RegistrationRecord, 'tradeCode' | 'groupCode'>): Types.ObjectId | null {
  return competition.hostUnits?.find((h) => h.tradeCode === registration.tradeCode && h.groupCode === registration.groupCode)?.unionId ?? null;
}

/** Whether some group of the competition takes the school path. */
export function hasSchoolPath(competition: CompetitionSetupRecord): boolean {
  return Object.values(competition.groupPaths ?? {}).includes('school_host');
}

/** Whether the union desk's 待审核 tab lists what waits for the official's own unit (its level). */
export function auditsByLevel(competition: CompetitionSetupRecord): boolean {
  return competition.auditLevels === 2 || hasSchoolPath(competition);
}

/** The unions that decide, level by level (level 1 first); empty in a one-level competition. */
export function levelUnions(competition: CompetitionSetupRecord, registration: Chained): Types.ObjectId[] {
  if (onSchoolPath(competition, registration)) {
    const school = registration.unionPath[registration.unionPath.length - 1];
    const host = hostUnitOf(competition, registration);
    return school && host ? [school, host] : [];
  }
  if (competition.auditLevels !== 2) return [];
  const own = registration.unionPath[registration.unionPath.length - 1];
  const parent = registration.unionPath[registration.unionPath.length - 2];
  if (!own) return [];
  const participating = quotaUnionOf(competition, registration);
  return participating && !participating.equals(own) && parent ? [own, parent] : [own];
}

/** What a submission (or a resubmission) starts with: waiting for its first level's union (and, on the school path, its host unit). */
export function auditStart(competition: CompetitionSetupRecord, registration: Chained): { awaitingUnionId?: Types.ObjectId; hostUnitId?: Types.ObjectId } {
  const [first] = levelUnions(competition, registration);
  const host = onSchoolPath(competition, registration) ? hostUnitOf(competition, registration) : null;
  return { ...(first ? { awaitingUnionId: first } : {}), ...(host ? { hostUnitId: host } : {}) };
}

/** Where a submitted registration of a two-level audit stands; null when levels do not apply. */
export interface LevelPosition {
  level: number;
  levels: number;
  /** The union whose officials decide at this level. */
  unionId: Types.ObjectId;
  /** The union an approval forwards to; null at the top level (an approval goes to the committee). */
  next: Types.ObjectId | null;
  /** The school path's step (学校确认学籍, 承办单位审核); null on the union path. */
  step: TSchoolPathStep | null;
}

export function levelPosition(
  competition: CompetitionSetupRecord,
  registration: Pick<RegistrationRecord, 'unionPath' | 'tradeCode' | 'groupCode' | 'status' | 'awaitingUnionId'>,
): LevelPosition | null {
  if (registration.status !== 'submitted') return null;
  const unions = levelUnions(competition, registration);
  if (unions.length === 0) return null;
  // Without a recorded level (not possible once set up: the level count cannot change under submitted registrations), level 1.
  const index = Math.max(0, unions.findIndex((id) => registration.awaitingUnionId?.equals(id) ?? false));
  const unionId = unions[index] as Types.ObjectId;
  const step = onSchoolPath(competition, registration) ? (index === 0 ? 'school' : 'host') : null;
  return { level: index + 1, levels: unions.length, unionId, next: unions[index + 1] ?? null, step };
}

/** Whether an official holding `unionRoots` decides at this level: only the level's own union does. */
export function decidesAtLevel(position: LevelPosition, unionRoots: readonly Types.ObjectId[] | 'all'): boolean {
  return unionRoots === 'all' || unionRoots.some((root) => root.equals(position.unionId));
}

/** The refusal when an official of another level (above or below) tries to decide; `unionName` is the level's union. */
export function levelRefusal(position: LevelPosition, unionName: string): AppError {
  if (position.step === 'school') return new AppError('AUDIT_LEVEL_REFUSED', `该报名正在等待学校（${unionName}）确认学籍，承办单位不能代为确认`);
  if (position.step === 'host') return new AppError('AUDIT_LEVEL_REFUSED', `该报名正在承办单位（${unionName}）审核，学校不能在这一级审核`);
  return new AppError('AUDIT_LEVEL_REFUSED', `该报名正在第${position.level}级（${unionName}）审核，您所在工会不能在这一级审核`);
}
