import type { Types } from 'mongoose';
import type { TRole } from '@contest/shared';
import type { Principal } from './principal';

/**
 * Who may do what, in one place. Routes first declare the roles they need (403 otherwise);
 * services then use these functions to keep each principal inside its scope, answering
 * 404 for what lies outside, exactly as for what does not exist.
 */

export type CompetitionScope = 'all' | Set<string>;

function grantsOf(principal: Principal, role: TRole) {
  return principal.grants.filter((grant) => grant.role === role);
}

export function isAdmin(principal: Principal): boolean {
  return grantsOf(principal, 'admin').length > 0;
}

/** Competitions the principal manages as the organising committee. */
export function managedCompetitions(principal: Principal): CompetitionScope {
  if (isAdmin(principal)) return 'all';
  const committee = grantsOf(principal, 'committee');
  if (committee.some((grant) => grant.competitionId === null)) return 'all';
  return new Set(committee.map((grant) => String(grant.competitionId)));
}

export function canManageCompetition(principal: Principal, competitionId: Types.ObjectId | string): boolean {
  const scope = managedCompetitions(principal);
  return scope === 'all' || scope.has(String(competitionId));
}

/** Creating competitions is for the whole committee (unscoped) and admins. */
export function canCreateCompetition(principal: Principal): boolean {
  return managedCompetitions(principal) === 'all';
}

/** The union directory serves every competition: any committee member or admin keeps it. */
export function canManageUnionDirectory(principal: Principal): boolean {
  return isAdmin(principal) || grantsOf(principal, 'committee').length > 0;
}

/** Roots of the union subtrees the principal may see: 'all' for the committee and admins. */
export function visibleUnionRoots(principal: Principal): 'all' | Types.ObjectId[] {
  if (canManageUnionDirectory(principal)) return 'all';
  return grantsOf(principal, 'union_official').flatMap((grant) => (grant.unionId ? [grant.unionId] : []));
}

export type InvitationDecision = 'allowed' | 'forbidden' | 'out_of_scope';

/**
 * Admins invite anyone. The committee invites union officials, and committee members and venue
 * staff for competitions it manages; only admins make admins or unscoped committee members.
 */
export function invitationDecision(principal: Principal, role: TRole, competitionId: string | null): InvitationDecision {
  if (isAdmin(principal)) return 'allowed';
  const scope = managedCompetitions(principal);
  if (grantsOf(principal, 'committee').length === 0) return 'forbidden';
  if (role === 'admin') return 'forbidden';
  if (role === 'union_official') return 'allowed';
  if (competitionId === null) return scope === 'all' ? 'allowed' : 'forbidden';
  return scope === 'all' || scope.has(competitionId) ? 'allowed' : 'out_of_scope';
}
