import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppError, type TCompetitionSetupView, type TCreatedInvitation } from '@contest/shared'
import { getMe } from '../../miniapp/src/api/account'
import { listSetupCompetitions, listUnions } from '../../miniapp/src/api/admin'
import {
  createInvitation,
  listInvitations,
  listRoleGrants,
  revokeInvitation,
  revokeRoleGrant,
} from '../../miniapp/src/api/invitations'
import Invitations from '../../miniapp/src/packageCommittee/pages/invitations/index'
import { competitionSetupView } from '../support/competitionSetup'
import { haiheCup } from './support/fixtures'
import { committeeGrant, HEXI_UNION_ID, me, officialGrant, officialInvitation } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/api/account', () => ({ getMe: jest.fn(), acceptPrivacyNotice: jest.fn() }))
jest.mock('../../miniapp/src/api/admin', () => ({ listUnions: jest.fn(), listSetupCompetitions: jest.fn() }))
jest.mock('../../miniapp/src/api/client', () => ({
  isSessionLost: (error: unknown) => error instanceof AppError && error.code === 'UNAUTHENTICATED',
}))
jest.mock('../../miniapp/src/api/invitations', () => ({
  createInvitation: jest.fn(),
  listInvitations: jest.fn(),
  listRoleGrants: jest.fn(),
  revokeInvitation: jest.fn(),
  revokeRoleGrant: jest.fn(),
}))
jest.mock('../../miniapp/src/packageCommittee/committee.scss', () => ({}))
jest.mock('../../miniapp/src/packageCommittee/pages/invitations/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/PrivacyNotice/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/PrivacyPopup/index.scss', () => ({}))

/** A competition as the committee's set-up API answers it. */
const setupView = (overrides: Partial<TCompetitionSetupView> = {}) => competitionSetupView(haiheCup, overrides)

const haiheCupSetup = setupView()

const QR = 'data:image/png;base64,iVBORw0KGgo='
const created: TCreatedInvitation = { ...officialInvitation, id: '64b7f0c2a1b2c3d4e5f60a02', code: 'K7M2Q9RT4X', qrImage: QR }

beforeEach(() => {
  jest.clearAllMocks()
  resetTaroMock()
  jest.mocked(getMe).mockResolvedValue(me([committeeGrant]))
  jest.mocked(listInvitations).mockResolvedValue([officialInvitation])
  jest.mocked(listRoleGrants).mockResolvedValue([officialGrant])
  jest.mocked(listSetupCompetitions).mockResolvedValue([haiheCupSetup])
  jest.mocked(listUnions).mockResolvedValue({
    items: [
      {
        id: HEXI_UNION_ID,
        code: 'HXQ27',
        name: '河西区总工会',
        kind: 'district',
        parentId: '64b7f0c2a1b2c3d4e5f60800',
        ancestry: [{ id: '64b7f0c2a1b2c3d4e5f60800', name: '天津市总工会' }],
        childCount: 1,
      },
    ],
    next: null,
  })
  jest.mocked(createInvitation).mockReset().mockResolvedValue(created)
  jest.mocked(revokeInvitation).mockReset().mockResolvedValue({ ...officialInvitation, status: 'revoked' })
  jest.mocked(revokeRoleGrant).mockReset().mockResolvedValue(officialGrant)
})

it('creates a 工会审核员 invitation for a union found by search, and shows its code to copy and its QR code', async () => {
  const { container } = render(<Invitations />)

  fireEvent.click(await screen.findByText('工会审核员'))
  fireEvent.change(screen.getByPlaceholderText('输入工会名称或代码搜索'), { target: { value: '河西' } })
  await act(async () => {
    fireEvent.click(screen.getByText('搜索'))
  })
  expect(listUnions).toHaveBeenCalledWith({ q: '河西' })
  expect(screen.getByText('天津市总工会 › 河西区总工会')).toBeTruthy()
  fireEvent.click(screen.getByText('选择'))
  fireEvent.click(screen.getByText('7 天'))

  await act(async () => {
    fireEvent.click(screen.getByText('生成邀请码'))
  })

  expect(createInvitation).toHaveBeenCalledWith({
    role: 'union_official',
    unionId: HEXI_UNION_ID,
    competitionId: null,
    venue: null,
    note: '',
    expiresInHours: 168,
  })
  const card = container.querySelector('.invitation-created') as HTMLElement
  expect(within(card).getByText('K7M2Q9RT4X')).toBeTruthy()
  expect(within(card).getByText('工会审核员 · 河西区总工会', { exact: false })).toBeTruthy()

  expect(card.querySelector('img.invitation-qr__image')?.getAttribute('src')).toBe(QR)
  expect(within(card).getByText('对方用微信扫码即可打开邀请')).toBeTruthy()

  fireEvent.click(within(card).getByText('复制邀请码'))
  expect(taroMock.setClipboardData).toHaveBeenCalledWith({ data: 'K7M2Q9RT4X' })
  expect(listInvitations).toHaveBeenCalledTimes(2)
})

it('shows the code alone when WeChat could not draw a QR code', async () => {
  jest.mocked(createInvitation).mockResolvedValue({ ...created, qrImage: null })
  const { container } = render(<Invitations />)

  fireEvent.click(await screen.findByText('大赛组委会'))
  fireEvent.click(screen.getByText(haiheCupSetup.name))
  await act(async () => {
    fireEvent.click(screen.getByText('生成邀请码'))
  })

  expect(createInvitation).toHaveBeenCalledWith(expect.objectContaining({ role: 'committee', competitionId: haiheCupSetup.id }))
  expect(screen.getByText('K7M2Q9RT4X')).toBeTruthy()
  expect(container.querySelector('.invitation-qr')).toBeNull()
})

it('shows the problem beside the field instead of sending an incomplete invitation', async () => {
  render(<Invitations />)

  fireEvent.click(await screen.findByText('现场工作人员'))
  fireEvent.click(screen.getByText('生成邀请码'))

  expect(screen.getByText('请选择赛事')).toBeTruthy()
  expect(screen.getByText('请选择赛场')).toBeTruthy()
  expect(createInvitation).not.toHaveBeenCalled()
})

it('lists invitations and role grants, and revokes after confirming', async () => {
  const { container } = render(<Invitations />)

  const list = (await screen.findByText('邀请记录')).parentElement as HTMLElement
  expect(within(list).getByText('待接受')).toBeTruthy()
  const grants = container.querySelector('.grant-list') as HTMLElement
  expect(within(grants).getByText('工会审核员 · 河西区总工会')).toBeTruthy()

  await act(async () => {
    fireEvent.click(within(list).getByText('撤销'))
  })
  expect(taroMock.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤销邀请' }))
  expect(revokeInvitation).toHaveBeenCalledWith(officialInvitation.id)

  taroMock.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
  await act(async () => {
    fireEvent.click(within(grants).getByText('撤销'))
  })
  expect(revokeRoleGrant).not.toHaveBeenCalled()
})

it('tells someone without the committee role that the page is not for them', async () => {
  jest.mocked(getMe).mockResolvedValue(me([officialGrant]))

  render(<Invitations />)

  expect(await screen.findByText('您还没有组委会权限。如已收到邀请，请在“我的”中输入邀请码。')).toBeTruthy()
  expect(listInvitations).not.toHaveBeenCalled()
})

/** A 现场工作人员's venue is one of the chosen competition's venues, not free text. */
describe('现场工作人员的赛场', () => {
  const cup = setupView({
    id: '64b7f0c2a1b2c3d4e5f60718',
    slug: 'cup',
    name: '海河工匠杯',
    version: 0,
    venues: [
      { code: 'main', name: '天津市职工宣传教育文化中心', address: '天津市' },
      { code: 'weld', name: '焊工赛场', address: '' },
    ],
  })
  const bare = setupView({ id: '64b7f0c2a1b2c3d4e5f60719', slug: 'bare', name: '新赛事', version: 0 })

  beforeEach(() => {
    jest.mocked(listInvitations).mockResolvedValue([])
    jest.mocked(listRoleGrants).mockResolvedValue([])
    jest.mocked(listSetupCompetitions).mockResolvedValue([cup, bare])
    jest.mocked(createInvitation).mockResolvedValue({ ...officialInvitation, code: 'K7M2Q9RT4X', qrImage: null })
  })

  it('offers the chosen competition’s venues and sends the one picked', async () => {
    render(<Invitations />)

    fireEvent.click(await screen.findByText('现场工作人员'))
    expect(screen.getByText('请先选择赛事')).toBeTruthy()
    expect(screen.queryByPlaceholderText('例如 第一赛场')).toBeNull()

    fireEvent.click(screen.getByText('新赛事'))
    expect(screen.getByText('该赛事还没有赛场，请先在“赛事设置”中添加赛场')).toBeTruthy()

    fireEvent.click(screen.getByText('海河工匠杯'))
    fireEvent.click(screen.getByText('焊工赛场'))
    expect(screen.getByText('焊工赛场').className).toContain('committee__chip--on')
    await act(async () => {
      fireEvent.click(screen.getByText('生成邀请码'))
    })

    expect(createInvitation).toHaveBeenCalledWith(
      expect.objectContaining({ role: 'venue_staff', competitionId: cup.id, venue: '焊工赛场' }),
    )
  })

  it('forgets the venue when another competition is chosen', async () => {
    render(<Invitations />)
    fireEvent.click(await screen.findByText('现场工作人员'))
    fireEvent.click(screen.getByText('海河工匠杯'))
    fireEvent.click(screen.getByText('焊工赛场'))
    fireEvent.click(screen.getByText('新赛事'))

    fireEvent.click(screen.getByText('生成邀请码'))

    expect(screen.getByText('请选择赛场')).toBeTruthy()
    expect(createInvitation).not.toHaveBeenCalled()
  })
})
