import {
  PRIVACY_NOTICE_VERSION,
  type TInvitation,
  type TMe,
  type TRoleGrant,
  type TRoleScope,
} from '@contest/shared';
import type { Types } from 'mongoose';
import type { InvitationRecord } from '../models/invitation';
import type { RoleGrantRecord } from '../models/roleGrant';
import type { UserRecord } from '../models/user';
import { invitationStatus } from '../services/invitations';
import type { ScopeNames } from '../services/scopeNames';

interface Scoped {
  unionId?: Types.ObjectId | null;
  competitionId?: Types.ObjectId | null;
  venue?: string | null;
}

function presentScope(record: Scoped, names: ScopeNames): TRoleScope {
  const unionId = record.unionId ? record.unionId.toHexString() : null;
  const competitionId = record.competitionId ? record.competitionId.toHexString() : null;
  return {
    unionId,
    unionName: unionId ? (names.unions.get(unionId) ?? null) : null,
    competitionId,
    competitionName: competitionId ? (names.competitions.get(competitionId) ?? null) : null,
    venue: record.venue ?? null,
  };
}

export function presentRoleGrant(grant: RoleGrantRecord, names: ScopeNames): TRoleGrant {
  return { id: grant._id.toHexString(), role: grant.role, scope: presentScope(grant, names), grantedAt: grant.createdAt.toISOString() };
}

/** The caller's own account. No openid, no session data: the client needs neither. */
export function presentMe(user: UserRecord, grants: RoleGrantRecord[], names: ScopeNames): TMe {
  return {
    id: user._id.toHexString(),
    privacy: {
      currentVersion: PRIVACY_NOTICE_VERSION,
      acceptedVersion: user.privacyAcceptedVersion ?? null,
      acceptedAt: user.privacyAcceptedAt ? user.privacyAcceptedAt.toISOString() : null,
    },
    roles: grants.map((grant) => presentRoleGrant(grant, names)),
  };
}

export function presentInvitation(invitation: InvitationRecord, names: ScopeNames, now: Date): TInvitation {
  return {
    id: invitation._id.toHexString(),
    role: invitation.role,
    scope: presentScope(invitation, names),
    note: invitation.note ?? '',
    status: invitationStatus(invitation, now),
    expiresAt: invitation.expiresAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
  };
}
