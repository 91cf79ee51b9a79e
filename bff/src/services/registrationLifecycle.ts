import type { Types } from 'mongoose';
import {
  AppError,
  COMPETITION_GROUPS,
  REGISTRATION_ACTION_LABELS,
  REGISTRATION_TRANSITIONS,
  type NotificationValues,
  type TNotificationKind,
  type TRegistrationVerb,
  type TRole,
} from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import { isDuplicateKey } from '../models/duplicateKey';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { UnionModel } from '../models/union';
import { outboxEventId, relayOutbox } from './notifications/outbox';
import { confirmPlace, givePlaceBack, quotaSlotOf, takePlace, unconfirmPlace, type QuotaSlot } from './quotas';

/**
 * The life of a registration after it is submitted, in the domain's words: approve, reject,
 * confirm, disqualify, withdraw, resubmit. Each verb is the one place for its side effects (quota
 * places, notifications, revoking the pass; results later); every status change goes through applyTransition.
 */

/** Who takes a step: the worker (no role, no body), or an official acting for a body (河西区总工会, 大赛组委会). */
export interface Actor {
  userId: Types.ObjectId;
  role: TRole | null;
  body: string | null;
  /** A union official deciding in a two-level audit: the level they decide at (auditLevels.ts). */
  auditLevel?: number;
}

/** A step on one registration, as read by whoever takes it, with the version they saw. */
export interface Step {
  registration: RegistrationRecord;
  competition: CompetitionSetupRecord;
  version: number;
  actor: Actor;
  now: Date;
}

/** The one answer to a step someone else's step got to first: 409 with the state the registration is in now. */
export function transitionConflict(current: Pick<RegistrationRecord, 'status' | 'version'>): AppError {
  return new AppError('CONFLICT', '报名状态已有变化，请查看最新状态', undefined, { status: current.status, version: current.version });
}

/**
 * Whether `verb` may be taken now: the version first (someone else acted since the page was read:
 * 409 with the current state), then the status (the transition table).
 */
function assertMayTake(verb: TRegistrationVerb, step: Step): void {
  if (step.registration.version !== step.version) throw transitionConflict(step.registration);
  if (!REGISTRATION_TRANSITIONS[verb].from.includes(step.registration.status)) throw new AppError('ACTION_NOT_ALLOWED');
}

interface TransitionDetails {
  reason?: string | null;
  /** Fields that change with the status (a resubmission's corrected data). */
  changes?: Record<string, unknown>;
  /** The step frees the ID number for its owner (a rejection as not the applicant's own). */
  releasesNumber?: boolean;
  /** The notification the step causes, recorded in the registration's outbox by the same update. */
  notification?: { kind: TNotificationKind; data: NotificationValues };
}

/**
 * The one status-change engine: a single conditional update on {_id, status, version} that also
 * appends the timeline entry (who, role, body, from → to, reason) and the notification it causes, if
 * any, to the outbox (relayOutbox moves it on). When two act at once exactly one wins; the other gets
 * transitionConflict with the current state.
 */
export async function applyTransition(verb: TRegistrationVerb, step: Step, details: TransitionDetails = {}): Promise<RegistrationRecord> {
  const rule = REGISTRATION_TRANSITIONS[verb];
  const current = step.registration;
  const holdsNumber = rule.to !== 'withdrawn' && !details.releasesNumber;
  // A pass is valid only while its registration is confirmed: a step away revokes it and frees its station.
  const revokesPass = current.pass && !current.pass.revokedAt && rule.to !== 'confirmed';
  const revocation = revokesPass
    ? { 'pass.revokedAt': step.now, 'pass.revokedReason': details.reason ?? REGISTRATION_ACTION_LABELS[verb], 'pass.revokedBy': step.actor.userId }
    : {};
  try {
    const updated = await RegistrationModel.findOneAndUpdate(
      { _id: current._id, status: current.status, version: step.version },
      {
        $set: { ...details.changes, status: rule.to, ...(holdsNumber ? {} : { active: false }), ...revocation },
        ...(revokesPass ? { $unset: { stationKey: '' } } : {}),
        $inc: { version: 1 },
        $push: {
          timeline: {
            at: step.now,
            action: verb,
            actor: rule.actor,
            actorUserId: step.actor.userId,
            actorRole: step.actor.role,
            actorName: step.actor.body,
            from: current.status,
            to: rule.to,
            reason: details.reason ?? null,
            ...(details.releasesNumber ? { nationalIdReleased: true } : {}),
            ...(step.actor.auditLevel !== undefined ? { auditLevel: step.actor.auditLevel } : {}),
          },
          ...(details.notification
            ? { outbox: { eventId: outboxEventId(current._id, step.version + 1), kind: details.notification.kind, data: details.notification.data, at: step.now } }
            : {}),
        },
      },
      { returnDocument: 'after' },
    )
      .lean<RegistrationRecord>()
      .exec();
    if (updated) return updated;
  } catch (error) {
    // A resubmission that changes the ID number to one another active registration holds.
    if (isDuplicateKey(error, 'nationalIdHash')) throw new AppError('ALREADY_REGISTERED');
    throw error;
  }
  const latest = await RegistrationModel.findById(current._id, { status: 1, version: 1 }).lean<Pick<RegistrationRecord, 'status' | 'version'>>().exec();
  throw transitionConflict(latest ?? current);
}

async function quotaFullError(competition: CompetitionSetupRecord, slot: QuotaSlot): Promise<AppError> {
  const union = await UnionModel.findById(slot.key.unionId, { name: 1 }).lean().exec();
  const trade = competition.trades.find((t) => t.code === slot.key.tradeCode)?.name ?? slot.key.tradeCode;
  const group = COMPETITION_GROUPS[slot.key.groupCode as keyof typeof COMPETITION_GROUPS] ?? slot.key.groupCode;
  return new AppError('QUOTA_FULL', `${union?.name ?? ''}${trade}${group}名额已满（共${slot.places}个），不能再通过`);
}

/**
 * Takes a step that needs a quota place held first (`hold` answers false when none is left), and
 * lets the place go again when the status change then loses to someone else's step.
 */
async function withPlaceHeld(
  verb: TRegistrationVerb,
  step: Step,
  hold: (slot: QuotaSlot, id: Types.ObjectId) => Promise<boolean>,
  release: (slot: QuotaSlot, id: Types.ObjectId) => Promise<void>,
  details: TransitionDetails,
): Promise<RegistrationRecord> {
  assertMayTake(verb, step);
  const slot = quotaSlotOf(step.competition, step.registration);
  if (slot && !(await hold(slot, step.registration._id))) throw await quotaFullError(step.competition, slot);
  try {
    return await applyTransition(verb, step, details);
  } catch (error) {
    if (slot) await release(slot, step.registration._id);
    throw error;
  }
}

async function givePlaceBackFor(step: Step, registration: RegistrationRecord): Promise<void> {
  const slot = quotaSlotOf(step.competition, registration);
  if (slot) await givePlaceBack(slot, registration._id);
}

/** What a notification about `step` says: the competition, trade, person, a note (who decided, or why), when. */
function notificationAbout(kind: TNotificationKind, step: Step, note: string): TransitionDetails['notification'] {
  const trade = step.competition.trades.find((t) => t.code === step.registration.tradeCode)?.name ?? step.registration.tradeCode;
  return {
    kind,
    data: { competition: step.competition.name, trade, person: step.registration.name, note, at: step.now.toISOString() },
  };
}

/**
 * Moves the step's notification from the registration's outbox to `notifications`. The status change
 * has happened whatever this does: a failure here is left to the outbox sweeper, not to the caller.
 */
async function relayAfterStep(registration: RegistrationRecord): Promise<RegistrationRecord> {
  await relayOutbox(registration).catch(() => undefined);
  return registration;
}

/** The union approves: a place of the nearest participating union is taken, and the registration goes to the committee. */
export async function approveRegistration(step: Step): Promise<RegistrationRecord> {
  const notification = notificationAbout('union_approved', step, `${step.actor.body ?? '工会'}已通过，待组委会确认`);
  return relayAfterStep(await withPlaceHeld('union_approve', step, takePlace, givePlaceBack, { notification }));
}

/**
 * Two-level audit: the 基层工会 approves and the registration waits for `nextUnion` (its parent),
 * still 待工会审核, with the official's note for the next level, if any. No quota place is taken yet (the top level's approval takes it, as a one-level
 * approval does) and nothing is sent: the worker's next message is the parent union's result.
 */
export async function forwardRegistration(step: Step, nextUnion: Types.ObjectId, note: string | null): Promise<RegistrationRecord> {
  assertMayTake('union_forward', step);
  return applyTransition('union_forward', step, { reason: note, changes: { awaitingUnionId: nextUnion } });
}

/** The committee confirms: the place is checked again (the committee may have lowered it), and the registration is final. */
export async function confirmRegistration(step: Step): Promise<RegistrationRecord> {
  const notification = notificationAbout('committee_confirmed', step, step.actor.body ?? '大赛组委会');
  return relayAfterStep(await withPlaceHeld('committee_confirm', step, confirmPlace, unconfirmPlace, { notification }));
}

/**
 * A rejection at `desk`'s stage, with its reason. It gives back any place the registration holds
 * (after the committee's, its union approval's; after the union's, one that an interrupted approval
 * left). A rejection of the ID number as not the applicant's own also frees the number for its owner.
 */
export async function rejectRegistration(
  step: Step,
  desk: 'union' | 'committee',
  rejection: { reason: string; releasesNumber: boolean },
): Promise<RegistrationRecord> {
  const verb: TRegistrationVerb = desk === 'union' ? 'union_reject' : 'committee_reject';
  assertMayTake(verb, step);
  const notification = notificationAbout(desk === 'union' ? 'union_rejected' : 'committee_rejected', step, rejection.reason);
  const rejected = await applyTransition(verb, step, { reason: rejection.reason, releasesNumber: rejection.releasesNumber, notification });
  await givePlaceBackFor(step, rejected);
  return relayAfterStep(rejected);
}

/**
 * The committee disqualifies a confirmed registration (found ineligible, or giving up through the
 * committee): its pass is revoked in the same update, its place goes back to the quota, and the
 * worker is told why.
 */
export async function disqualifyRegistration(step: Step, reason: string): Promise<RegistrationRecord> {
  assertMayTake('committee_disqualify', step);
  const notification = notificationAbout('committee_disqualified', step, reason);
  const disqualified = await applyTransition('committee_disqualify', step, { reason, notification });
  await givePlaceBackFor(step, disqualified);
  return relayAfterStep(disqualified);
}

/** The worker withdraws, before confirmation; a place the union granted goes back to the quota. */
export async function withdrawRegistration(step: Step): Promise<RegistrationRecord> {
  assertMayTake('withdraw', step);
  const withdrawn = await applyTransition('withdraw', step);
  await givePlaceBackFor(step, withdrawn);
  return withdrawn;
}

/** The worker corrects a registration the union rejected and sends it to the union again. */
export async function resubmitRegistration(step: Step, corrected: Record<string, unknown>): Promise<RegistrationRecord> {
  assertMayTake('resubmit', step);
  return applyTransition('resubmit', step, { changes: corrected });
}
