/** 邀请管理: a 现场工作人员's venue is one of the chosen competition's venues, not free text. */
import { act, fireEvent, render, screen } from '@testing-library/react'
import { AppError, type TCompetitionSetupView } from '@contest/shared'
import { getMe } from '../../miniapp/src/api/account'
import { listSetupCompetitions } from '../../miniapp/src/api/admin'
import { createInvitation, listInvitations, listRoleGrants } from '../../miniapp/src/api/invitations'
import Invitations from '../../miniapp/src/packageCommittee/pages/invitations/index'
import { haiheCupSummary } from './support/fixtures'
import { committeeGrant, me, officialInvitation } from './support/me'
import { resetTaroMock } from './support/taro'

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

function competition(id: string, name: string, venues: TCompetitionSetupView['venues']): TCompetitionSetupView {
  return {
    ...haiheCupSummary,
    id,
    name,
    slug: id,
    description: '',
    publication: 'published',
    participatingUnionIds: [],
    quotas: [],
    eligibility: { referenceDate: null, ageRanges: [], excludedHonours: [], workerResidenceRequired: false, noFullTimeStudentsInWorkerGroup: true },
    venues,
    version: 0,
  }
}

const cup = competition('64b7f0c2a1b2c3d4e5f60718', '海河工匠杯', [
  { code: 'main', name: '天津市职工宣传教育文化中心', address: '天津市' },
  { code: 'weld', name: '焊工赛场', address: '' },
])
const bare = competition('64b7f0c2a1b2c3d4e5f60719', '新赛事', [])

beforeEach(() => {
  jest.clearAllMocks()
  resetTaroMock()
  jest.mocked(getMe).mockResolvedValue(me([committeeGrant]))
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
