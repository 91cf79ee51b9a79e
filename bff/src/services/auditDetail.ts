import { Types, trusted } from 'mongoose';
import { type TAuditDesk } from '@contest/shared';
import type { Principal } from '../auth/principal';
import { AuditEventModel, type AuditEventRecord } from '../models/auditEvent';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import type { EvidenceRecord } from '../models/evidence';
import { InvitationModel } from '../models/invitation';
import { type RegistrationRecord } from '../models/registration';
import { RoleGrantModel } from '../models/roleGrant';
import { officialUnionRoots } from '../auth/policies';
import { findForDesk, reaches } from './auditScope';
import { evidenceOfRegistration } from './evidence/evidence';
import { findNationalIdHolder, type NationalIdHolder } from './nationalIdHolder';
import { placesUsedIn, quotaSlotOf } from './quotas';
import { loadUnionNames } from './registrations';
import type { QuotaLine } from './auditDashboard';
import type { UnionNames } from './scopeNames';

/** The deliberate views of a registration's full ID (reveals, ID searches that found it), oldest first. */
async function auditEventsOf(registrationId: Types.ObjectId): Promise<AuditEventRecord[]> {
  return AuditEventModel.find({ registrationId }).sort({ at: 1 }).limit(200).lean<AuditEventRecord[]>().exec();
}

export interface AuditDetail {
  registration: RegistrationRecord;
  competition: CompetitionSetupRecord;
  events: AuditEventRecord[];
  /** Officials named in the trail: the note their invitation carried (e.g. 王科长), else their account's tail. */
  people: Map<string, string>;
  quota: QuotaLine | null;
  unions: UnionNames;
  /** For a registration that no longer holds its number: the one that does now. */
  nationalIdInUse: NationalIdHolder | null;
  /** The photos in force, shown beside the stated eligibility fields. */
  evidence: EvidenceRecord[];
  /** The unions the viewer acts for at this desk ('all' for the committee): who may decide at a two-level audit's level. */
  deciders: Types.ObjectId[] | 'all';
}

async function describePeople(userIds: readonly Types.ObjectId[]): Promise<Map<string, string>> {
  const unique = [...new Map(userIds.map((id) => [id.toHexString(), id])).values()];
  if (unique.length === 0) return new Map();
  const grants = await RoleGrantModel.find({ userId: trusted({ $in: unique }), invitationId: trusted({ $ne: null }) }, { userId: 1, invitationId: 1 })
    .lean()
    .exec();
  const invitations = grants.length
    ? await InvitationModel.find({ _id: trusted({ $in: grants.map((g) => g.invitationId) }) }, { note: 1 }).lean().exec()
    : [];
  const noteOf = new Map(invitations.map((i) => [i._id.toHexString(), i.note]));
  const notes = new Map<string, string>();
  for (const grant of grants) {
    const note = grant.invitationId ? noteOf.get(grant.invitationId.toHexString()) : undefined;
    if (note && !notes.has(grant.userId.toHexString())) notes.set(grant.userId.toHexString(), note);
  }
  return new Map(unique.map((id) => [id.toHexString(), notes.get(id.toHexString()) ?? `账号尾号${id.toHexString().slice(-6)}`]));
}

/**
 * A registration the desk already reached, with its trail, its quota and, when it no longer holds
 * its ID number, the registration that does (for settling whose number it is). After a decision
 * the caller passes the competition it already holds.
 */
export async function detailOfReached(principal: Principal, desk: TAuditDesk, registration: RegistrationRecord, known?: CompetitionSetupRecord): Promise<AuditDetail> {
  const competition = known ?? (await CompetitionModel.findById(registration.competitionId).lean<CompetitionSetupRecord>().orFail().exec());
  const events = await auditEventsOf(registration._id);
  const actors = [...registration.timeline.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])), ...events.map((e) => e.actorUserId)];
  // The chain's names include the quota's union: it is the nearest participating union in the chain.
  const unions = await loadUnionNames([registration]);
  const slot = quotaSlotOf(competition, registration);
  const quota: QuotaLine | null = slot
    ? {
        quota: { unionId: slot.key.unionId, tradeCode: registration.tradeCode, groupCode: registration.groupCode, places: slot.places },
        unionName: unions.get(slot.key.unionId.toHexString())?.name ?? '',
        used: await placesUsedIn(slot),
      }
    : null;
  // An active registration is the number's one holder itself (the unique index): nothing to look up.
  const nationalIdInUse =
    registration.active || !registration.nationalIdHash
      ? null
      : await findNationalIdHolder(registration.competitionId, registration.nationalIdHash, registration._id, (holder) => reaches(principal, desk, holder));
  const evidence = await evidenceOfRegistration(registration._id);
  const deciders = desk === 'committee' ? 'all' : officialUnionRoots(principal, registration.competitionId);
  return { registration, competition, events, people: await describePeople(actors), quota, unions, nationalIdInUse, evidence, deciders };
}

/** The desk's detail page of one registration by id: 404 outside the desk's scope, as for one that does not exist. */
export async function readAuditDetail(principal: Principal, desk: TAuditDesk, id: string): Promise<AuditDetail> {
  return detailOfReached(principal, desk, await findForDesk(principal, desk, id));
}
