import {
  ZAssignmentResponse,
  ZCommitteePassResponse,
  ZPassListResponse,
  ZVenueSessionListResponse,
  ZVenueSessionResponse,
  type TAssignmentInput,
  type TAssignmentResult,
  type TCommitteePass,
  type TPassListPage,
  type TPassListQuery,
  type TPlacementInput,
  type TVenueSessionInput,
  type TVenueSessionUpdateInput,
  type TVenueSessionView,
} from '@contest/shared'
import { call } from './client'

/** The committee's sessions, placing and passes of a competition (/api/v1/admin/competitions/:id/…). */

const base = (competitionId: string) => `/admin/competitions/${encodeURIComponent(competitionId)}`

export async function listSessions(competitionId: string): Promise<TVenueSessionView[]> {
  return (await call({ path: `${base(competitionId)}/sessions`, schema: ZVenueSessionListResponse })).items
}

export function createSession(competitionId: string, input: TVenueSessionInput): Promise<TVenueSessionView> {
  return call({ method: 'POST', path: `${base(competitionId)}/sessions`, body: input, schema: ZVenueSessionResponse })
}

/** SESSION_CHANGE_REFUSED (per field) when the change would strand issued passes; CONFLICT when someone saved since `version`. */
export function updateSession(competitionId: string, code: string, input: TVenueSessionUpdateInput): Promise<TVenueSessionView> {
  return call({ method: 'PUT', path: `${base(competitionId)}/sessions/${encodeURIComponent(code)}`, body: input, schema: ZVenueSessionResponse })
}

/** Places every confirmed, unplaced registration of a trade × group; SESSION_CAPACITY_SHORT places nobody. */
export function assignAutomatically(competitionId: string, input: TAssignmentInput): Promise<TAssignmentResult> {
  return call({ method: 'POST', path: `${base(competitionId)}/assignments`, body: input, schema: ZAssignmentResponse })
}

/** Places or moves one registration (a move re-issues its pass); STATION_TAKEN when the station is someone else's. */
export function placeRegistration(competitionId: string, registrationId: string, input: TPlacementInput): Promise<TCommitteePass> {
  return call({
    method: 'POST',
    path: `${base(competitionId)}/registrations/${encodeURIComponent(registrationId)}/placement`,
    body: input,
    schema: ZCommitteePassResponse,
  })
}

export function listPasses(competitionId: string, query: Partial<TPassListQuery> = {}): Promise<TPassListPage> {
  return call({ path: `${base(competitionId)}/passes`, query, schema: ZPassListResponse })
}
