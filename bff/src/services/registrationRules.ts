import {
  AppError,
  COMPETITION_GROUPS,
  DECLARATION_TEXT,
  ageOn,
  parseNationalId,
  type TFieldError,
  type TRegistrationForm,
  type TSex,
} from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import { lookUpUnionForCompetition, type ResolvedUnion } from './unionLookup';

/** The form after every rule passed, with what the BFF derived from it. */
export interface CheckedRegistration {
  union: ResolvedUnion;
  nationalId: string;
  /** On the reference date: what is stored and shown instead of the birth date. */
  age: number;
  sex: TSex;
}

const chinaDate = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Nothing is submitted or changed outside the registration window. */
export function assertRegistrationOpen(competition: CompetitionSetupRecord, now: Date): void {
  if (competition.publication !== 'published') throw new AppError('REGISTRATION_CLOSED');
  if (now < competition.registrationOpensAt) throw new AppError('REGISTRATION_NOT_OPEN');
  if (now > competition.registrationClosesAt) throw new AppError('REGISTRATION_CLOSED');
}

/**
 * Every rule of the notices that a registration must meet, whatever the client sent:
 * union taking part, trade and group, a valid ID number, age on the reference date, and the
 * declarations the competition's eligibility settings ask for. Field errors are in Chinese.
 */
export async function checkRegistration(competition: CompetitionSetupRecord, form: TRegistrationForm, now: Date): Promise<CheckedRegistration> {
  const union = await lookUpUnionForCompetition(form.unionCode, competition);

  const trade = competition.trades.find((t) => t.code === form.tradeCode);
  if (!trade) throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'tradeCode', message: '本赛事没有这个工种' }]);
  if (!competition.groups.some((g) => g.code === form.groupCode) || !trade.groups.includes(form.groupCode)) {
    throw new AppError('VALIDATION_FAILED', undefined, [
      { path: 'groupCode', message: `${trade.name}不设${COMPETITION_GROUPS[form.groupCode]}` },
    ]);
  }

  const id = parseNationalId(form.nationalId, chinaDate(now));
  if (!id.ok) throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'nationalId', message: id.message }]);

  const problems: TFieldError[] = [];
  const eligibility = competition.eligibility;
  const referenceDate = chinaDate(eligibility?.referenceDate ?? competition.registrationClosesAt);
  // A range for this trade wins over one for the whole group.
  const ranges = eligibility?.ageRanges ?? [];
  const range =
    ranges.find((r) => r.groupCode === form.groupCode && r.tradeCode === form.tradeCode) ??
    ranges.find((r) => r.groupCode === form.groupCode && !r.tradeCode);
  const age = ageOn(id.birthDate, referenceDate);
  if (range) {
    if (age < range.minAge || age > range.maxAge) {
      problems.push({
        path: 'nationalId',
        message: `${COMPETITION_GROUPS[form.groupCode]}${trade.name}参赛年龄应为${range.minAge}至${range.maxAge}周岁（以${referenceDate}计），您届时${age}周岁`,
      });
    }
  }
  const isWorkerGroup = form.groupCode === 'worker';
  const required: Array<keyof TRegistrationForm['declarations']> = [];
  if ((eligibility?.excludedHonours ?? []).length > 0) required.push('noExcludedHonour');
  if (isWorkerGroup && (eligibility?.noFullTimeStudentsInWorkerGroup ?? true)) required.push('notFullTimeStudent');
  if (isWorkerGroup && eligibility?.workerResidenceRequired) required.push('localResidence');
  for (const declaration of required) {
    if (!form.declarations[declaration]) {
      problems.push({ path: `declarations.${declaration}`, message: `请确认：${DECLARATION_TEXT[declaration]}` });
    }
  }
  if (problems.length > 0) throw new AppError('NOT_ELIGIBLE', undefined, problems);

  return { union, nationalId: id.normalized, age, sex: id.sex };
}
