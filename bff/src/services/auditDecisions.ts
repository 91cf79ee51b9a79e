import { Types } from 'mongoose';
import {
  AppError,
  BATCH_OUTCOME_LABELS,
  COMPETITION_GROUPS,
  REGISTRATION_TRANSITIONS,
  type TAuditDecision,
  type TAuditDesk,
  type TBatchDecisionResult,
  type TBatchOutcome,
  type TRegistrationAction,
  type TRejectionKind,
} from '@contest/shared';
import type { Principal } from '../auth/principal';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { UnionModel } from '../models/union';
import { actingBody, deskRole, findForDesk } from './auditScope';
import { confirmPlace, givePlaceBack, quotaSlotOf, takePlace, unconfirmPlace, type QuotaSlot } from './quotas';

type DeskAction = Extract<TRegistrationAction, 'union_approve' | 'union_reject' | 'committee_confirm' | 'committee_reject'>;

const DESK_ACTIONS: Record<TAuditDesk, Record<TAuditDecision, DeskAction>> = {
  union: { approve: 'union_approve', reject: 'union_reject' },
  committee: { approve: 'committee_confirm', reject: 'committee_reject' },
};

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

function conflict(current: Pick<RegistrationRecord, 'status' | 'version'>): AppError {
  return new AppError('CONFLICT', '该报名已被他人处理，请查看最新状态', undefined, { status: current.status, version: current.version });
}

async function quotaFullError(competition: CompetitionSetupRecord, slot: QuotaSlot): Promise<AppError> {
  const union = await UnionModel.findById(slot.key.unionId, { name: 1 }).lean().exec();
  const trade = competition.trades.find((t) => t.code === slot.key.tradeCode)?.name ?? slot.key.tradeCode;
  const group = COMPETITION_GROUPS[slot.key.groupCode as keyof typeof COMPETITION_GROUPS] ?? slot.key.groupCode;
  return new AppError('QUOTA_FULL', `${union?.name ?? ''}${trade}${group}名额已满（共${slot.places}个），不能再通过`);
}

/**
 * Holds the quota for an approval or confirmation before the status changes; returns how to undo
 * that hold if the status change then loses a race. Rejections hold nothing.
 */
async function holdQuota(action: DeskAction, competition: CompetitionSetupRecord, registration: RegistrationRecord): Promise<() => Promise<void>> {
  const slot = quotaSlotOf(competition, registration);
  if (!slot) return async () => {};
  if (action === 'union_approve') {
    if (!(await takePlace(slot, registration._id))) throw await quotaFullError(competition, slot);
    return () => givePlaceBack(slot, registration._id);
  }
  if (action === 'committee_confirm') {
    if (!(await confirmPlace(slot, registration._id))) throw await quotaFullError(competition, slot);
    return () => unconfirmPlace(slot, registration._id);
  }
  return async () => {};
}

/**
 * One decision as one guarded transition: the update matches the status and version the official
 * saw, so when two decide at once exactly one wins and the other gets 409 with the current state.
 * Approval holds a quota place first (and gives it back if the transition loses); a rejection
 * gives any place held back. A rejection of the ID number as not the applicant's own also clears
 * `active` in the same update, so the number is free for its owner to register (the timeline entry
 * says so).
 */
export async function decide(
  principal: Principal,
  desk: TAuditDesk,
  id: string,
  input: Decision,
  now: Date,
  memo: DecisionMemo = newMemo(),
): Promise<{ registration: RegistrationRecord; competition: CompetitionSetupRecord }> {
  const current = await findForDesk(principal, desk, id);
  const action = DESK_ACTIONS[desk][input.decision];
  const rule = REGISTRATION_TRANSITIONS[action];
  if (current.version !== input.version) throw conflict(current);
  if (!rule.from.includes(current.status)) throw new AppError('ACTION_NOT_ALLOWED');
  const competitionKey = current.competitionId.toHexString();
  const competition =
    memo.competitions.get(competitionKey) ?? (await CompetitionModel.findById(current.competitionId).lean<CompetitionSetupRecord>().orFail().exec());
  memo.competitions.set(competitionKey, competition);

  const releasesNumber = input.decision === 'reject' && input.rejectionKind === 'identity';
  const undoHold = await holdQuota(action, competition, current);
  const updated = await RegistrationModel.findOneAndUpdate(
    { _id: current._id, status: current.status, version: current.version },
    {
      $set: releasesNumber ? { status: rule.to, active: false } : { status: rule.to },
      $inc: { version: 1 },
      $push: {
        timeline: {
          at: now,
          action,
          actor: rule.actor,
          actorUserId: principal.userId,
          actorRole: deskRole(principal, desk),
          actorName: await actingBody(principal, desk, current, memo.bodyNames),
          from: current.status,
          to: rule.to,
          reason: input.reason,
          ...(releasesNumber ? { nationalIdReleased: true } : {}),
        },
      },
    },
    { returnDocument: 'after' },
  )
    .lean<RegistrationRecord>()
    .exec();
  if (!updated) {
    await undoHold();
    const latest = await RegistrationModel.findById(current._id, { status: 1, version: 1 }).lean<RegistrationRecord>().orFail().exec();
    throw conflict(latest);
  }
  // A rejection gives back whatever place the registration holds: after the committee's, its union
  // approval's; after the union's, one that an approval interrupted before its status change left.
  if (action === 'committee_reject' || action === 'union_reject') {
    const slot = quotaSlotOf(competition, updated);
    if (slot) await givePlaceBack(slot, updated._id);
  }
  return { registration: updated, competition };
}

const OUTCOME_OF_ERROR: Partial<Record<AppError['code'], TBatchOutcome>> = {
  CONFLICT: 'conflict',
  ACTION_NOT_ALLOWED: 'not_allowed',
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
        message: outcome === 'quota_full' ? error.message : BATCH_OUTCOME_LABELS[outcome],
        status: state?.status ?? null,
        version: state?.version ?? null,
      });
    }
  }
  return { done: results.filter((r) => r.outcome === 'done').length, results };
}
