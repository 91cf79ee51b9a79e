/**
 * The audit queue (packageAudit/pages/queue): tabs by status with their counts, the trade × group
 * filter, search by name or full ID number, 加载更多 by keyset, and batch mode with each row's result.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { ZBatchDecisionInput } from '@contest/shared'
import AuditQueue from '../../miniapp/src/packageAudit/pages/queue/index'
import { fakeAuditBff, listItem, ok, refused, registrationId, summary, type TSentRequest } from './support/audit-fixtures'
import { resetAuditTaro, setNavigationBarTitle, taroMock } from './support/audit-taro'
import { COMPETITION_ID } from './support/me'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageAudit/audit.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const QUEUE_PATH = `/audit/union/competitions/${COMPETITION_ID}/registrations`

beforeEach(() => {
  resetAuditTaro()
  taroMock.routerParams.current = { desk: 'union', competitionId: COMPETITION_ID }
})

/** The summary, and the queue answered by `queue` (from the query the page sent). */
function bff(queue: (query: URLSearchParams) => ReturnType<typeof ok>, decisions?: (request: TSentRequest) => ReturnType<typeof ok>) {
  return fakeAuditBff((request) => {
    if (request.method === 'GET' && request.path === `/audit/union/competitions/${COMPETITION_ID}/summary`) return ok(summary())
    if (request.method === 'GET' && request.path === QUEUE_PATH) return queue(request.query)
    if (request.method === 'POST' && request.path === '/audit/union/decisions' && decisions) return decisions(request)
    return undefined
  })
}

function rowNames(container: HTMLElement): string[] {
  return Array.from(container.querySelectorAll('.audit-row .audit-row__person-name')).map((el) => el.textContent ?? '')
}

function queueQueries(sent: TSentRequest[]): string[] {
  return sent.filter((r) => r.path === QUEUE_PATH).map((r) => r.query.toString())
}

it('opens on 待工会审核 with each tab’s count, shows the rows, and another tab shows its own', async () => {
  const sent = bff((query) =>
    ok({
      items: query.get('status') === 'union_approved' ? [listItem(9, { name: '李娜', status: 'union_approved', allowedDecisions: [] })] : [listItem(1), listItem(2)],
      nextCursor: null,
    }),
  )
  const { container } = render(<AuditQueue />)

  expect(await screen.findByText('职工1')).toBeTruthy()
  const tabs = Array.from(container.querySelectorAll('.audit-tab')).map((el) => el.textContent)
  expect(tabs).toEqual(['待工会审核 23', '待组委会确认 4', '报名成功 2', '未通过 2', '已撤回 0'])
  expect(container.querySelector('.audit-tab--on')?.textContent).toBe('待工会审核 23')
  const first = container.querySelector('.audit-row')?.textContent ?? ''
  expect(first).toContain('120103********1001')
  expect(first).toContain('河西区总工会')
  expect(first).toContain('焊工 · 职工组 · 高级工')
  expect(first).toContain('待工会审核')
  expect(setNavigationBarTitle).not.toHaveBeenCalled()

  fireEvent.click(screen.getByText('待组委会确认 4'))

  expect(await screen.findByText('李娜')).toBeTruthy()
  expect(rowNames(container)).toEqual(['李娜'])
  expect(queueQueries(sent)).toEqual(['status=submitted&limit=20', 'status=union_approved&limit=20'])

  fireEvent.click(screen.getByText('李娜'))
  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageAudit/pages/detail/index?desk=union&id=${registrationId(9)}` })
})

it('in a two-level audit counts and lists what waits at the official’s level, each row saying its level and the level below’s approval', async () => {
  fakeAuditBff((request) => {
    if (request.path === `/audit/union/competitions/${COMPETITION_ID}/summary`) return ok(summary({ waitingHere: 1 }))
    if (request.path === QUEUE_PATH) {
      const auditLevel = { level: 2, levels: 2, unionName: '河西区总工会', earlier: { level: 1, unionName: '河西区友谊路街道总工会', at: '2026-03-02T02:00:00.000Z', reason: null } }
      return ok({ items: [listItem(1, { union: { id: 'x', name: '河西区友谊路街道总工会' }, auditLevel })], nextCursor: null })
    }
    return undefined
  })
  const { container } = render(<AuditQueue />)

  expect(await screen.findByText('职工1')).toBeTruthy()
  expect(container.querySelector('.audit-tab--on')?.textContent).toBe('待工会审核 1')
  expect(container.querySelector('.audit-row__level')?.textContent).toBe('第2级（共2级）：河西区总工会审核 · 河西区友谊路街道总工会已通过')
})

it('on the school path says the step: 承办单位审核 after the school confirmed enrolment, 学校确认学籍 before', async () => {
  fakeAuditBff((request) => {
    if (request.path === `/audit/union/competitions/${COMPETITION_ID}/summary`) return ok(summary({ waitingHere: 2 }))
    if (request.path === QUEUE_PATH) {
      const atHost = { level: 2, levels: 2, step: 'host' as const, unionName: '天津市机电工艺技师学院', earlier: { level: 1, unionName: '天津市第一商业学校', at: '2026-03-02T02:00:00.000Z', reason: '学籍已确认' } }
      const atSchool = { level: 1, levels: 2, step: 'school' as const, unionName: '天津市第二商业学校', earlier: null }
      return ok({ items: [listItem(1, { auditLevel: atHost }), listItem(2, { auditLevel: atSchool })], nextCursor: null })
    }
    return undefined
  })
  const { container } = render(<AuditQueue />)

  expect(await screen.findByText('职工1')).toBeTruthy()
  expect(Array.from(container.querySelectorAll('.audit-row__level')).map((el) => el.textContent)).toEqual([
    '承办单位审核：天津市机电工艺技师学院 · 天津市第一商业学校已确认学籍',
    '学校确认学籍：天津市第二商业学校',
  ])
})

it('filters by trade × group and by sub-union', async () => {
  const sent = bff(() => ok({ items: [listItem(1)], nextCursor: null }))
  const { container } = render(<AuditQueue />)
  await screen.findByText('职工1')

  const [trade, union] = Array.from(container.querySelectorAll('select'))
  expect(Array.from(trade!.querySelectorAll('option')).map((o) => o.textContent)).toEqual([
    '全部工种组别',
    '焊工 · 职工组',
    '焊工 · 学生组',
    '数控车工 · 职工组',
  ])
  fireEvent.change(trade!, { target: { value: '1' } })
  await screen.findByText('焊工 · 职工组 ▾')
  fireEvent.change(union!, { target: { value: '1' } })
  await screen.findByText('河西区友谊路街道总工会 ▾')
  await screen.findByText('职工1')

  expect(queueQueries(sent).at(-1)).toBe('status=submitted&tradeCode=welding&groupCode=worker&unionId=64b7f0c2a1b2c3d4e5f60802&limit=20')
})

it('a full-ID search whose number is held outside the scope says so, and nothing more', async () => {
  bff((query) => (query.get('q') ? ok({ items: [], nextCursor: null, nationalIdInUse: { reach: 'outside_scope' } }) : ok({ items: [listItem(1)], nextCursor: null })))
  const { container } = render(<AuditQueue />)
  await screen.findByText('职工1')
  expect(container.querySelector('.audit-in-use')).toBeNull()

  fireEvent.change(container.querySelector('.audit-search__input')!, { target: { value: '12010319900512123X' } })
  fireEvent.click(screen.getByText('搜索'))

  expect(await screen.findByText('该证件号在您辖区外已有报名')).toBeTruthy()
  expect(screen.queryByText('查看该报名')).toBeNull()
  fireEvent.click(screen.getByText('清除搜索'))
  await screen.findByText('职工1')
  expect(container.querySelector('.audit-in-use')).toBeNull()
})

it('searches by name or by the full ID number across every status, and clears the search', async () => {
  const sent = bff((query) => ok({ items: query.get('q') ? [listItem(5, { name: '张伟', status: 'confirmed', allowedDecisions: [] })] : [listItem(1)], nextCursor: null }))
  const { container } = render(<AuditQueue />)
  await screen.findByText('职工1')

  fireEvent.change(container.querySelector('.audit-search__input')!, { target: { value: ' 张 ' } })
  fireEvent.click(screen.getByText('搜索'))

  expect(await screen.findByText('张伟')).toBeTruthy()
  expect(screen.getByText('“张”的搜索结果（全部状态，最多50条）')).toBeTruthy()
  expect(container.querySelector('.audit-tabs')).toBeNull()

  fireEvent.change(container.querySelector('.audit-search__input')!, { target: { value: '12010319900512123X' } })
  fireEvent.keyDown(container.querySelector('.audit-search__input')!, { key: 'Enter' })
  await screen.findByText('“12010319900512123X”的搜索结果（全部状态，最多50条）')

  fireEvent.click(screen.getByText('清除搜索'))
  expect(await screen.findByText('职工1')).toBeTruthy()
  expect(queueQueries(sent).map((q) => new URLSearchParams(q).get('q'))).toEqual([null, '张', '12010319900512123X', null])
})

it('loads the next page with the cursor the BFF gave, until there is none', async () => {
  const firstPage = Array.from({ length: 20 }, (_, i) => listItem(i + 1))
  const sent = bff((query) =>
    query.get('cursor') === registrationId(20)
      ? ok({ items: [listItem(21), listItem(22)], nextCursor: null })
      : ok({ items: firstPage, nextCursor: registrationId(20) }),
  )
  const { container } = render(<AuditQueue />)
  await screen.findByText('职工20')
  expect(rowNames(container)).toHaveLength(20)

  await act(async () => {
    fireEvent.click(screen.getByText('加载更多'))
  })

  expect(await screen.findByText('职工22')).toBeTruthy()
  expect(rowNames(container)).toHaveLength(22)
  expect(screen.queryByText('加载更多')).toBeNull()
  expect(screen.getByText('已全部加载')).toBeTruthy()
  expect(queueQueries(sent)).toEqual(['status=submitted&limit=20', `status=submitted&cursor=${registrationId(20)}&limit=20`])
})

it('rejects the chosen rows with one reason and shows what happened to each', async () => {
  let decided = false
  const sent = bff(
    () =>
      ok({
        items: decided
          ? [listItem(3)]
          : [listItem(1, { version: 2 }), listItem(2), listItem(3, { status: 'withdrawn', allowedDecisions: [] })],
        nextCursor: null,
      }),
    () => {
      decided = true
      return ok({
        done: 1,
        results: [
          { id: registrationId(1), outcome: 'done', message: '已处理', status: 'union_rejected', version: 3 },
          { id: registrationId(2), outcome: 'conflict', message: '该报名已被他人处理，当前状态：待组委会确认', status: 'union_approved', version: 1 },
        ],
      })
    },
  )
  const { container } = render(<AuditQueue />)
  await screen.findByText('职工1')

  fireEvent.click(screen.getByText('批量处理'))
  fireEvent.click(screen.getByText('全选本页'))
  // The withdrawn row cannot be decided, so it is not chosen.
  expect(screen.getByText('已选 2 条（最多100条）')).toBeTruthy()
  expect(container.querySelectorAll('.audit-row--chosen')).toHaveLength(2)

  fireEvent.click(within(container.querySelector('.audit-batch')!).getByText('不通过'))
  await act(async () => {
    fireEvent.click(screen.getByText('确定不通过'))
  })
  expect(screen.getByText('请选择或填写不通过的原因')).toBeTruthy()
  expect(sent.filter((r) => r.method === 'POST')).toEqual([])

  fireEvent.click(screen.getByText('报名信息填写不完整或有误'))
  await act(async () => {
    fireEvent.click(screen.getByText('确定不通过'))
  })

  expect(await screen.findByText('已处理1条，1条未处理')).toBeTruthy()
  const results = Array.from(container.querySelectorAll('.audit-result')).map((el) => el.textContent)
  expect(results).toEqual(['职工2已被他人处理该报名已被他人处理，当前状态：待组委会确认', '职工1已处理'])
  const posted = sent.filter((r) => r.method === 'POST').map((r) => r.body)
  expect(posted).toEqual([
    {
      decision: 'reject',
      reason: '报名信息填写不完整或有误',
      rejectionKind: 'other',
      items: [
        { id: registrationId(1), version: 2 },
        { id: registrationId(2), version: 0 },
      ],
    },
  ])
  expect(ZBatchDecisionInput.safeParse(posted[0]).success).toBe(true)
  // The queue is read again: the decided rows have left 待工会审核.
  await screen.findByText('职工3')
  expect(rowNames(container)).toEqual(['职工3'])
  expect(screen.queryByText('已选 2 条（最多100条）')).toBeNull()
})

it('approves the chosen rows after asking, and says when a place has run out', async () => {
  const sent = bff(
    () => ok({ items: [listItem(1), listItem(2)], nextCursor: null }),
    () =>
      ok({
        done: 1,
        results: [
          { id: registrationId(1), outcome: 'done', message: '已处理', status: 'union_approved', version: 1 },
          { id: registrationId(2), outcome: 'quota_full', message: '河西区总工会焊工职工组的名额已满', status: 'submitted', version: 0 },
        ],
      }),
  )
  const { container } = render(<AuditQueue />)
  await screen.findByText('职工1')

  fireEvent.click(screen.getByText('批量处理'))
  fireEvent.click(screen.getByText('职工1'))
  fireEvent.click(screen.getByText('职工2'))
  expect(screen.getByText('已选 2 条')).toBeTruthy()
  await act(async () => {
    fireEvent.click(within(container.querySelector('.audit-batch')!).getByText('审核通过'))
  })

  expect(taroMock.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '确定审核通过已选的2条报名吗？' }))
  expect(await screen.findByText('已处理1条，1条未处理')).toBeTruthy()
  expect(container.querySelector('.audit-result--failed')?.textContent).toBe('职工2名额已满河西区总工会焊工职工组的名额已满')
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
    { decision: 'approve', reason: null, rejectionKind: 'other', items: [{ id: registrationId(1), version: 0 }, { id: registrationId(2), version: 0 }] },
  ])
})

it('shows the BFF’s message when the batch is refused as a whole', async () => {
  bff(
    () => ok({ items: [listItem(1)], nextCursor: null }),
    () => refused(403, 'FORBIDDEN', '您没有权限进行此操作'),
  )
  const { container } = render(<AuditQueue />)
  await screen.findByText('职工1')
  fireEvent.click(screen.getByText('批量处理'))
  fireEvent.click(screen.getByText('职工1'))
  await act(async () => {
    fireEvent.click(within(container.querySelector('.audit-batch')!).getByText('审核通过'))
  })
  expect(await screen.findByText('您没有权限进行此操作')).toBeTruthy()
})

it('serves the committee’s desk with the same page: its title, its default tab and its decisions', async () => {
  taroMock.routerParams.current = { desk: 'committee', competitionId: COMPETITION_ID }
  const sent = fakeAuditBff((request) => {
    if (request.path === `/audit/committee/competitions/${COMPETITION_ID}/summary`) return ok(summary({ scopeNames: ['大赛组委会'] }))
    if (request.path === `/audit/committee/competitions/${COMPETITION_ID}/registrations`) {
      return ok({ items: [listItem(1, { status: 'union_approved' })], nextCursor: null })
    }
    return undefined
  })
  const { container } = render(<AuditQueue />)
  await screen.findByText('职工1')

  expect(setNavigationBarTitle).toHaveBeenCalledWith({ title: '组委会报名确认' })
  expect(container.querySelector('.audit-tab--on')?.textContent).toBe('待组委会确认 4')
  fireEvent.click(screen.getByText('批量处理'))
  fireEvent.click(screen.getByText('职工1'))
  expect(within(container.querySelector('.audit-batch')!).getByText('确认报名')).toBeTruthy()
  expect(sent.map((r) => r.path)).toEqual([
    `/audit/committee/competitions/${COMPETITION_ID}/summary`,
    `/audit/committee/competitions/${COMPETITION_ID}/registrations`,
  ])
})

describe('导出Excel', () => {
  const env = process.env.TARO_ENV
  const realFetch = globalThis.fetch
  afterEach(() => {
    process.env.TARO_ENV = env
    Object.assign(globalThis, { fetch: realFetch })
    jest.restoreAllMocks()
  })

  it('in H5 fetches the sheet of the tab shown with the session token and hands it to the browser as a download', async () => {
    process.env.TARO_ENV = 'h5'
    bff(() => ok({ items: [listItem(1)], nextCursor: null }))
    const fetched: { url: string; headers: Record<string, string> }[] = []
    const sheet = new Blob(['xlsx'], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
    const fetchMock = jest.fn(async (url: string, init: { headers: Record<string, string> }) => {
      fetched.push({ url, headers: init.headers })
      return { ok: true, status: 200, blob: async () => sheet, text: async () => '' }
    })
    Object.assign(globalThis, { fetch: fetchMock })
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:sheet')
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() })
    const clicked: string[] = []
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    render(<AuditQueue />)
    await screen.findByText('职工1')

    await act(async () => {
      fireEvent.click(screen.getByText('导出Excel'))
    })

    const url = new URL(fetched[0]!.url, 'http://bff.test')
    expect(url.pathname).toBe(`/api/v1/audit/union/competitions/${COMPETITION_ID}/export`)
    expect(url.search).toBe('?status=submitted&full=0')
    expect(fetched[0]!.headers).toEqual({ Authorization: 'Bearer token-aaaaaaaaaaaaaaaaaaaa' })
    expect(createObjectURL).toHaveBeenCalledWith(sheet)
    expect(clicked).toEqual(['“海河工匠杯”技能大赛—天津市职工职业技能大赛-报名汇总表.xlsx'.replace(/[“”]/g, '')])
  })

  it('offers the committee, and only the committee, the full-ID sheet, after a confirm that says it is logged', async () => {
    process.env.TARO_ENV = 'h5'
    bff(() => ok({ items: [listItem(1)], nextCursor: null }))
    render(<AuditQueue />)
    await screen.findByText('职工1')
    expect(screen.queryByText('导出完整证件号')).toBeNull()
    cleanup()

    taroMock.routerParams.current = { desk: 'committee', competitionId: COMPETITION_ID }
    fakeAuditBff((request) => {
      if (request.path === `/audit/committee/competitions/${COMPETITION_ID}/summary`) return ok(summary({ scopeNames: ['大赛组委会'] }))
      if (request.path === `/audit/committee/competitions/${COMPETITION_ID}/registrations`) return ok({ items: [listItem(1, { status: 'union_approved' })], nextCursor: null })
      return undefined
    })
    const fetched: string[] = []
    Object.assign(globalThis, {
      fetch: jest.fn(async (url: string) => {
        fetched.push(url)
        return { ok: true, status: 200, blob: async () => new Blob(['xlsx']), text: async () => '' }
      }),
    })
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:sheet'), revokeObjectURL: jest.fn() })
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    render(<AuditQueue />)
    await screen.findByText('职工1')

    taroMock.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    await act(async () => {
      fireEvent.click(screen.getByText('导出完整证件号'))
    })
    expect(fetched).toEqual([])
    await act(async () => {
      fireEvent.click(screen.getByText('导出完整证件号'))
    })
    expect(taroMock.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: expect.stringContaining('记录在审核日志') }))
    expect(new URL(fetched[0]!, 'http://bff.test').search).toBe('?status=union_approved&full=1')
  })

  it('shows the BFF’s message when the export is refused', async () => {
    process.env.TARO_ENV = 'h5'
    bff(() => ok({ items: [listItem(1)], nextCursor: null }))
    Object.assign(globalThis, {
      fetch: jest.fn(async () => ({
        ok: false,
        status: 403,
        text: async () => JSON.stringify({ ok: false, code: 'FORBIDDEN', message: '您没有权限进行此操作', requestId: 'r' }),
      })),
    })
    render(<AuditQueue />)
    await screen.findByText('职工1')

    await act(async () => {
      fireEvent.click(screen.getByText('导出Excel'))
    })

    expect(await screen.findByText('您没有权限进行此操作')).toBeTruthy()
  })
})
