/**
 * Who may enter a competition and when: the registration window, the age range on the reference
 * date and the declarations a competition asks for, in China time. The BFF's rules, its
 * presenters and the mini-program's form all read them here, so they cannot disagree.
 */
import { chinaDate, type Instant } from './chinaTime';
import { COMPETITION_GROUPS, type TCompetitionStatus, type TGroupCode } from './competition';
import { DEFAULT_EXCLUDED_HONOURS } from './competitionSetup';
import { ageOn } from './nationalId';
import type { TDeclarations } from './registration';

const millis = (instant: Instant) => (typeof instant === 'string' ? Date.parse(instant) : instant.getTime());

// ——— The registration window ———

interface WindowedCompetition {
  publication: 'draft' | 'published' | 'finished';
  registrationOpensAt: Instant;
  registrationClosesAt: Instant;
}

/** What people see: publication state first, then where `now` falls in the registration window. */
export function competitionStatus(competition: WindowedCompetition, now: Date): TCompetitionStatus {
  if (competition.publication === 'draft') return 'draft';
  if (competition.publication === 'finished') return 'finished';
  if (now.getTime() < millis(competition.registrationOpensAt)) return 'upcoming';
  // The closing moment itself still takes registrations (a deadline of 23:59 is stored as 23:59:59.999).
  if (now.getTime() > millis(competition.registrationClosesAt)) return 'closed';
  return 'open';
}

/** Registrations are submitted, corrected and resubmitted only while this holds. */
export function isRegistrationOpen(competition: WindowedCompetition, now: Date): boolean {
  return competitionStatus(competition, now) === 'open';
}

// ——— Eligibility settings ———

export type TDeclarationKey = keyof TDeclarations;

interface StoredAgeRange {
  groupCode: string;
  tradeCode?: string | null;
  minAge: number;
  maxAge: number;
}

/** The settings as stored or sent: competitions stored before a setting existed lack it. */
export interface EligibilitySettings {
  referenceDate?: Instant | null;
  ageRanges?: readonly StoredAgeRange[];
  excludedHonours?: readonly string[];
  workerResidenceRequired?: boolean | null;
  noFullTimeStudentsInWorkerGroup?: boolean | null;
}

/** The settings with their defaults: what every rule and every presenter reads. */
export interface ResolvedEligibility {
  referenceDate: Instant | null;
  ageRanges: readonly StoredAgeRange[];
  excludedHonours: readonly string[];
  workerResidenceRequired: boolean;
  /** On unless the committee turned it off: the notices keep full-time students out of 职工组. */
  noFullTimeStudentsInWorkerGroup: boolean;
}

export function resolveEligibility(settings: EligibilitySettings | null | undefined): ResolvedEligibility {
  return {
    referenceDate: settings?.referenceDate ?? null,
    ageRanges: settings?.ageRanges ?? [],
    excludedHonours: settings?.excludedHonours ?? DEFAULT_EXCLUDED_HONOURS,
    workerResidenceRequired: settings?.workerResidenceRequired ?? false,
    noFullTimeStudentsInWorkerGroup: settings?.noFullTimeStudentsInWorkerGroup ?? true,
  };
}

/**
 * The declarations a registration in this group must make: no excluded honour when honours are
 * excluded; for 职工组, not a full-time student, and local residence when required.
 */
export function requiredDeclarations(settings: EligibilitySettings | null | undefined, groupCode: string): TDeclarationKey[] {
  const eligibility = resolveEligibility(settings);
  const workerGroup = groupCode === 'worker';
  const required: TDeclarationKey[] = [];
  if (workerGroup && eligibility.noFullTimeStudentsInWorkerGroup) required.push('notFullTimeStudent');
  if (workerGroup && eligibility.workerResidenceRequired) required.push('localResidence');
  if (eligibility.excludedHonours.length > 0) required.push('noExcludedHonour');
  return required;
}

/** The date ages are counted on: the set reference date, else the registration deadline (China time). */
export function ageReferenceDate(settings: EligibilitySettings | null | undefined, registrationClosesAt: Instant): string {
  return chinaDate(resolveEligibility(settings).referenceDate ?? registrationClosesAt);
}

export interface AgeCheck {
  age: number;
  referenceDate: string;
  /** Why the age is outside the range that applies (in Chinese); null when it is inside or none applies. */
  problem: string | null;
}

/** The age on the reference date of someone born on `birthDate`, against the range for this trade (else the whole group). */
export function checkAge(
  competition: { eligibility?: EligibilitySettings | null; registrationClosesAt: Instant },
  entry: { groupCode: TGroupCode; tradeCode: string; tradeName: string },
  birthDate: string,
): AgeCheck {
  const { ageRanges } = resolveEligibility(competition.eligibility);
  const referenceDate = ageReferenceDate(competition.eligibility, competition.registrationClosesAt);
  const age = ageOn(birthDate, referenceDate);
  const range =
    ageRanges.find((r) => r.groupCode === entry.groupCode && r.tradeCode === entry.tradeCode) ??
    ageRanges.find((r) => r.groupCode === entry.groupCode && !r.tradeCode);
  const inside = !range || (age >= range.minAge && age <= range.maxAge);
  return {
    age,
    referenceDate,
    problem: inside
      ? null
      : `${COMPETITION_GROUPS[entry.groupCode]}${entry.tradeName}参赛年龄应为${range.minAge}至${range.maxAge}周岁（以${referenceDate}计），您届时${age}周岁`,
  };
}
