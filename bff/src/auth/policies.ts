import type { Types } from 'mongoose';
import type { TRole } from '@contest/shared';
import type { RoleGrantRecord } from '../models/roleGrant';
import type { Principal } from './principal';

/**
 * Who may do what, in one place. Routes first declare the roles they need (403 otherwise);
 * services then use these functions to keep each principal inside its scope, answering
 * 404 for what lies outside, exactly as for what does not exist.
 */

export type CompetitionScope = 'all' | Set<string>;

function grantsOf(principal: Pick<Principal, 'grants'>, role: TRole) {
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
 * The grant that lets the principal invite `role` for `competitionId` (null: unscoped), or why not.
 * What a person may grant is bounded by what they hold:
 * - admins invite anyone;
 * - the whole committee (an unscoped committee grant) invites committee members for one competition,
 *   union officials (for one competition or all) and venue staff;
 * - a committee member of competitions A… invites committee members, union officials and venue staff
 *   for A… only;
 * - only admins make admins or unscoped committee members; nobody else invites.
 */
export function invitationAuthority(
  principal: Pick<Principal, 'grants'>,
  role: TRole,
  competitionId: string | null,
): { decision: 'allowed'; grant: RoleGrantRecord } | { decision: Exclude<InvitationDecision, 'allowed'> } {
  const admin = grantsOf(principal, 'admin')[0];
  if (admin) return { decision: 'allowed', grant: admin };
  const committee = grantsOf(principal, 'committee');
  if (committee.length === 0 || role === 'admin') return { decision: 'forbidden' };
  const unscoped = committee.find((grant) => grant.competitionId === null);
  if (competitionId === null) {
    // An unscoped grant of a competition-wide role is as much as the whole committee holds.
    return unscoped && role === 'union_official' ? { decision: 'allowed', grant: unscoped } : { decision: 'forbidden' };
  }
  const covering = unscoped ?? committee.find((grant) => String(grant.competitionId) === competitionId);
  return covering ? { decision: 'allowed', grant: covering } : { decision: 'out_of_scope' };
}

export function invitationDecision(principal: Pick<Principal, 'grants'>, role: TRole, competitionId: string | null): InvitationDecision {
  return invitationAuthority(principal, role, competitionId).decision;
}

/**
 * The unions an official audits for in one competition: their union_official grants for that
 * competition and their unscoped ones.
 */
export function officialUnionRoots(principal: Pick<Principal, 'grants'>, competitionId: Types.ObjectId | string): Types.ObjectId[] {
  const competition = String(competitionId);
  return grantsOf(principal, 'union_official').flatMap((grant) =>
    grant.unionId && (grant.competitionId === null || String(grant.competitionId) === competition) ? [grant.unionId] : [],
  );
}
