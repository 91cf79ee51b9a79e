import { Types } from 'mongoose';
import {
  AppError,
  BATCH_OUTCOME_LABELS,
  enrolmentConfirmedNote,
  type TAuditDecision,
  type TAuditDesk,
  type TBatchDecisionResult,
  type TBatchOutcome,
  type TRejectionKind,
} from '@contest/shared';
import type { Principal } from '../auth/principal';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { officialUnionRoots } from '../auth/policies';
import { decidesAtLevel, levelPosition, levelRefusal } from './auditLevels';
import { actingBody, deskRole, findForDesk, unionName } from './auditScope';
import { approveRegistration, confirmRegistration, forwardRegistration, rejectRegistration } from './registrationLifecycle';

/** What a batch reads once for all its items: competitions by id, the acting unions' names by id. */
export interface DecisionMemo {
  competitions: Map<string, CompetitionSetupRecord>;
  bodyNames: Map<string, string>;
}

const newMemo = (): DecisionMemo => ({ competitions: new Map(), bodyNames: new Map() });

export interface Decision {
  decision: TAuditDecision;
  reason: string | null;
  /** `identity`: the ID number is not the applicant's own, and the rejection releases it. */
  rejectionKind: TRejectionKind;
  version: number;
}

/**
 * One official's decision on one registration they reach at their desk: the union approves or
 * rejects, the committee confirms or rejects (registrationLifecycle.ts holds what each step does).
 */
export async function decide(
  principal: Principal,
  desk: TAuditDesk,
  id: string,
  input: Decision,
  now: Date,
  memo: DecisionMemo = newMemo(),
): Promise<{ registration: RegistrationRecord; competition: CompetitionSetupRecord }> {
  const registration = await findForDesk(principal, desk, id);
  const competitionKey = registration.competitionId.toHexString();
  const competition =
    memo.competitions.get(competitionKey) ?? (await CompetitionModel.findById(registration.competitionId).lean<CompetitionSetupRecord>().orFail().exec());
  memo.competitions.set(competitionKey, competition);
  // Two-level audit: only the level's own union decides, and records the level it decided at.
  const position = desk === 'union' ? levelPosition(competition, registration) : null;
  if (position && !decidesAtLevel(position, officialUnionRoots(principal, registration.competitionId))) {
    throw levelRefusal(position, await unionName(position.unionId, memo.bodyNames));
  }
  const actor = {
    userId: principal.userId,
    role: deskRole(principal, desk),
    body: position ? await unionName(position.unionId, memo.bodyNames) : await actingBody(principal, desk, registration, memo.bodyNames),
    ...(position ? { auditLevel: position.level } : {}),
  };
  const step = { registration, competition, version: input.version, actor, now };

  if (input.decision === 'reject') {
    const rejection = { reason: input.reason ?? '', releasesNumber: input.rejectionKind === 'identity' };
    return { registration: await rejectRegistration(step, desk, rejection), competition };
  }
  if (position?.next) {
    // The school's forward is its confirmation of the student's enrolment (学籍).
    const note = position.step === 'school' ? enrolmentConfirmedNote(input.reason) : input.reason;
    return { registration: await forwardRegistration(step, position.next, note), competition };
  }
  const decided = desk === 'union' ? await approveRegistration(step) : await confirmRegistration(step);
  return { registration: decided, competition };
}

const OUTCOME_OF_ERROR: Partial<Record<AppError['code'], TBatchOutcome>> = {
  CONFLICT: 'conflict',
  ACTION_NOT_ALLOWED: 'not_allowed',
  AUDIT_LEVEL_REFUSED: 'not_allowed',
  QUOTA_FULL: 'quota_full',
  REGISTRATION_NOT_FOUND: 'not_found',
};

/**
 * Up to 100 decisions, each on its own: one item's conflict or full quota never undoes or blocks
 * the others. In order, so that quota places go to the registrations listed first.
 */
export async function decideBatch(
  principal: Principal,
  desk: TAuditDesk,
  input: Omit<Decision, 'version'> & { items: Array<{ id: string; version: number }> },
  now: Date,
): Promise<TBatchDecisionResult> {
  const { items, ...decision } = input;
  const memo = newMemo();
  const results: TBatchDecisionResult['results'] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id.toLowerCase())) continue;
    seen.add(item.id.toLowerCase());
    try {
      const { registration: updated } = await decide(principal, desk, item.id, { ...decision, version: item.version }, now, memo);
      results.push({ id: item.id, outcome: 'done', message: BATCH_OUTCOME_LABELS.done, status: updated.status, version: updated.version });
    } catch (error) {
      const outcome = error instanceof AppError ? OUTCOME_OF_ERROR[error.code] : undefined;
      if (!outcome || !(error instanceof AppError)) throw error;
      const state = outcome === 'not_found' ? null : await RegistrationModel.findById(new Types.ObjectId(item.id), { status: 1, version: 1 }).lean().exec();
      results.push({
        id: item.id,
        outcome,
        message: outcome === 'quota_full' || error.code === 'AUDIT_LEVEL_REFUSED' ? error.message : BATCH_OUTCOME_LABELS[outcome],
        status: state?.status ?? null,
        version: state?.version ?? null,
      });
    }
  }
  return { done: results.filter((r) => r.outcome === 'done').length, results };
}
