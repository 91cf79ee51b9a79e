import { emptyStatusCounts, type TAuditListItem, type TAuditRegistration, type TAuditSummary, type TMe, type TQuotaUsage, type TStatusCounts } from '@contest/shared'
import { COMPETITION_ID, COMPETITION_NAME, HEXI_UNION_ID, answer, me, officialGrant } from './me'
import { taroMock } from './taro'

/** Registrations and dashboards as the audit API presents them, for the audit page tests. */

export const YOUYI_UNION_ID = '64b7f0c2a1b2c3d4e5f60802'

/** A 24-hex id ending in `n` (two digits). */
export function registrationId(n: number): string {
  return `64b7f0c2a1b2c3d4e5f60d${String(n).padStart(2, '0')}`
}

export function listItem(n: number, overrides: Partial<TAuditListItem> = {}): TAuditListItem {
  return {
    id: registrationId(n),
    name: `职工${n}`,
    sex: 'male',
    age: 37,
    nationalIdMasked: `120103********${String(1000 + n)}`,
    employer: '天津市第一机床厂',
    union: { id: HEXI_UNION_ID, name: '河西区总工会' },
    trade: { code: 'welding', name: '焊工' },
    group: { code: 'worker', name: '职工组' },
    skillLevel: 'senior',
    status: 'submitted',
    version: 0,
    submittedAt: '2026-03-02T01:30:00.000Z',
    allowedDecisions: ['approve', 'reject'],
    auditLevel: null,
    ...overrides,
  }
}

/** 河西区's places for 焊工 职工组, as the dashboard lists them and the detail of a 焊工 registration shows them. */
const HEXI_WELDING_QUOTA: TQuotaUsage = {
  unionId: HEXI_UNION_ID,
  unionName: '河西区总工会',
  tradeCode: 'welding',
  tradeName: '焊工',
  groupCode: 'worker',
  groupName: '职工组',
  places: 5,
  used: 4,
  left: 1,
}

function counts(values: Partial<TStatusCounts>): TStatusCounts {
  return { ...emptyStatusCounts(), ...values }
}

export function summary(overrides: Partial<TAuditSummary> = {}): TAuditSummary {
  return {
    competition: { id: COMPETITION_ID, name: COMPETITION_NAME, registrationClosesAt: '2026-08-31T23:59:59+08:00' },
    scopeNames: ['河西区总工会'],
    byStatus: counts({ submitted: 23, union_approved: 4, confirmed: 2, union_rejected: 1, committee_rejected: 1 }),
    byTrade: [
      { tradeCode: 'welding', tradeName: '焊工', groupCode: 'worker', groupName: '职工组', counts: counts({ submitted: 20, union_approved: 4 }) },
      { tradeCode: 'welding', tradeName: '焊工', groupCode: 'student', groupName: '学生组', counts: counts({}) },
      { tradeCode: 'cnc-turning', tradeName: '数控车工', groupCode: 'worker', groupName: '职工组', counts: counts({ submitted: 3, confirmed: 2 }) },
    ],
    byUnion: [{ unionId: YOUYI_UNION_ID, unionName: '河西区友谊路街道总工会', counts: counts({ submitted: 5 }) }],
    quotas: [
      { ...HEXI_WELDING_QUOTA },
      {
        unionId: HEXI_UNION_ID,
        unionName: '河西区总工会',
        tradeCode: 'cnc-turning',
        tradeName: '数控车工',
        groupCode: 'worker',
        groupName: '职工组',
        places: 2,
        used: 2,
        left: 0,
      },
    ],
    waitingHere: null,
    trades: [
      { code: 'welding', name: '焊工', groups: ['worker', 'student'] },
      { code: 'cnc-turning', name: '数控车工', groups: ['worker'] },
    ],
    ...overrides,
  }
}

export function auditRegistration(overrides: Partial<TAuditRegistration> = {}): TAuditRegistration {
  return {
    ...listItem(1, { name: '张伟', nationalIdMasked: '120103********1235' }),
    competition: { id: COMPETITION_ID, name: COMPETITION_NAME },
    union: { id: HEXI_UNION_ID, code: 'HXQ3X', name: '河西区总工会', chain: ['天津市总工会', '河西区总工会'] },
    mobileMasked: '138****5678',
    yearsInTrade: 8,
    declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: false },
    quota: { ...HEXI_WELDING_QUOTA },
    nationalIdInUse: null,
    trail: [
      {
        at: '2026-03-02T01:30:00.000Z',
        kind: 'transition',
        action: 'submit',
        actorRole: '报名人',
        actorBody: null,
        actorPerson: '张伟',
        from: null,
        to: 'submitted',
        reason: null,
      },
    ],
    ...overrides,
  }
}

export type TSentRequest = { method: string; path: string; query: URLSearchParams; body: unknown }
type TRoute = (request: TSentRequest) => ReturnType<typeof answer> | undefined

/**
 * A signed-in official (and, with `person`, anyone else) and a BFF that answers through `route`;
 * GET /me is answered here. Every request the pages make is recorded in the returned list.
 */
export function fakeAuditBff(route: TRoute, person: TMe = me([officialGrant], true)): TSentRequest[] {
  const sent: TSentRequest[] = []
  taroMock.storage.set('contest.session', { token: 'token-aaaaaaaaaaaaaaaaaaaa', expiresAt: '2099-01-01T00:00:00+08:00' })
  taroMock.request.mockImplementation(async (options: { url: string; method: string; data?: string }) => {
    const url = new URL(options.url, 'http://bff.test')
    const request: TSentRequest = {
      method: options.method,
      path: url.pathname.replace(/^\/api\/v1/, ''),
      query: url.searchParams,
      body: options.data === undefined ? undefined : JSON.parse(options.data),
    }
    sent.push(request)
    if (request.method === 'GET' && request.path === '/me') return answer(200, { ok: true, data: person })
    const answered = route(request)
    if (answered) return answered
    throw new Error(`unexpected ${request.method} ${request.path}${url.search}`)
  })
  return sent
}

export function ok(data: unknown) {
  return answer(200, { ok: true, data })
}

export function refused(status: number, code: string, message: string, extra: object = {}) {
  return answer(status, { ok: false, code, message, requestId: 'req-1', ...extra })
}
