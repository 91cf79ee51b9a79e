import {
  DEFAULT_EXCLUDED_HONOURS,
  nationalIdCheckCharacter,
  unionCodeCheckCharacter,
  type TCompetitionDetailData,
  type TMyRegistration,
  type TMyRegistrationList,
  type TUnionLookup,
} from '@contest/shared'
import { haiheCup } from './fixtures'
import { answer, me } from './me'
import { taroMock } from './taro'

/** The demo competition as its public detail presents it, with who may enter. */
export const competition: TCompetitionDetailData = {
  ...haiheCup,
  registrationOpensAt: '2025-09-01T00:00:00+08:00',
  registrationClosesAt: '2026-08-31T23:59:59+08:00',
  eligibility: {
    referenceDate: '2026-08-31T23:59:59+08:00',
    ageRanges: [
      { groupCode: 'worker', tradeCode: null, minAge: 18, maxAge: 60 },
      { groupCode: 'student', tradeCode: null, minAge: 16, maxAge: 25 },
    ],
    excludedHonours: [...DEFAULT_EXCLUDED_HONOURS],
    workerResidenceRequired: false,
    noFullTimeStudentsInWorkerGroup: true,
  },
}

export const HEXI_CODE = `HXQ3${unionCodeCheckCharacter('HXQ3')}`

export const hexi: TUnionLookup = {
  id: '64b7f0c2a1b2c3d4e5f60801',
  code: HEXI_CODE,
  name: '河西区总工会',
  chain: ['天津市总工会', '河西区总工会'],
}

/** A valid ID number of 天津市河西区 (120103) for `birth` (YYYYMMDD); odd sequence = male. */
export function nationalId(birth: string, sequence = '123'): string {
  const first17 = `120103${birth}${sequence}`
  return first17 + nationalIdCheckCharacter(first17)
}

/** 1990-05-12, male: 36 on the reference date, within 职工组's 18–60. */
export const WORKER_ID = nationalId('19900512')
export const WORKER_MOBILE = '13812345678'

export const REGISTRATION_ID = '64b7f0c2a1b2c3d4e5f60c01'

export function registration(overrides: Partial<TMyRegistration> = {}): TMyRegistration {
  return {
    id: REGISTRATION_ID,
    competition: { id: competition.id, name: competition.name },
    union: hexi,
    name: '张伟',
    nationalIdMasked: '120103********1234',
    mobileMasked: '138****5678',
    age: 37,
    sex: 'male',
    employer: '天津市第一机床厂',
    trade: { code: 'welder', name: '焊工' },
    group: { code: 'worker', name: '职工组' },
    skillLevel: 'senior',
    yearsInTrade: 8,
    declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: false },
    status: 'submitted',
    version: 1,
    submittedAt: '2026-03-02T01:30:00.000Z',
    updatedAt: '2026-03-02T01:30:00.000Z',
    allowedActions: ['withdraw'],
    timeline: [
      {
        at: '2026-03-02T01:30:00.000Z',
        action: 'submit',
        actor: 'worker',
        actorName: null,
        from: null,
        to: 'submitted',
        reason: null,
      },
    ],
    // A deployment without NOTIFY_TEMPLATE_IDS: nothing to ask grants for.
    subscribeTemplateIds: [],
    pass: null,
    result: null,
    ...overrides,
  }
}

/** 我的报名 as GET /me/registrations answers it; no subscribe templates unless given. */
export function registrationList(items: TMyRegistration[], templates: Partial<Omit<TMyRegistrationList, 'items'>> = {}): TMyRegistrationList {
  return { items, subscribeTemplateIds: [], submitTemplateIds: [], ...templates }
}

/** The registration after 河西区总工会 rejected it (工作单位请填写全称): the worker may resubmit or withdraw. */
export function rejectedRegistration(): TMyRegistration {
  return registration({
    status: 'union_rejected',
    version: 2,
    allowedActions: ['resubmit', 'withdraw'],
    timeline: [
      ...registration().timeline,
      {
        at: '2026-03-03T02:05:00.000Z',
        action: 'union_reject',
        actor: 'union',
        actorName: '河西区总工会',
        from: 'submitted',
        to: 'union_rejected',
        reason: '工作单位请填写全称',
      },
    ],
  })
}

export type TSentRequest = { method: string; path: string; query: string; header: Record<string, string>; body: unknown }
type TRoute = (request: TSentRequest) => ReturnType<typeof answer> | Promise<ReturnType<typeof answer>> | undefined

/**
 * A signed-in worker (who accepted the privacy notice unless told otherwise) and a BFF that
 * answers through `route`; GET /me and the privacy consent are answered here. Every request the
 * pages make is recorded in the returned list.
 */
export function fakeBff(route: TRoute, options: { privacyAccepted?: boolean } = {}): TSentRequest[] {
  const sent: TSentRequest[] = []
  let accepted = options.privacyAccepted ?? true
  taroMock.storage.set('contest.session', { token: 'token-aaaaaaaaaaaaaaaaaaaa', expiresAt: '2099-01-01T00:00:00+08:00' })
  taroMock.request.mockImplementation(async (options: { url: string; method: string; header: Record<string, string>; data?: string }) => {
    const url = new URL(options.url, 'http://bff.test')
    const request: TSentRequest = {
      method: options.method,
      path: url.pathname.replace(/^\/api\/v1/, ''),
      query: url.search,
      header: options.header,
      body: options.data === undefined ? undefined : JSON.parse(options.data),
    }
    sent.push(request)
    if (request.method === 'GET' && request.path === '/me') return answer(200, { ok: true, data: me([], accepted) })
    if (request.method === 'POST' && request.path === '/me/privacy-consent') {
      accepted = true
      return answer(200, { ok: true, data: me([], true) })
    }
    const answered = await route(request)
    if (answered) return answered
    throw new Error(`unexpected ${request.method} ${request.path}`)
  })
  return sent
}

export function ok(data: unknown, status = 200) {
  return answer(status, { ok: true, data })
}

export function refused(status: number, code: string, message: string, fields?: { path: string; message: string }[]) {
  return answer(status, { ok: false, code, message, requestId: 'req-1', ...(fields ? { fields } : {}) })
}
