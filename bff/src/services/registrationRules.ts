import {
  AppError,
  COMPETITION_GROUPS,
  checkEntry,
  chinaToday,
  competitionStatus,
  parseNationalId,
  type TRegistrationForm,
  type TEvidenceKind,
  type TSex,
} from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import { onSchoolPath } from './auditLevels';
import { lookUpUnionForCompetition, type ResolvedUnion } from './unionLookup';

/** The form after every rule passed, with what the BFF derived from it. */
export interface CheckedRegistration {
  union: ResolvedUnion;
  nationalId: string;
  /** On the reference date: what is stored and shown instead of the birth date. */
  age: number;
  sex: TSex;
}

/** Nothing is submitted or changed outside the registration window. */
export function assertRegistrationOpen(competition: CompetitionSetupRecord, now: Date): void {
  const status = competitionStatus(competition, now);
  if (status === 'upcoming') throw new AppError('REGISTRATION_NOT_OPEN');
  if (status !== 'open') throw new AppError('REGISTRATION_CLOSED');
}

/**
 * Every rule of the notices that a registration must meet, whatever the client sent:
 * union taking part, trade and group, a valid ID number, then the rules of entry the competition
 * page shows: age on the reference date, the declarations its eligibility settings ask for, the
 * eligibility fields and evidence photos they require (`evidenceHeld`: the kinds uploaded). Field errors are in Chinese.
 */
export async function checkRegistration(
  competition: CompetitionSetupRecord,
  form: TRegistrationForm,
  now: Date,
  evidenceHeld: ReadonlySet<TEvidenceKind> = new Set(),
): Promise<CheckedRegistration> {
  const union = await lookUpUnionForCompetition(form.unionCode, competition);

  const trade = competition.trades.find((t) => t.code === form.tradeCode);
  if (!trade) throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'tradeCode', message: '本赛事没有这个工种' }]);
  if (!competition.groups.some((g) => g.code === form.groupCode) || !trade.groups.includes(form.groupCode)) {
    throw new AppError('VALIDATION_FAILED', undefined, [
      { path: 'groupCode', message: `${trade.name}不设${COMPETITION_GROUPS[form.groupCode]}` },
    ]);
  }
  // The school path: the student enters with the code of the school holding their 学籍.
  if (onSchoolPath(competition, form) && union.kind !== 'school') {
    throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'unionCode', message: `${COMPETITION_GROUPS[form.groupCode]}请填写学籍所在学校的代码` }]);
  }

  const id = parseNationalId(form.nationalId, chinaToday(now));
  if (!id.ok) throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'nationalId', message: id.message }]);

  // The rules the competition page shows the worker before the form (shared/src/entryRules.ts).
  const { age, problems } = checkEntry(competition, {
    groupCode: form.groupCode,
    tradeCode: form.tradeCode,
    tradeName: trade.name,
    birthDate: id.birthDate,
    declarations: form.declarations,
    claims: { skillLevel: form.skillLevel, stated: form.eligibilityClaims, evidenceHeld },
  });
  if (problems.length > 0) throw new AppError('NOT_ELIGIBLE', undefined, problems);

  return { union, nationalId: id.normalized, age, sex: id.sex };
}
