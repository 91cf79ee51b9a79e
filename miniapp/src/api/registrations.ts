import {
  ZMyRegistrationListResponse,
  ZMyRegistrationResponse,
  ZUnionLookupResponse,
  type TMyRegistration,
  type TMyRegistrationList,
  type TRegistrationForm,
  type TRegistrationSubmitInput,
  type TUnionLookup,
} from '@contest/shared'
import { call } from './client'

/**
 * A worker's registration: the union code look-up, submitting, 我的报名, withdrawing and
 * resubmitting after a union's rejection.
 */

/**
 * The union a worker's code names, with the chain above it, for the worker to confirm. No session
 * needed. UNION_CODE_MISTYPED / UNION_CODE_UNKNOWN / UNION_NOT_PARTICIPATING otherwise.
 */
export function lookUpUnion(code: string, competitionId: string): Promise<TUnionLookup> {
  return call({
    path: `/unions/by-code/${encodeURIComponent(code)}`,
    query: { competitionId },
    schema: ZUnionLookupResponse,
    auth: 'public',
  })
}

/**
 * A key for one submit. The same key goes with every retry of that submit (after a network
 * failure), so the BFF answers the first result instead of registering twice. Not a secret:
 * `crypto.randomUUID` where the engine has it, else time and Math.random.
 */
export function newIdempotencyKey(): string {
  // `typeof`: mini-program engines have no `crypto` global at all.
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const random = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0')
  return `${Date.now().toString(36)}-${random()}-${random()}`
}

export function submitRegistration(input: TRegistrationSubmitInput, idempotencyKey: string): Promise<TMyRegistration> {
  return call({
    method: 'POST',
    path: '/registrations',
    body: input,
    headers: { 'Idempotency-Key': idempotencyKey },
    schema: ZMyRegistrationResponse,
  })
}

/** 我的报名, with the subscribe templates to ask for when it is opened and when submitting. */
export function listMyRegistrations(): Promise<TMyRegistrationList> {
  return call({ path: '/me/registrations', schema: ZMyRegistrationListResponse })
}

/** REGISTRATION_NOT_FOUND for an id that is not the signed-in person's. */
export function getMyRegistration(id: string): Promise<TMyRegistration> {
  return call({ path: `/me/registrations/${encodeURIComponent(id)}`, schema: ZMyRegistrationResponse })
}

/** CONFLICT when the registration changed since `version` was read (e.g. the union just decided). */
export function withdrawRegistration(id: string, version: number): Promise<TMyRegistration> {
  return call({
    method: 'POST',
    path: `/me/registrations/${encodeURIComponent(id)}/withdraw`,
    body: { version },
    schema: ZMyRegistrationResponse,
  })
}

/** After a union's rejection, before the deadline: the whole form again, with the version read. */
export function resubmitRegistration(id: string, form: TRegistrationForm, version: number): Promise<TMyRegistration> {
  return call({
    method: 'PUT',
    path: `/me/registrations/${encodeURIComponent(id)}`,
    body: { ...form, version },
    schema: ZMyRegistrationResponse,
  })
}
