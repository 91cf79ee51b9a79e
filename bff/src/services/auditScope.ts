import { Types, trusted } from 'mongoose';
import { AppError, type TAuditDesk, type TRole } from '@contest/shared';
import type { Principal } from '../auth/principal';
import { canManageCompetition, isAdmin, officialUnionRoots } from '../auth/policies';
import type { CompetitionSetupRecord } from '../models/competition';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { UnionModel, type UnionWithId } from '../models/union';
import { findCompetition, listPublicCompetitions } from './competitions';

/**
 * What one desk may see of one competition. The union desk reaches the registrations whose union
 * chain passes through one of the official's unions; the committee desk reaches every registration
 * of a competition it manages. Anything outside answers 404, exactly like what does not exist.
 */
export interface DeskScope {
  desk: TAuditDesk;
  competition: CompetitionSetupRecord;
  /** The official's unions (union desk); 'all' for the committee desk. */
  unionRoots: Types.ObjectId[] | 'all';
}

/** The role a desk's decisions are recorded under. */
export function deskRole(principal: Principal, desk: TAuditDesk): TRole {
  if (desk === 'union') return 'union_official';
  return isAdmin(principal) ? 'admin' : 'committee';
}

export async function openDesk(principal: Principal, desk: TAuditDesk, competitionId: string): Promise<DeskScope> {
  const competition = await findCompetition(competitionId);
  if (desk === 'committee') {
    if (!canManageCompetition(principal, competition._id)) throw new AppError('COMPETITION_NOT_FOUND');
    return { desk, competition, unionRoots: 'all' };
  }
  const unionRoots = officialUnionRoots(principal, competition._id);
  // An official whose grants are for other competitions has no desk here.
  if (unionRoots.length === 0) throw new AppError('COMPETITION_NOT_FOUND');
  return { desk, competition, unionRoots };
}

/** Competitions a desk works on: published or finished, and for the committee only those it manages. */
export async function auditableCompetitions(principal: Principal, desk: TAuditDesk): Promise<CompetitionSetupRecord[]> {
  const competitions = await listPublicCompetitions(100);
  return competitions.filter((c) => (desk === 'committee' ? canManageCompetition(principal, c._id) : officialUnionRoots(principal, c._id).length > 0));
}

type Placed = Pick<RegistrationRecord, 'unionPath' | 'hostUnitId'>;

/** Through the union chain, or (school path) as its trade's host unit (承办单位), outside the chain. */
const passesThrough = (registration: Placed, roots: readonly Types.ObjectId[]) =>
  registration.unionPath.some((id) => roots.some((root) => root.equals(id))) || roots.some((root) => registration.hostUnitId?.equals(root) ?? false);

/** Whether a registration lies within what the principal reaches at this desk. */
export function reaches(principal: Principal, desk: TAuditDesk, registration: Pick<RegistrationRecord, 'competitionId'> & Placed): boolean {
  if (desk === 'committee') return canManageCompetition(principal, registration.competitionId);
  return passesThrough(registration, officialUnionRoots(principal, registration.competitionId));
}

/** Whether a registration of the scope's competition lies within the desk's scope. */
export function withinScope(scope: DeskScope, registration: Placed): boolean {
  return scope.unionRoots === 'all' || passesThrough(registration, scope.unionRoots);
}

/** The filter value on unionPath that keeps a query inside the scope. */
export function unionPathFilter(roots: Types.ObjectId[]): Types.ObjectId | ReturnType<typeof trusted> {
  return roots.length === 1 && roots[0] ? roots[0] : trusted({ $in: roots });
}

/**
 * A union the desk may filter by: for the official, their own or one below it; for the committee,
 * any union in the directory. Others answer 404.
 */
export async function unionWithinScope(scope: DeskScope, unionId: string): Promise<UnionWithId> {
  const union = await UnionModel.findById(new Types.ObjectId(unionId)).lean<UnionWithId>().exec();
  if (!union) throw new AppError('UNION_NOT_FOUND');
  if (scope.unionRoots === 'all') return union;
  const chain = [...union.ancestorIds, union._id];
  if (!scope.unionRoots.some((root) => chain.some((id) => id.equals(root)))) throw new AppError('UNION_NOT_FOUND');
  return union;
}

/** A registration the desk reaches; anything else (another union's, another competition's) is 404. */
export async function findForDesk(principal: Principal, desk: TAuditDesk, id: string): Promise<RegistrationRecord> {
  if (!Types.ObjectId.isValid(id)) throw new AppError('REGISTRATION_NOT_FOUND');
  const registration = await RegistrationModel.findById(new Types.ObjectId(id)).lean<RegistrationRecord>().exec();
  if (!registration || !reaches(principal, desk, registration)) throw new AppError('REGISTRATION_NOT_FOUND');
  return registration;
}

/**
 * The body an official acts for at this registration: their union within its chain, nearest first.
 * `names` keeps the unions' names already read (a batch decides many registrations of one union).
 */
export async function actingBody(
  principal: Principal,
  desk: TAuditDesk,
  registration: Pick<RegistrationRecord, 'competitionId' | 'unionPath'>,
  names: Map<string, string> = new Map(),
): Promise<string> {
  if (desk === 'committee') return '大赛组委会';
  const roots = officialUnionRoots(principal, registration.competitionId);
  const own = [...registration.unionPath].reverse().find((id) => roots.some((root) => root.equals(id)));
  if (!own) return '';
  return unionName(own, names);
}

/** A union's name, through `names` (the names already read). */
export async function unionName(id: Types.ObjectId, names: Map<string, string>): Promise<string> {
  const known = names.get(id.toHexString());
  if (known !== undefined) return known;
  const name = (await UnionModel.findById(id, { name: 1 }).lean().exec())?.name ?? '';
  names.set(id.toHexString(), name);
  return name;
}
