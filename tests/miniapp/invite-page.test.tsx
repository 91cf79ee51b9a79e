import { act, fireEvent, render, screen } from '@testing-library/react'
import { AppError } from '@contest/shared'
import { acceptInvitation, getInvitationByCode } from '../../miniapp/src/api/invitations'
import { inviteCodeFromParams } from '../../miniapp/src/packageInvite/pages/invite/view'
import Invite from '../../miniapp/src/packageInvite/pages/invite/index'
import { officialGrant, officialInvitation } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/api/invitations', () => ({
  getInvitationByCode: jest.fn(),
  acceptInvitation: jest.fn(),
}))
jest.mock('../../miniapp/src/packageInvite/pages/invite/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const lookUp = jest.mocked(getInvitationByCode)
const accept = jest.mocked(acceptInvitation)
const CODE = 'K7M2Q9RT4X'

beforeEach(() => {
  resetTaroMock()
  lookUp.mockReset()
  accept.mockReset()
})

describe('the code the page opens with', () => {
  it('comes from a QR code’s scene, URL-encoded by WeChat', () => {
    expect(inviteCodeFromParams({ scene: encodeURIComponent(`i=${CODE}`) })).toBe(CODE)
    expect(inviteCodeFromParams({ scene: `i=${CODE.toLowerCase()}` })).toBe(CODE)
  })

  it('or from ?code= (H5 links)', () => {
    expect(inviteCodeFromParams({ code: CODE })).toBe(CODE)
  })

  it('is absent otherwise', () => {
    expect(inviteCodeFromParams({})).toBeNull()
    expect(inviteCodeFromParams({ scene: 'x=1' })).toBeNull()
  })
})

it('shows what a QR code’s invitation offers: role, union and expiry', async () => {
  taroMock.routerParams.current = { scene: encodeURIComponent(`i=${CODE}`) }
  lookUp.mockResolvedValue(officialInvitation)

  render(<Invite />)

  expect(await screen.findByText('工会审核员')).toBeTruthy()
  expect(lookUp).toHaveBeenCalledWith(CODE)
  expect(screen.getByText('河西区总工会')).toBeTruthy()
  expect(screen.getByText('有效期至 2026年11月5日 18:00')).toBeTruthy()
  expect(screen.getByText('接受邀请')).toBeTruthy()
})

it('shows the BFF’s message when the invitation cannot be used, and lets the person type another code', async () => {
  taroMock.routerParams.current = { code: CODE }
  lookUp.mockRejectedValue(new AppError('INVITATION_EXPIRED'))

  render(<Invite />)

  expect(await screen.findByText('该邀请已过期，请联系邀请人重新发送')).toBeTruthy()
  expect(screen.queryByText('接受邀请')).toBeNull()

  await act(async () => {
    fireEvent.click(screen.getByText('重新输入邀请码'))
  })
  expect(screen.getByPlaceholderText('10 位邀请码')).toBeTruthy()
})

it('accepts the invitation and offers the way into the new role’s pages', async () => {
  taroMock.routerParams.current = { code: CODE }
  lookUp.mockResolvedValue(officialInvitation)
  accept.mockResolvedValue(officialGrant)

  render(<Invite />)
  fireEvent.click(await screen.findByText('接受邀请'))

  expect(await screen.findByText('已接受邀请')).toBeTruthy()
  expect(accept).toHaveBeenCalledWith(CODE)
  expect(screen.getByText('您现在是工会审核员')).toBeTruthy()
  expect(screen.getByText('河西区总工会')).toBeTruthy()

  fireEvent.click(screen.getByText('进入审核工作台'))
  expect(taroMock.redirectTo).toHaveBeenCalledWith({ url: '/packageAudit/pages/home/index' })
})

it('keeps the offer and shows why when accepting fails', async () => {
  taroMock.routerParams.current = { code: CODE }
  lookUp.mockResolvedValue(officialInvitation)
  accept.mockRejectedValue(new AppError('INVITATION_USED'))

  render(<Invite />)
  fireEvent.click(await screen.findByText('接受邀请'))

  expect(await screen.findByText('该邀请已被使用')).toBeTruthy()
  expect(screen.getByText('工会审核员')).toBeTruthy()
})

it('asks for the code when opened without one, and checks it before asking the BFF', async () => {
  lookUp.mockResolvedValue(officialInvitation)

  await act(async () => {
    render(<Invite />)
  })
  const field = screen.getByPlaceholderText('10 位邀请码')

  fireEvent.click(screen.getByText('查看邀请'))
  expect(screen.getByText('请输入邀请码')).toBeTruthy()

  fireEvent.change(field, { target: { value: 'ABC' } })
  fireEvent.click(screen.getByText('查看邀请'))
  expect(screen.getByText('邀请码应为 10 位字母或数字')).toBeTruthy()
  expect(lookUp).not.toHaveBeenCalled()

  fireEvent.change(field, { target: { value: CODE.toLowerCase() } })
  await act(async () => {
    fireEvent.click(screen.getByText('查看邀请'))
  })
  expect(lookUp).toHaveBeenCalledWith(CODE)
  expect(await screen.findByText('工会审核员')).toBeTruthy()
})

it('sends a signed-out H5 visitor to the sign-in page', async () => {
  taroMock.routerParams.current = { code: CODE }
  lookUp.mockRejectedValue(new AppError('UNAUTHENTICATED'))

  render(<Invite />)
  fireEvent.click(await screen.findByText('去登录'))

  expect(screen.getByText('请先登录')).toBeTruthy()
  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
})
