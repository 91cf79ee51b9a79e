/**
 * The public certificate check (packageNotice/pages/verify): a certificate's QR (`?token=`, or the
 * scanned URL in WeChat's `q`) is checked at once; without one, the short code printed on the
 * certificate is typed in. What the page says for a valid, revoked or unknown certificate, and on
 * a rate limit or no network.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import type { TCertificateVerification, TVerifiedCertificate } from '@contest/shared'
import Verify from '../../miniapp/src/packageNotice/pages/verify/index'
import { fakeAuditBff, ok, refused, type TSentRequest } from './support/audit-fixtures'
import { resetAuditTaro, taroMock } from './support/audit-taro'
import { me } from './support/me'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageNotice/pages/verify/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))

const VERIFY = '/public/certificates/verify'
const TOKEN = 'AQFBAAAAAAAAAAAAAAAAAAAAAAAB-signed_token'

const certificate: TVerifiedCertificate = {
  competitionName: '2026年天津市职工职业技能大赛',
  maskedName: '张*丰',
  award: 'gold',
  awardLabel: '金奖',
  honours: ['推荐全国技术能手'],
  tradeName: '汽车维修工',
  groupName: '职工组',
  issuedDate: '2026-10-11',
  shortCode: 'K7M2P-9QX4R8',
}
const valid: TCertificateVerification = { status: 'valid', message: '证书有效：2026年天津市职工职业技能大赛，金奖', certificate }
const revoked: TCertificateVerification = { status: 'revoked', message: '该证书已于2026-10-20被撤销，不再有效', revokedDate: '2026-10-20', certificate }
const unknown: TCertificateVerification = { status: 'unknown', message: '查无此证书：该证书不存在或尚未颁发，请核对后重试' }


function checks(sent: TSentRequest[]): Record<string, string>[] {
  return sent.filter((r) => r.path === VERIFY).map((r) => Object.fromEntries(r.query))
}

beforeEach(() => {
  resetAuditTaro()
  taroMock.routerParams.current = {}
})

it('checks a scanned QR at once and shows the award, trade and group, the masked name and the issue date', async () => {
  taroMock.routerParams.current = { token: TOKEN }
  const sent = fakeAuditBff((request) => (request.path === VERIFY ? ok(valid) : undefined), me([], false))
  render(<Verify />)

  expect(await screen.findByText('证书有效：2026年天津市职工职业技能大赛，金奖')).toBeTruthy()
  expect(screen.getByText('金奖')).toBeTruthy()
  expect(screen.getByText('汽车维修工 · 职工组')).toBeTruthy()
  expect(screen.getByText('张*丰')).toBeTruthy()
  expect(screen.getByText('2026-10-11')).toBeTruthy()
  expect(screen.getByText('推荐全国技术能手')).toBeTruthy()
  expect(checks(sent)).toEqual([{ token: TOKEN }])
  // A certificate was found: no code entry under it.
  expect(screen.queryByText('验证')).toBeNull()
})

it('reads the token out of the scanned address WeChat hands over as `q`', async () => {
  taroMock.routerParams.current = { q: encodeURIComponent(`https://contest.example.cn/#/packageNotice/pages/verify/index?token=${TOKEN}`) }
  const sent = fakeAuditBff((request) => (request.path === VERIFY ? ok(valid) : undefined), me([], false))
  render(<Verify />)
  expect(await screen.findByText('张*丰')).toBeTruthy()
  expect(checks(sent)).toEqual([{ token: TOKEN }])
})

it('says plainly that a revoked certificate is no longer valid, and when it was revoked', async () => {
  taroMock.routerParams.current = { token: TOKEN }
  fakeAuditBff((request) => (request.path === VERIFY ? ok(revoked) : undefined), me([], false))
  render(<Verify />)
  expect(await screen.findByText('该证书已于2026-10-20被撤销，不再有效')).toBeTruthy()
  expect(screen.queryByText(/证书有效/)).toBeNull()
})

it('without a QR, offers the printed code: an unknown code is said to be no certificate, a right one shows it', async () => {
  const sent = fakeAuditBff((request) => {
    if (request.path !== VERIFY) return undefined
    return ok(request.query.get('code') === certificate.shortCode ? valid : unknown)
  }, me([], false))
  render(<Verify />)
  expect(screen.getByText('输入证书编号验证')).toBeTruthy()
  expect(checks(sent)).toEqual([])

  fireEvent.change(screen.getByPlaceholderText('证书编号'), { target: { value: ' 22222-222222 ' } })
  fireEvent.click(screen.getByText('验证'))
  expect(await screen.findByText('查无此证书：该证书不存在或尚未颁发，请核对后重试')).toBeTruthy()

  fireEvent.change(screen.getByPlaceholderText('证书编号'), { target: { value: certificate.shortCode } })
  fireEvent.click(screen.getByText('验证'))
  expect(await screen.findByText('张*丰')).toBeTruthy()
  expect(checks(sent)).toEqual([{ code: '22222-222222' }, { code: certificate.shortCode }])
})

it('a token that names no certificate leaves the code entry open', async () => {
  taroMock.routerParams.current = { token: TOKEN }
  fakeAuditBff((request) => (request.path === VERIFY ? ok({ status: 'forged', message: '证书二维码无效：该证书不是本平台签发的，或二维码已被改动' }) : undefined), me([], false))
  render(<Verify />)
  expect(await screen.findByText('证书二维码无效：该证书不是本平台签发的，或二维码已被改动')).toBeTruthy()
  expect(screen.getByText('输入证书编号验证')).toBeTruthy()
})

it('says so on a rate limit, and on no network offers to try again', async () => {
  taroMock.routerParams.current = { token: TOKEN }
  let answers = 0
  fakeAuditBff((request) => {
    if (request.path !== VERIFY) return undefined
    answers += 1
    if (answers === 1) return refused(429, 'RATE_LIMITED', '操作过于频繁，请稍后再试')
    if (answers === 2) throw new Error('request:fail')
    return ok(valid)
  }, me([], false))
  render(<Verify />)
  expect(await screen.findByText('操作过于频繁，请稍后再试')).toBeTruthy()
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeTruthy()
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('张*丰')).toBeTruthy()
})
