import { Types, trusted } from 'mongoose';
import { AppError } from '@contest/shared';
import { isAdmin, managedCompetitions } from '../auth/policies';
import type { Principal } from '../auth/principal';
import { InvitationModel } from '../models/invitation';
import { RoleGrantModel, type RoleGrantRecord } from '../models/roleGrant';

/** Grants a principal may see and revoke: admins all; the committee all but admins, or those of its competitions. */
function visibleGrantsFilter(principal: Principal) {
  if (isAdmin(principal)) return {};
  const scope = managedCompetitions(principal);
  if (scope === 'all') return { role: trusted({ $ne: 'admin' as const }) };
  return { competitionId: trusted({ $in: [...scope].map((id) => new Types.ObjectId(id)) }) };
}

export async function listRoleGrants(principal: Principal): Promise<RoleGrantRecord[]> {
  return RoleGrantModel.find({ ...visibleGrantsFilter(principal), revokedAt: null })
    .sort({ createdAt: -1 })
    .limit(500)
    .lean<RoleGrantRecord[]>()
    .exec();
}

export async function revokeRoleGrant(principal: Principal, id: string, now: Date): Promise<RoleGrantRecord> {
  if (!Types.ObjectId.isValid(id)) throw new AppError('ROLE_NOT_FOUND');
  const revoked = await RoleGrantModel.findOneAndUpdate(
    { ...visibleGrantsFilter(principal), _id: new Types.ObjectId(id), revokedAt: null },
    { $set: { revokedAt: now, revokedBy: principal.userId } },
    { returnDocument: 'after' },
  )
    .lean<RoleGrantRecord>()
    .exec();
  if (!revoked) throw new AppError('ROLE_NOT_FOUND');
  // What the grant allowed its holder to hand on goes with it.
  await InvitationModel.updateMany(
    { issuedUnderGrantId: revoked._id, acceptedAt: null, revokedAt: null },
    { $set: { revokedAt: now, revokedBy: principal.userId } },
  ).exec();
  return revoked;
}
