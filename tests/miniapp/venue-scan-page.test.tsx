/**
 * 现场签到 (packageVenue/pages/scan): the staff member picks the session, scans (Taro.scanCode
 * stubbed) or types the pass number, and reads the answer at a glance; without signal the phone
 * answers from the roster it downloaded and queues the scan, uploading it when the signal is back.
 * The BFF is faked at Taro.request; tokens are real, signed with the test vectors' key.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { createPrivateKey, sign } from 'node:crypto'
import {
  CHECK_IN_OUTCOME_TEXT,
  assemblePassToken,
  encodePassTokenBody,
  passTokenSigningMessage,
  CHECK_IN_OUTCOMES,
  formatPassNumber,
  type TCheckInOutcome,
  type TCheckInResult,
  type TCheckInScanInput,
  type TVenueRoster,
  type TVenueSessionView,
} from '@contest/shared'
import VenueScan from '../../miniapp/src/packageVenue/pages/scan/index'
import vectors from '../fixtures/pass-token-vectors.json'
import { answer, me, venueGrant } from './support/me'
import { network, resetVenueTaro, scanCode, taroMock } from './support/venue-taro'

jest.mock('@tarojs/taro', () => require('./support/venue-taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/roles/staffPages.scss', () => ({}))
jest.mock('../../miniapp/src/packageVenue/pages/scan/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const ORIGINAL_ENV = process.env.TARO_ENV
const SESSION_ID = '65f0a1b2c3d4e5f6000000a1'
// The vectors' key as node:crypto signs with it (PKCS#8 of the 32-byte seed), as the BFF does; mongoose (the BFF's signer) does not load in jsdom.
const privateKey = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(vectors.seedBase64, 'base64')]),
  format: 'der',
  type: 'pkcs8',
})
function tokenOf(passSerial: number): string {
  const body = encodePassTokenBody({ keyId: vectors.keyId, passSerial, passVersion: 1, venueCode: 'main', sessionCode: 'main-am' })
  return assemblePassToken(body, sign(null, passTokenSigningMessage(vectors.competitionId, body), privateKey))
}

const session: TVenueSessionView = {
  id: SESSION_ID,
  code: 'main-am',
  name: '上午场',
  date: '2027-09-20',
  startTime: '09:00',
  endTime: '12:00',
  competitionId: vectors.competitionId,
  venue: { code: 'main', name: '主赛场', address: '天津市河西区' },
  startsAt: '2027-09-20T09:00:00+08:00',
  endsAt: '2027-09-20T12:00:00+08:00',
  capacity: 50,
  stationPrefix: 'A',
  hosts: [{ tradeCode: 'welding', groupCode: 'worker', tradeName: '焊工', groupName: '职工组' }],
  instructions: '',
  placed: 2,
  version: 1,
}

const welding = { code: 'welding', name: '焊工' }
const worker = { code: 'worker' as const, name: '职工组' }
const person = { passNumber: formatPassNumber(11), name: '张伟', trade: welding, group: worker, station: 'A-011', nationalIdMasked: '120103********1234' }

const roster: TVenueRoster = {
  format: 1,
  version: 'r1',
  generatedAt: '2027-09-20T00:30:00.000Z',
  competition: { id: vectors.competitionId, name: '2027年天津市职工职业技能大赛' },
  venue: session.venue,
  session: { id: SESSION_ID, code: 'main-am', name: '上午场', date: '2027-09-20', startTime: '09:00', endTime: '12:00' },
  keys: [{ keyId: vectors.keyId, publicKey: vectors.publicKey }],
  entries: [11, 12].map((serial) => ({
    passSerial: serial,
    passNumber: formatPassNumber(serial),
    passVersion: 1,
    name: serial === 11 ? '张伟' : '李娜',
    nationalIdMasked: serial === 11 ? '120103********1234' : '120103********5678',
    trade: welding,
    group: worker,
    station: `A-0${serial}`,
    revoked: false,
    checkedIn: null,
  })),
}

/** What the BFF answers for each outcome (the texts and fields the BFF sends). */
function bffResult(outcome: TCheckInOutcome, nonce: string): TCheckInResult {
  const base = { nonce, outcome, accepted: outcome === 'checked_in', message: CHECK_IN_OUTCOME_TEXT[outcome].message, person: null, checkIn: null, expected: null, conflict: false }
  switch (outcome) {
    case 'checked_in':
      return { ...base, person, checkIn: { scannedAt: '2027-09-20T01:10:00.000Z', recordedAt: '2027-09-20T01:10:00.000Z', deviceId: 'd-me', staff: '现场工作人员', byYou: true } }
    case 'already_checked_in':
      return {
        ...base,
        message: '已于 09:02 由1号门 王老师签到（设备 gate-2），请勿重复签到',
        person: { ...person, nationalIdMasked: '120103********1234' },
        checkIn: { scannedAt: '2027-09-20T01:02:00.000Z', recordedAt: '2027-09-20T01:02:00.000Z', deviceId: 'gate-2', staff: '1号门 王老师', byYou: false },
      }
    case 'revoked':
      return { ...base, message: '准考证已作废（冒名顶替），不能签到', person: { ...person, nationalIdMasked: null } }
    case 'wrong_session':
    case 'wrong_venue':
    case 'not_confirmed':
      return { ...base, person: { ...person, nationalIdMasked: null } }
    default:
      return base
  }
}

type TSent = { method: string; path: string; body: unknown }

/** The BFF of a venue-staff member: `outcome` decides what a scan answers; `reachable: false` is no signal at all. */
function fakeBff(outcome: () => TCheckInOutcome = () => 'checked_in') {
  const sent: TSent[] = []
  const link = { reachable: true }
  taroMock.storage.set('contest.session', { token: 'token-aaaaaaaaaaaaaaaaaaaa', expiresAt: '2099-01-01T00:00:00+08:00' })
  taroMock.request.mockImplementation(async (options: { url: string; method: string; data?: string }) => {
    if (!link.reachable) throw { errMsg: 'request:fail timeout' }
    const url = new URL(options.url, 'http://bff.test')
    const path = url.pathname.replace(/^\/api\/v1/, '')
    const body = options.data === undefined ? undefined : JSON.parse(options.data)
    sent.push({ method: options.method, path: `${path}${url.search}`, body })
    if (path === '/me') return answer(200, { ok: true, data: me([venueGrant]) })
    if (path === '/venue/sessions') return answer(200, { ok: true, data: { items: [session] } })
    if (path === '/venue/roster') return answer(200, { ok: true, data: roster })
    if (path === '/venue/check-ins') return answer(200, { ok: true, data: bffResult(outcome(), (body as TCheckInScanInput).nonce) })
    if (path === '/venue/check-ins/batch') {
      const scans = (body as { scans: TCheckInScanInput[] }).scans
      return answer(200, { ok: true, data: { results: scans.map((s) => bffResult('checked_in', s.nonce)) } })
    }
    throw new Error(`unexpected ${options.method} ${path}`)
  })
  return { sent, link, scans: () => sent.filter((r) => r.path.startsWith('/venue/check-ins')) }
}

async function openPage() {
  render(<VenueScan />)
  // The roster is fetched for the session as soon as the page knows it is online.
  await screen.findByText(/离线名单：2 人/)
}

beforeEach(() => {
  resetVenueTaro()
  process.env.TARO_ENV = 'weapp'
})
afterAll(() => {
  process.env.TARO_ENV = ORIGINAL_ENV
})

describe('scanning online', () => {
  it.each(CHECK_IN_OUTCOMES.map((o) => [o]))('shows %s at a glance, in its colour, with its Chinese text', async (outcome) => {
    fakeBff(() => outcome)
    scanCode.mockResolvedValue({ result: tokenOf(11), scanType: 'QR_CODE', errMsg: 'scanCode:ok' })
    await openPage()
    fireEvent.click(screen.getByText('扫码签到'))
    const headline = await screen.findByText(CHECK_IN_OUTCOME_TEXT[outcome].message)
    expect(headline.parentElement!.className).toContain(`venue-scan__result--${CHECK_IN_OUTCOME_TEXT[outcome].tone}`)
    const card = headline.parentElement!.textContent!
    if (outcome === 'checked_in') {
      for (const shown of ['张伟', '焊工 · 职工组', 'A-011', '120103********1234']) expect(card).toContain(shown)
    }
    if (outcome === 'already_checked_in') {
      for (const shown of ['2027年9月20日 09:02', '1号门 王老师', 'gate-2']) expect(card).toContain(shown)
      expect(card).not.toContain('身份证')
    }
    if (outcome === 'forged' || outcome === 'unknown') expect(card).not.toContain('张伟')
  })

  it('each scan carries its own nonce, the scan time and the same device id', async () => {
    const bff = fakeBff()
    scanCode.mockResolvedValue({ result: tokenOf(11), scanType: 'QR_CODE', errMsg: 'scanCode:ok' })
    await openPage()
    fireEvent.click(screen.getByText('扫码签到'))
    await screen.findByText(CHECK_IN_OUTCOME_TEXT.checked_in.message)
    fireEvent.click(screen.getByText('扫码签到'))
    await waitFor(() => expect(bff.scans()).toHaveLength(2))
    const [first, second] = bff.scans().map((r) => r.body as TCheckInScanInput)
    expect(first).toMatchObject({ sessionId: SESSION_ID, token: tokenOf(11) })
    expect(first!.nonce).not.toBe(second!.nonce)
    expect(first!.deviceId).toBe(second!.deviceId)
    expect(Date.parse(first!.scannedAt)).not.toBeNaN()
    // A scan waits 5 s for the BFF, not the client's usual 15 s, before answering from the roster.
    expect(taroMock.request).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringMatching(/\/venue\/check-ins$/), timeout: 5_000 }))
  })

  it('a cancelled scan sends nothing', async () => {
    const bff = fakeBff()
    scanCode.mockRejectedValue({ errMsg: 'scanCode:fail cancel' })
    await openPage()
    fireEvent.click(screen.getByText('扫码签到'))
    await act(async () => undefined)
    expect(bff.scans()).toHaveLength(0)
  })
})

it('签到看板 opens the board of the session being scanned', async () => {
  fakeBff()
  await openPage()
  fireEvent.click(screen.getByText('签到看板'))
  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageVenue/pages/board/index?session=${SESSION_ID}` })
})

describe('typing the pass number (H5, no camera)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'h5'
  })

  it('offers no scan button, refuses a mistyped number before sending, and sends a good one', async () => {
    const bff = fakeBff()
    await openPage()
    expect(screen.queryByText('扫码签到')).toBeNull()
    const input = screen.getByPlaceholderText('输入8位准考证号')
    // The last digit off by one: Luhn's check digit catches it.
    fireEvent.change(input, { target: { value: '00000112' } })
    fireEvent.click(screen.getByText('签到'))
    await screen.findByText('准考证号有误，请核对后重新输入')
    expect(bff.scans()).toHaveLength(0)

    fireEvent.change(input, { target: { value: formatPassNumber(11) } })
    fireEvent.click(screen.getByText('签到'))
    await screen.findByText(CHECK_IN_OUTCOME_TEXT.checked_in.message)
    expect(bff.scans()[0]!.body).toMatchObject({ passNumber: formatPassNumber(11), sessionId: SESSION_ID })
  })
})

describe('offline', () => {
  it('answers from the roster when a request finds no network, queues the scan, and uploads it with the same nonce when the signal is back', async () => {
    const bff = fakeBff()
    scanCode.mockResolvedValue({ result: tokenOf(12), scanType: 'QR_CODE', errMsg: 'scanCode:ok' })
    await openPage()
    expect(screen.getByText('在线')).toBeTruthy()

    bff.link.reachable = false
    fireEvent.click(screen.getByText('扫码签到'))
    const headline = await screen.findByText(CHECK_IN_OUTCOME_TEXT.checked_in.message)
    expect(headline.parentElement!.textContent).toContain('李娜')
    expect(headline.parentElement!.textContent).toContain('离线核验，联网后自动上传')
    expect(screen.getByText('离线')).toBeTruthy()
    expect(screen.getByText('1 条签到待上传')).toBeTruthy()

    // The same pass again, still offline: this phone remembers its check-in.
    fireEvent.click(screen.getByText('扫码签到'))
    await screen.findByText(CHECK_IN_OUTCOME_TEXT.already_checked_in.message)
    expect(screen.getByText('2 条签到待上传')).toBeTruthy()

    // A forged token offline: refused locally.
    scanCode.mockResolvedValue({ result: `${tokenOf(12).slice(0, -2)}AA`, scanType: 'QR_CODE', errMsg: 'scanCode:ok' })
    fireEvent.click(screen.getByText('扫码签到'))
    await screen.findByText(CHECK_IN_OUTCOME_TEXT.forged.message)

    const queuedNonces = (taroMock.storage.get('venue.queue') as Array<{ scan: TCheckInScanInput }>).map((q) => q.scan.nonce)
    bff.link.reachable = true
    act(() => network.change(true))
    await screen.findByText('没有待上传的签到')
    expect(screen.getByText('在线')).toBeTruthy()
    const uploaded = bff.sent.find((r) => r.path === '/venue/check-ins/batch')!.body as { scans: TCheckInScanInput[] }
    expect(uploaded.scans.map((s) => s.nonce)).toEqual(queuedNonces)
    expect(uploaded.scans[0]).toMatchObject({ token: tokenOf(12), sessionId: SESSION_ID })
  })

  it('poor signal (the phone has a network, the BFF does not answer): offline until 立即上传 gets through', async () => {
    const bff = fakeBff()
    scanCode.mockResolvedValue({ result: tokenOf(11), scanType: 'QR_CODE', errMsg: 'scanCode:ok' })
    await openPage()
    bff.link.reachable = false
    fireEvent.click(screen.getByText('扫码签到'))
    await screen.findByText('1 条签到待上传')
    expect(screen.getByText('离线')).toBeTruthy()

    // Still no answer: the scan stays queued.
    fireEvent.click(screen.getByText('立即上传'))
    await act(async () => undefined)
    expect(screen.getByText('1 条签到待上传')).toBeTruthy()

    bff.link.reachable = true
    fireEvent.click(screen.getByText('立即上传'))
    await screen.findByText('没有待上传的签到')
    expect(screen.getByText('在线')).toBeTruthy()
    expect(bff.sent.filter((r) => r.path === '/venue/check-ins/batch')).toHaveLength(1)
  })

  it('says offline when the phone reports no network, and without a roster says it cannot check', async () => {
    network.set(false)
    const bff = fakeBff()
    bff.link.reachable = false
    // Signed in earlier: the sessions were kept on the phone.
    taroMock.storage.set('venue.sessions', [session])
    scanCode.mockResolvedValue({ result: tokenOf(11), scanType: 'QR_CODE', errMsg: 'scanCode:ok' })
    render(<VenueScan />)
    await screen.findByText('离线')
    expect(screen.getByText('未下载离线名单')).toBeTruthy()
    fireEvent.click(screen.getByText('扫码签到'))
    await screen.findByText(/未下载本场次名单，无法离线核验/)
    expect(bff.scans()).toHaveLength(0)
  })
})
