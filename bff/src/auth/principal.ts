import type { Types } from 'mongoose';
import type { TRole } from '@contest/shared';
import type { RoleGrantRecord } from '../models/roleGrant';

/** Who is calling: the signed-in user and the roles they hold now. */
export interface Principal {
  userId: Types.ObjectId;
  sessionId: Types.ObjectId;
  grants: RoleGrantRecord[];
  /** The privacy notice version the user accepted (null: none), when read with the session. */
  privacyAcceptedVersion?: string | null;
}

export function hasAnyRole(principal: Principal, roles: readonly TRole[]): boolean {
  return principal.grants.some((grant) => roles.includes(grant.role));
}
