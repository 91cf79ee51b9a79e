import { Types, trusted } from 'mongoose';
import { AppError } from '@contest/shared';
import type { Principal } from '../../auth/principal';
import { canManageCompetition, managedCompetitions } from '../../auth/policies';
import { CompetitionModel, type CompetitionSetupRecord } from '../../models/competition';
import type { RoleGrantRecord } from '../../models/roleGrant';
import { VenueSessionModel, type VenueSessionRecord } from '../../models/venueSession';
import { ShortLivedCache } from '../shortLivedCache';

/**
 * Who reaches which session. Venue staff hold a grant for one competition and one venue: they work
 * the sessions of that venue. A grant names its venue by code or by name (the invitation page sends
 * the name the committee gave the venue), so both are read. The committee oversees every session of the
 * competitions it manages. Anything else answers SESSION_NOT_FOUND, exactly like a missing session.
 */

export interface SessionInScope {
  session: VenueSessionRecord;
  competition: CompetitionSetupRecord;
}

/** The code of the venue a venue-staff grant names (by code or by name), if the competition has it. */
export function grantedVenueCode(grant: Pick<RoleGrantRecord, 'venue'>, competition: Pick<CompetitionSetupRecord, 'venues'>): string | null {
  const venue = (competition.venues ?? []).find((v) => v.code === grant.venue) ?? (competition.venues ?? []).find((v) => v.name === grant.venue);
  return venue?.code ?? null;
}

/** The caller's venue-staff grant that covers the session's venue, if any. */
export function staffGrantFor(principal: Pick<Principal, 'grants'>, where: SessionInScope): RoleGrantRecord | undefined {
  return principal.grants.find(
    (grant) =>
      grant.role === 'venue_staff' && grant.competitionId?.equals(where.session.competitionId) && grantedVenueCode(grant, where.competition) === where.session.venueCode,
  );
}

/** Every scan reads its session and competition: kept a few seconds per process (a change shows within that). */
const sessions = new ShortLivedCache<SessionInScope>(3_000, 500);

async function loadSession(id: string): Promise<SessionInScope | null> {
  if (!/^[0-9a-f]{24}$/i.test(id)) return null;
  return sessions.get(id.toLowerCase(), async () => {
    const session = await VenueSessionModel.findById(new Types.ObjectId(id)).lean<VenueSessionRecord>().exec();
    const competition = session && (await CompetitionModel.findById(session.competitionId).lean<CompetitionSetupRecord>().exec());
    return session && competition ? { session, competition } : null;
  });
}

/** A session the caller checks contestants in for: venue staff of its venue only. */
export async function sessionForStaff(principal: Principal, id: string): Promise<SessionInScope & { grant: RoleGrantRecord }> {
  const found = await loadSession(id);
  const grant = found && staffGrantFor(principal, found);
  if (!found || !grant) throw new AppError('SESSION_NOT_FOUND');
  return { ...found, grant };
}

/** A session the caller may watch (roster, board, conflicts): its venue's staff, or the committee managing its competition. */
export async function sessionForOverseer(principal: Principal, id: string): Promise<SessionInScope> {
  const found = await loadSession(id);
  if (!found || !(staffGrantFor(principal, found) || canManageCompetition(principal, found.session.competitionId))) {
    throw new AppError('SESSION_NOT_FOUND');
  }
  return found;
}

/** The sessions the caller works or oversees, soonest first (the scan page's session picker). */
export async function sessionsInScope(principal: Principal): Promise<SessionInScope[]> {
  const staffGrants = principal.grants.filter((grant) => grant.role === 'venue_staff' && grant.competitionId);
  const staffCompetitions = await CompetitionModel.find({ _id: trusted({ $in: staffGrants.map((grant) => grant.competitionId) }) }, { venues: 1 })
    .lean<Array<Pick<CompetitionSetupRecord, '_id' | 'venues'>>>()
    .exec();
  const clauses: object[] = staffGrants.flatMap((grant) => {
    const competition = staffCompetitions.find((c) => grant.competitionId?.equals(c._id));
    const venueCode = competition && grantedVenueCode(grant, competition);
    return venueCode ? [{ competitionId: competition._id, venueCode }] : [];
  });
  const managed = managedCompetitions(principal);
  if (managed === 'all') clauses.push({});
  else if (managed.size > 0) clauses.push({ competitionId: trusted({ $in: [...managed].map((id) => new Types.ObjectId(id)) }) });
  if (clauses.length === 0) return [];
  const found = await VenueSessionModel.find({ $or: clauses })
    .sort({ startsAt: 1, code: 1 })
    .limit(500)
    .lean<VenueSessionRecord[]>()
    .exec();
  const competitionIds = [...new Set(found.map((s) => s.competitionId.toHexString()))].map((id) => new Types.ObjectId(id));
  const competitions = await CompetitionModel.find({ _id: trusted({ $in: competitionIds }) })
    .lean<CompetitionSetupRecord[]>()
    .exec();
  const byId = new Map(competitions.map((c) => [c._id.toHexString(), c]));
  return found.flatMap((session) => {
    const competition = byId.get(session.competitionId.toHexString());
    return competition ? [{ session, competition }] : [];
  });
}
