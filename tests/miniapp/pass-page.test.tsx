/**
 * 准考证 (packageRegister/pages/pass): the worker's pass with its QR code drawn on the phone, where
 * and when, what to bring; a revoked pass; no pass yet. And the ways to it from the registration's
 * detail and 我的报名, which ask for subscribe grants inside the tap.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import jsQR from 'jsqr'
import { PASS_WHAT_TO_BRING, type TMyPass } from '@contest/shared'
import RegistrationDetail from '../../miniapp/src/packageRegister/pages/detail/index'
import MyRegistrations from '../../miniapp/src/packageRegister/pages/mine/index'
import PassPage from '../../miniapp/src/packageRegister/pages/pass/index'
import vectors from '../fixtures/pass-token-vectors.json'
import { decodeGifDataUrl } from './support/gif'
import { fakeBff, ok, refused, registration, registrationList, REGISTRATION_ID, type TSentRequest } from './support/register-fixtures'
import { resetRegisterTaro, taroMock } from './support/register-taro'

jest.mock('@tarojs/taro', () => require('./support/register-taro'))
jest.mock('@tarojs/components', () => require('./support/register-components'))
jest.mock('../../miniapp/src/packageRegister/register.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

/** A real signed token (the shared vectors): what the gate's scanner must read off the screen. */
const TOKEN = vectors.valid[0]!.token

const pass: TMyPass = {
  registrationId: REGISTRATION_ID,
  passNumber: '00012344',
  version: 2,
  token: TOKEN,
  issuedAt: '2027-09-01T02:00:00.000Z',
  revoked: null,
  competition: { id: registration().competition.id, name: registration().competition.name },
  name: '张伟',
  nationalIdMasked: '120103********1234',
  trade: { code: 'welder', name: '焊工' },
  group: { code: 'worker', name: '职工组' },
  venue: { code: 'branch', name: '天津市第一机床厂实训基地', address: '天津市河西区友谊路 35 号' },
  session: {
    id: '64b7f0c2a1b2c3d4e5f60d01',
    code: 'weld-am',
    name: '焊工上午场',
    date: '2027-09-20',
    startTime: '09:00',
    endTime: '12:00',
    startsAt: '2027-09-20T01:00:00.000Z',
    endsAt: '2027-09-20T04:00:00.000Z',
  },
  station: 'W-007',
  instructions: '请携带身份证和准考证\n提前 30 分钟到场',
}

const PASS_PATH = `/me/registrations/${REGISTRATION_ID}/pass`

function bffAnswering(answer: () => ReturnType<typeof ok>): TSentRequest[] {
  return fakeBff((request) => (request.method === 'GET' && request.path === PASS_PATH ? answer() : undefined))
}

/** The text of every line (label and value) on the pass. */
function lines(container: HTMLElement): string[] {
  return Array.from(container.querySelectorAll('.register-line')).map((el) => el.textContent ?? '')
}

beforeEach(() => {
  resetRegisterTaro()
  taroMock.routerParams.current = { id: REGISTRATION_ID }
})

describe('the pass page', () => {
  it('shows the pass number large, a QR code of the signed token that reads back, where and when, and what to bring', async () => {
    const sent = bffAnswering(() => ok(pass))
    const { container } = render(<PassPage />)

    expect(await screen.findByText('0001 2344')).toBeTruthy()
    expect(sent.filter((r) => r.path !== '/me').map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${PASS_PATH}`])
    expect(screen.getByText(pass.competition.name)).toBeTruthy()
    expect(lines(container)).toEqual([
      '姓名张伟',
      '身份证号120103********1234',
      '工种焊工 · 职工组',
      '考点天津市第一机床厂实训基地',
      '地址天津市河西区友谊路 35 号',
      '场次焊工上午场',
      '时间2027年9月20日 09:00–12:00',
      '工位W-007',
    ])
    // The session's own instructions, a line each.
    expect(Array.from(container.querySelectorAll('.register-pass__bring')).map((el) => el.textContent)).toEqual(['· 请携带身份证和准考证', '· 提前 30 分钟到场'])

    const image = container.querySelector<HTMLImageElement>('.register-pass__qr-image')
    expect(image).not.toBeNull()
    const drawn = decodeGifDataUrl(image!.getAttribute('src') ?? '')
    expect(jsQR(drawn.rgba, drawn.width, drawn.height)?.data).toBe(TOKEN)
  })

  it('lists the usual things to bring when the session names none', async () => {
    bffAnswering(() => ok({ ...pass, instructions: '' }))
    const { container } = render(<PassPage />)

    await screen.findByText('0001 2344')
    expect(Array.from(container.querySelectorAll('.register-pass__bring')).map((el) => el.textContent)).toEqual(PASS_WHAT_TO_BRING.map((text) => `· ${text}`))
    expect(PASS_WHAT_TO_BRING.some((text) => text.includes('身份证'))).toBe(true)
  })

  it('says a revoked pass is void and why, without its QR code or its place', async () => {
    bffAnswering(() => ok({ ...pass, token: '', revoked: { at: '2027-09-10T06:30:00.000Z', reason: '持有全国技术能手称号，不得以选手身份参赛' } }))
    const { container } = render(<PassPage />)

    expect(await screen.findByText('已作废')).toBeTruthy()
    expect(screen.getByText('原因：持有全国技术能手称号，不得以选手身份参赛')).toBeTruthy()
    expect(screen.getByText('作废时间：2027年9月10日 14:30')).toBeTruthy()
    expect(container.querySelector('.register-pass__number--revoked')?.textContent).toBe('0001 2344')
    expect(container.querySelector('img')).toBeNull()
    expect(lines(container)).toEqual([])
    expect(screen.queryByText('天津市第一机床厂实训基地')).toBeNull()
  })

  it('says no place is arranged yet before the committee places the registration: a state, not an error', async () => {
    bffAnswering(() => refused(404, 'PASS_NOT_FOUND', '尚未安排考场，准考证暂未发放'))
    const { container } = render(<PassPage />)

    expect(await screen.findByText('尚未安排考场')).toBeTruthy()
    expect(screen.queryByText('重试')).toBeNull()
    expect(container.querySelector('img')).toBeNull()
    fireEvent.click(screen.getByText('查看报名详情'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/detail/index?id=${REGISTRATION_ID}` })
  })

  it('brightens the screen and keeps it on while the QR code shows, and gives the person’s brightness back on leaving', async () => {
    const screenApi = {
      getScreenBrightness: jest.fn(() => Promise.resolve({ value: 0.4, errMsg: 'getScreenBrightness:ok' })),
      setScreenBrightness: jest.fn((_options: { value: number }) => Promise.resolve({ errMsg: 'setScreenBrightness:ok' })),
      setKeepScreenOn: jest.fn((_options: { keepScreenOn: boolean }) => Promise.resolve({ errMsg: 'setKeepScreenOn:ok' })),
    }
    Object.assign(taroMock, screenApi)
    try {
      bffAnswering(() => ok(pass))
      const { unmount } = render(<PassPage />)
      await waitFor(() => expect(screenApi.setScreenBrightness).toHaveBeenCalledWith({ value: 1 }))
      expect(screenApi.setKeepScreenOn).toHaveBeenCalledWith({ keepScreenOn: true })

      unmount()
      expect(screenApi.setScreenBrightness).toHaveBeenLastCalledWith({ value: 0.4 })
      expect(screenApi.setKeepScreenOn).toHaveBeenLastCalledWith({ keepScreenOn: false })

      // A revoked pass has no QR code to brighten for.
      screenApi.setScreenBrightness.mockClear()
      bffAnswering(() => ok({ ...pass, token: '', revoked: { at: '2027-09-10T06:30:00.000Z', reason: '本人申请退赛' } }))
      render(<PassPage />)
      await screen.findByText('已作废')
      expect(screenApi.setScreenBrightness).not.toHaveBeenCalled()
    } finally {
      for (const name of Object.keys(screenApi)) Reflect.deleteProperty(taroMock, name)
    }
  })

  it('shows other failures as errors to retry', async () => {
    bffAnswering(() => refused(404, 'REGISTRATION_NOT_FOUND', '报名记录不存在'))
    render(<PassPage />)

    expect(await screen.findByText('报名记录不存在')).toBeTruthy()
    expect(screen.getByText('重试')).toBeTruthy()
  })
})

describe('the way to the pass', () => {
  const placed = registration({ status: 'confirmed', allowedActions: [], pass: { number: '00012344', revoked: false }, subscribeTemplateIds: ['tmpl-exam-arrangement', 'tmpl-competition-notice'] })

  it('on the detail page: asks for grants inside the tap, then opens the pass', async () => {
    fakeBff((request) => (request.method === 'GET' && request.path === `/me/registrations/${REGISTRATION_ID}` ? ok(placed) : undefined))
    render(<RegistrationDetail />)

    fireEvent.click(await screen.findByText('准考证 00012344'))
    // Synchronously, in the tap: WeChat shows its dialog only then.
    expect(taroMock.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-exam-arrangement', 'tmpl-competition-notice'] }))
    expect(taroMock.navigateTo).not.toHaveBeenCalled()
    await waitFor(() => expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/pass/index?id=${REGISTRATION_ID}` }))
  })

  it('on the detail page of a confirmed registration not placed yet, and not before confirmation', async () => {
    let current = registration({ status: 'confirmed', allowedActions: [] })
    fakeBff((request) => (request.method === 'GET' && request.path === `/me/registrations/${REGISTRATION_ID}` ? ok(current) : undefined))
    const { unmount } = render(<RegistrationDetail />)
    expect(await screen.findByText('准考证（尚未安排考场）')).toBeTruthy()
    unmount()

    current = registration()
    render(<RegistrationDetail />)
    await screen.findByText('待工会审核')
    expect(screen.queryByText(/准考证/)).toBeNull()
  })

  it('on the detail page of a disqualified registration: the entry marked void, and the note says the entry was cancelled', async () => {
    const disqualified = registration({
      status: 'committee_rejected',
      allowedActions: ['withdraw'],
      pass: { number: '00012344', revoked: true },
      timeline: [
        ...placed.timeline,
        { at: '2027-09-10T06:30:00.000Z', action: 'committee_disqualify', actor: 'committee', actorName: '大赛组委会', from: 'confirmed', to: 'committee_rejected', reason: '本人申请退赛' },
      ],
    })
    fakeBff((request) => (request.method === 'GET' && request.path === `/me/registrations/${REGISTRATION_ID}` ? ok(disqualified) : undefined))
    render(<RegistrationDetail />)

    expect(await screen.findByText('准考证 00012344（已作废）')).toBeTruthy()
    expect(screen.getByText('大赛组委会已取消您的参赛资格，原因见下方记录。')).toBeTruthy()
  })

  it('on 我的报名, only for registrations with a pass, revoked ones marked; the tap opens the pass, not the detail', async () => {
    const revoked = registration({ id: '64b7f0c2a1b2c3d4e5f60c02', status: 'committee_rejected', allowedActions: ['withdraw'], pass: { number: '00012351', revoked: true } })
    fakeBff((request) => (request.method === 'GET' && request.path === '/me/registrations' ? ok(registrationList([placed, revoked, registration({ id: '64b7f0c2a1b2c3d4e5f60c03' })])) : undefined))
    const { container } = render(<MyRegistrations />)

    fireEvent.click(await screen.findByText('准考证 00012344'))
    expect(Array.from(container.querySelectorAll('.register-pass-entry')).map((el) => el.textContent)).toEqual([
      '准考证 00012344查看 ›',
      '准考证 00012351（已作废）查看 ›',
    ])
    expect(taroMock.requestSubscribeMessage).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(taroMock.navigateTo).toHaveBeenCalledTimes(1))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/pass/index?id=${REGISTRATION_ID}` })
  })
})
