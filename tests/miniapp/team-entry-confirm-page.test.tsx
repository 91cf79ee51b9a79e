/**
 * The entered person's confirmation (packageRegister/pages/confirm): what their union entered,
 * the declarations, their own consent before 确认报名, and what a lapsed entry says.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import { PRIVACY_NOTICE_VERSION, type TTeamEntryView } from '@contest/shared'
import ConfirmTeamEntry from '../../miniapp/src/packageRegister/pages/confirm/index'
import { fakeBff, ok, REGISTRATION_ID } from './support/register-fixtures'
import { resetRegisterTaro, taroMock } from './support/register-taro'

jest.mock('@tarojs/taro', () => require('./support/register-taro'))
jest.mock('@tarojs/components', () => require('./support/register-components'))
jest.mock('../../miniapp/src/packageRegister/register.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const TOKEN = 'ZAbCdEfGhIjKlMnOpQrStUvWx-_1'

function entry(overrides: Partial<TTeamEntryView> = {}): TTeamEntryView {
  return {
    status: 'awaiting',
    competitionName: '“海河工匠杯”技能大赛',
    teamName: '河西区代表队',
    unionName: '河西区总工会',
    leaderName: '王领队',
    name: '张伟',
    nationalIdMasked: '120103********1234',
    mobileMasked: '138****5678',
    employer: '天津港（集团）有限公司',
    tradeName: '焊工',
    groupName: '职工组',
    skillLevel: 'senior',
    yearsInTrade: 8,
    declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: false },
    confirmBy: '2026-08-31T15:59:59.999Z',
    registrationId: null,
    ...overrides,
  }
}

beforeEach(() => resetRegisterTaro())

it('shows what was entered; 确认报名 waits for the person’s own consent, then confirms with it', async () => {
  taroMock.routerParams.current = { scene: encodeURIComponent(`t=${TOKEN}`) }
  const sent = fakeBff((request) => {
    if (request.path !== `/team-entries/${TOKEN}` && request.path !== `/team-entries/${TOKEN}/confirm`) return undefined
    return request.method === 'POST' ? ok(entry({ status: 'confirmed', registrationId: REGISTRATION_ID })) : ok(entry())
  })
  render(<ConfirmTeamEntry />)

  expect(await screen.findByText('河西区代表队（河西区总工会）')).toBeTruthy()
  expect(screen.getByText('120103********1234')).toBeTruthy()
  expect(screen.getByText('焊工 · 职工组')).toBeTruthy()
  expect(screen.getByText('· 本人不是全日制在校学生')).toBeTruthy()
  expect(screen.queryByText('· 本人具有本市户籍，或在本市连续缴纳社会保险满12个月')).toBeNull()
  expect(screen.getByText('请在 2026年8月31日 23:59 前确认，逾期未确认的报名无效')).toBeTruthy()

  const button = screen.getByText('确认报名').closest('button')!
  expect(button.disabled).toBe(true)
  fireEvent.click(screen.getByText(/本人已阅读并同意《隐私政策》/))
  expect(button.disabled).toBe(false)
  await act(async () => {
    fireEvent.click(button)
  })
  expect(sent.filter((r) => r.method === 'POST')).toEqual([
    expect.objectContaining({ path: `/team-entries/${TOKEN}/confirm`, body: { privacyNoticeVersion: PRIVACY_NOTICE_VERSION, confirmDeclarations: true } }),
  ])
  expect(screen.getByText('已确认：报名已提交，等待工会审核')).toBeTruthy()
  fireEvent.click(screen.getByText('查看我的报名'))
  expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: `/packageRegister/pages/detail/index?id=${REGISTRATION_ID}` })
})

it('a lapsed entry says so and cannot be confirmed', async () => {
  taroMock.routerParams.current = { t: TOKEN }
  fakeBff((request) => (request.path === `/team-entries/${TOKEN}` ? ok(entry({ status: 'expired' })) : undefined))
  render(<ConfirmTeamEntry />)
  expect(await screen.findByText('已过期：报名截止前未确认，这份报名无效')).toBeTruthy()
  expect(screen.queryByText('确认报名')).toBeNull()
})
