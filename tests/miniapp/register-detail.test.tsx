/**
 * 我的报名 and one registration's detail (packageRegister/pages/mine, /detail): status, the
 * timeline of every step in Beijing time, ID and phone masked, and the worker's actions.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import type { TMyRegistration } from '@contest/shared'
import RegistrationDetail from '../../miniapp/src/packageRegister/pages/detail/index'
import { toTimeline } from '../../miniapp/src/packageRegister/pages/detail/view'
import MyRegistrations from '../../miniapp/src/packageRegister/pages/mine/index'
import { competition, fakeBff, ok, refused, registration, registrationList, rejectedRegistration, REGISTRATION_ID, type TSentRequest } from './support/register-fixtures'
import { resetRegisterTaro, taroMock } from './support/register-taro'

jest.mock('@tarojs/taro', () => require('./support/register-taro'))
jest.mock('@tarojs/components', () => require('./support/register-components'))
jest.mock('../../miniapp/src/packageRegister/register.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const rejected = rejectedRegistration()

const confirmed = registration({
  status: 'confirmed',
  version: 3,
  allowedActions: [],
  timeline: [
    ...registration().timeline,
    { at: '2026-03-03T02:05:00.000Z', action: 'union_approve', actor: 'union', actorName: '河西区总工会', from: 'submitted', to: 'union_approved', reason: null },
    {
      at: '2026-03-05T08:00:00.000Z',
      action: 'committee_confirm',
      actor: 'committee',
      actorName: '天津市职工职业技能大赛组织委员会',
      from: 'union_approved',
      to: 'confirmed',
      reason: null,
    },
  ],
})

beforeEach(() => {
  resetRegisterTaro()
  taroMock.routerParams.current = { id: REGISTRATION_ID }
})

/** GET /me/registrations/:id answers `current()`; withdrawing answers `withdraw`. */
function bff(current: () => TMyRegistration, withdraw?: (request: TSentRequest) => ReturnType<typeof ok>): TSentRequest[] {
  return fakeBff((request) => {
    if (request.method === 'GET' && request.path === `/me/registrations/${REGISTRATION_ID}`) return ok(current())
    if (request.method === 'POST' && request.path === `/me/registrations/${REGISTRATION_ID}/withdraw` && withdraw) return withdraw(request)
    return undefined
  })
}

function timelineTexts(container: HTMLElement): string[] {
  return Array.from(container.querySelectorAll('.register-timeline__entry')).map((el) => el.textContent ?? '')
}

describe('the timeline', () => {
  it('lists every step, oldest first, who took it and when (Beijing time), then the step awaited', () => {
    expect(toTimeline(registration())).toEqual([
      { key: '0-submit', title: '提交报名', meta: '本人 · 2026年3月2日 09:30', reason: null, note: null, pending: false },
      { key: 'pending', title: '等待工会审核', meta: '河西区总工会', reason: null, note: null, pending: true },
    ])
    expect(toTimeline(confirmed).map((item) => `${item.title}｜${item.meta}`)).toEqual([
      '提交报名｜本人 · 2026年3月2日 09:30',
      '工会审核通过｜河西区总工会 · 2026年3月3日 10:05',
      '组委会确认｜天津市职工职业技能大赛组织委员会 · 2026年3月5日 16:00',
    ])
  })
})

describe('the detail page', () => {
  it('shows the status, the union’s decision with its reason, the masked ID and phone, and both actions', async () => {
    bff(() => rejected)

    const { container } = render(<RegistrationDetail />)

    expect(await screen.findByText('工会审核未通过')).toBeTruthy()
    expect(timelineTexts(container)).toEqual([
      '提交报名本人 · 2026年3月2日 09:30',
      '工会审核不通过河西区总工会 · 2026年3月3日 10:05原因：工作单位请填写全称',
    ])
    const text = container.textContent ?? ''
    expect(text).toContain('身份证号120103********1234')
    expect(text).toContain('手机号138****5678')
    expect(text).toContain('所属工会天津市总工会 › 河西区总工会')
    expect(text).toContain('年龄37岁')
    expect(text).toContain('重新提交时需重新完整填写身份证号和手机号')
    expect(screen.getByText('撤回报名')).toBeTruthy()

    fireEvent.click(screen.getByText('修改后重新提交'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/form/index?registrationId=${REGISTRATION_ID}` })
  })

  it('after a rejection that released the ID number: the step says 证件号已释放, and resubmitting is not offered', async () => {
    const released: TMyRegistration = {
      ...rejected,
      allowedActions: ['withdraw'],
      timeline: rejected.timeline.map((entry) =>
        entry.action === 'union_reject' ? { ...entry, reason: '身份证号与本人信息不符', note: '证件号已释放' } : entry,
      ),
    }
    bff(() => released)

    const { container } = render(<RegistrationDetail />)

    expect(await screen.findByText('工会审核未通过')).toBeTruthy()
    expect(timelineTexts(container).at(-1)).toBe('工会审核不通过河西区总工会 · 2026年3月3日 10:05原因：身份证号与本人信息不符证件号已释放')
    expect(screen.queryByText('修改后重新提交')).toBeNull()
    expect(screen.getByText('撤回报名')).toBeTruthy()
  })

  it('offers no actions once the committee has confirmed', async () => {
    bff(() => confirmed)

    render(<RegistrationDetail />)

    expect(await screen.findByText('报名成功')).toBeTruthy()
    expect(screen.queryByText('撤回报名')).toBeNull()
    expect(screen.queryByText('修改后重新提交')).toBeNull()
  })

  it('shows no 成绩 card before the 公示 opens', async () => {
    bff(() => confirmed)
    render(<RegistrationDetail />)
    expect(await screen.findByText('报名成功')).toBeTruthy()
    expect(screen.queryByText('查看成绩公示')).toBeNull()
  })

  it('shows the worker’s score, rank and award during the 公示, with its closing date and the way to the results page', async () => {
    const result = { status: '公示中' as const, theory: 90, practical: 95, total: '93.50', rank: 1, award: '金奖', honours: ['推荐申报全国技术能手'], absent: false, closingDate: '2026-10-10' }
    bff(() => ({ ...confirmed, result }))
    render(<RegistrationDetail />)

    expect(await screen.findByText('成绩（公示中）')).toBeTruthy()
    expect(screen.getByText('93.50')).toBeTruthy()
    expect(screen.getByText('第1名')).toBeTruthy()
    expect(screen.getByText('金奖')).toBeTruthy()
    expect(screen.getByText('推荐申报全国技术能手')).toBeTruthy()
    expect(screen.getByText('公示截止：2026-10-10，成绩以公示期满后为准')).toBeTruthy()
    fireEvent.click(screen.getByText('查看成绩公示'))
    // Opening on the worker's own trade × group.
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({
      url: `/packageNotice/pages/results/index?competitionId=${competition.id}&tradeCode=${confirmed.trade.code}&groupCode=${confirmed.group.code}`,
    })
  })

  it('withdraws after the worker confirms, sending the version read', async () => {
    const sent = bff(
      () => registration(),
      () =>
        ok(
          registration({
            status: 'withdrawn',
            version: 2,
            allowedActions: [],
            timeline: [
              ...registration().timeline,
              { at: '2026-03-02T03:00:00.000Z', action: 'withdraw', actor: 'worker', actorName: null, from: 'submitted', to: 'withdrawn', reason: null },
            ],
          }),
        ),
    )
    const { container } = render(<RegistrationDetail />)
    const withdraw = await screen.findByText('撤回报名')

    await act(async () => {
      fireEvent.click(withdraw)
    })

    expect(taroMock.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回报名', confirmText: '撤回' }))
    expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ version: 1 }])
    expect(await screen.findByText('已撤回')).toBeTruthy()
    expect(timelineTexts(container).at(-1)).toBe('撤回报名本人 · 2026年3月2日 11:00')
    expect(screen.queryByText('撤回报名', { selector: 'button' })).toBeNull()
  })

  it('does nothing when the worker thinks again', async () => {
    const sent = bff(() => registration(), () => ok(registration()))
    taroMock.showModal.mockResolvedValue({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    render(<RegistrationDetail />)
    const withdraw = await screen.findByText('撤回报名')

    await act(async () => {
      fireEvent.click(withdraw)
    })

    expect(sent.filter((r) => r.method === 'POST')).toEqual([])
  })

  it('reloads and says so when the registration changed meanwhile (409 CONFLICT)', async () => {
    let current = registration()
    const sent = bff(
      () => current,
      () => {
        // The union approved it a moment ago.
        current = registration({ status: 'union_approved', version: 2 })
        return refused(409, 'CONFLICT', '数据已被修改，请刷新后重试')
      },
    )
    render(<RegistrationDetail />)
    const withdraw = await screen.findByText('撤回报名')

    await act(async () => {
      fireEvent.click(withdraw)
    })

    expect(await screen.findByText('待组委会确认')).toBeTruthy()
    expect(screen.getByText('报名状态已有变化，已为您刷新，请查看最新状态后再操作')).toBeTruthy()
    expect(sent.filter((r) => r.method === 'GET' && r.path.startsWith('/me/registrations/'))).toHaveLength(2)
  })

  it('shows the BFF’s message for someone else’s registration', async () => {
    fakeBff(() => refused(404, 'REGISTRATION_NOT_FOUND', '找不到该报名'))

    render(<RegistrationDetail />)

    expect(await screen.findByText('找不到该报名')).toBeTruthy()
  })
})

describe('我的报名', () => {
  it('lists each registration with competition, trade, group and status, newest first; a tap opens it', async () => {
    const older = registration({ id: '64b7f0c2a1b2c3d4e5f60c00', status: 'withdrawn', submittedAt: '2026-01-02T01:30:00.000Z' })
    fakeBff((request) => (request.path === '/me/registrations' ? ok(registrationList([older, rejected])) : undefined))

    const { container } = render(<MyRegistrations />)

    expect(await screen.findByText('工会审核未通过')).toBeTruthy()
    const items = Array.from(container.querySelectorAll('.register-item')).map((el) => el.textContent)
    expect(items).toEqual([
      `${competition.name}工会审核未通过焊工 · 职工组河西区总工会提交于 2026年3月2日 09:30`,
      `${competition.name}已撤回焊工 · 职工组河西区总工会提交于 2026年1月2日 09:30`,
    ])
    fireEvent.click(screen.getByText('工会审核未通过'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/detail/index?id=${REGISTRATION_ID}` })
  })

  it('says how to register when there is nothing yet', async () => {
    fakeBff((request) => (request.path === '/me/registrations' ? ok(registrationList([])) : undefined))

    render(<MyRegistrations />)

    expect(await screen.findByText(/您还没有报名/)).toBeTruthy()
  })
})
