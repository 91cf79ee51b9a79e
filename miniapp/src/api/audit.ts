import {
  ZAuditCompetitionListResponse,
  ZAuditQueueResponse,
  ZAuditRegistrationResponse,
  ZAuditSummaryResponse,
  ZBatchDecisionResponse,
  ZReachabilityResponse,
  ZRevealedPersonalDataResponse,
  type TAuditCompetition,
  type TAuditDesk,
  type TAuditQueuePage,
  type TAuditRegistration,
  type TAuditSummary,
  type TBatchDecisionInput,
  type TBatchDecisionResult,
  type TDecisionInput,
  type TQueueStatus,
  type TReachability,
  type TRevealedPersonalData,
} from '@contest/shared'
import { call, saveDownloadedFile } from './client'

/**
 * The audit desks (/api/v1/audit/union for union officials, /audit/committee for the committee):
 * one set of calls, the desk chooses the scope and what a decision means.
 */

/** The queue's filters, as the API takes them (trade and group go together). */
export type TQueueFilters = {
  status?: TQueueStatus
  tradeCode?: string
  groupCode?: string
  unionId?: string
  /** A name (or its beginning) or a full 18-character ID number. */
  q?: string
}

const desk = (name: TAuditDesk) => `/audit/${name}`
const id = (value: string) => encodeURIComponent(value)

export async function listAuditCompetitions(name: TAuditDesk): Promise<TAuditCompetition[]> {
  return (await call({ path: `${desk(name)}/competitions`, schema: ZAuditCompetitionListResponse })).items
}

export function getAuditSummary(name: TAuditDesk, competitionId: string): Promise<TAuditSummary> {
  return call({ path: `${desk(name)}/competitions/${id(competitionId)}/summary`, schema: ZAuditSummaryResponse })
}

/** Of the desk's registrations waiting for a message, how many WeChat can be sent it; those it cannot (whom to phone), a page at a time. */
export function getReachability(name: TAuditDesk, competitionId: string, cursor?: string): Promise<TReachability> {
  return call({ path: `${desk(name)}/competitions/${id(competitionId)}/reachability`, query: { cursor }, schema: ZReachabilityResponse })
}

/** One page of the queue; pass the previous page's `nextCursor` as `cursor` for the next. */
export function listAuditQueue(
  name: TAuditDesk,
  competitionId: string,
  filters: TQueueFilters,
  cursor?: string,
): Promise<TAuditQueuePage> {
  return call({
    path: `${desk(name)}/competitions/${id(competitionId)}/registrations`,
    query: { ...filters, cursor, limit: 20 },
    schema: ZAuditQueueResponse,
  })
}

export function getAuditRegistration(name: TAuditDesk, registrationId: string): Promise<TAuditRegistration> {
  return call({ path: `${desk(name)}/registrations/${id(registrationId)}`, schema: ZAuditRegistrationResponse })
}

/** The full ID number and phone; the BFF writes the view to the audit log first. */
export function revealPersonalData(name: TAuditDesk, registrationId: string): Promise<TRevealedPersonalData> {
  return call({ method: 'POST', path: `${desk(name)}/registrations/${id(registrationId)}/reveal`, schema: ZRevealedPersonalDataResponse })
}

/** One decision on the version the official saw: 409 CONFLICT (with `current`) when someone decided first. */
export function decideRegistration(name: TAuditDesk, registrationId: string, input: TDecisionInput): Promise<TAuditRegistration> {
  return call({
    method: 'POST',
    path: `${desk(name)}/registrations/${id(registrationId)}/decision`,
    body: input,
    schema: ZAuditRegistrationResponse,
  })
}

/** Up to 100 decisions at once, each answered on its own. */
export function decideBatch(name: TAuditDesk, input: TBatchDecisionInput): Promise<TBatchDecisionResult> {
  return call({ method: 'POST', path: `${desk(name)}/decisions`, body: input, schema: ZBatchDecisionResponse })
}

/**
 * The registration summary sheet (报名汇总表) of the desk's scope with the queue's filters (no
 * search). ID numbers are masked unless `full` (the committee desk only; the BFF logs it).
 */
export function exportRegistrationSheet(
  name: TAuditDesk,
  competitionId: string,
  filters: Omit<TQueueFilters, 'q'>,
  fileName: string,
  full = false,
): Promise<void> {
  return saveDownloadedFile({
    path: `${desk(name)}/competitions/${id(competitionId)}/export`,
    query: { ...filters, full: full ? '1' : '0' },
    fileName,
  })
}
