import {
  COMPETITION_GROUPS,
  type TCommitteePass,
  type TMyPass,
  type TPassPlace,
  type TVenueSessionView,
} from '@contest/shared';
import type { CompetitionSetupRecord } from '../models/competition';
import type { PassRecord, RegistrationRecord } from '../models/registration';
import type { VenueSessionRecord } from '../models/venueSession';
import type { UnionNames } from '../services/scopeNames';

/** The trade's and group's names as the competition set them (codes for ones it no longer has). */
export function tradeOf(competition: Pick<CompetitionSetupRecord, 'trades'>, code: string): { code: string; name: string } {
  return { code, name: competition.trades.find((t) => t.code === code)?.name ?? code };
}

export function groupOf(competition: Pick<CompetitionSetupRecord, 'groups'>, code: 'worker' | 'student'): { code: 'worker' | 'student'; name: string } {
  return { code, name: competition.groups.find((g) => g.code === code)?.name ?? COMPETITION_GROUPS[code] };
}

export function venueOf(competition: Pick<CompetitionSetupRecord, 'venues'>, code: string): { code: string; name: string; address: string } {
  const venue = (competition.venues ?? []).find((v) => v.code === code);
  return { code, name: venue?.name ?? code, address: venue?.address ?? '' };
}

/** A session's header: what the roster, the board and a scan's answer name it by. */
export function sessionHeader(session: VenueSessionRecord) {
  return {
    id: session._id.toHexString(),
    code: session.code,
    name: session.name,
    date: session.date,
    startTime: session.startTime,
    endTime: session.endTime,
  };
}

export function presentVenueSession(session: VenueSessionRecord, competition: CompetitionSetupRecord, placed: number): TVenueSessionView {
  return {
    ...sessionHeader(session),
    competitionId: session.competitionId.toHexString(),
    venue: venueOf(competition, session.venueCode),
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    capacity: session.capacity,
    stationPrefix: session.stationPrefix,
    hosts: session.hosts.map((host) => ({
      tradeCode: host.tradeCode,
      tradeName: tradeOf(competition, host.tradeCode).name,
      groupCode: host.groupCode,
      groupName: groupOf(competition, host.groupCode).name,
    })),
    instructions: session.instructions,
    placed,
    version: session.version,
  };
}

function presentPassPlace(pass: PassRecord, session: VenueSessionRecord, competition: CompetitionSetupRecord): TPassPlace {
  return {
    venue: venueOf(competition, pass.venueCode),
    session: { ...sessionHeader(session), startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString() },
    station: pass.station,
    instructions: session.instructions,
  };
}

/** A registration that holds a pass. */
export type PassHolder = RegistrationRecord & { pass: PassRecord };

/** The pass as its owner sees it. */
export function presentMyPass(registration: PassHolder, competition: CompetitionSetupRecord, session: VenueSessionRecord): TMyPass {
  const { pass } = registration;
  return {
    ...presentPassPlace(pass, session, competition),
    registrationId: registration._id.toHexString(),
    passNumber: pass.number,
    version: pass.version,
    // A revoked pass's QR would only be refused at the gate: not handed out.
    token: pass.revokedAt ? '' : pass.token,
    issuedAt: pass.issuedAt.toISOString(),
    revoked: pass.revokedAt ? { at: pass.revokedAt.toISOString(), reason: pass.revokedReason ?? '' } : null,
    competition: { id: competition._id.toHexString(), name: competition.name },
    name: registration.name,
    nationalIdMasked: registration.nationalIdMasked ?? '',
    trade: tradeOf(competition, registration.tradeCode),
    group: groupOf(competition, registration.groupCode),
  };
}

/**
 * A pass in the committee's list. `delegationId`: the participating union the registration counts
 * against (the team it comes with), when there is one.
 */
export function presentCommitteePass(
  registration: PassHolder,
  competition: CompetitionSetupRecord,
  session: VenueSessionRecord,
  unions: UnionNames,
  delegationId: string | null,
): TCommitteePass {
  const { competition: _competition, ...pass } = presentMyPass(registration, competition, session);
  const named = (id: string) => ({ id, code: unions.get(id)?.code ?? '', name: unions.get(id)?.name ?? '' });
  return { ...pass, union: named(registration.unionId.toHexString()), delegation: delegationId ? named(delegationId) : null };
}
