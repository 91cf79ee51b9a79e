/**
 * 团体报名 on the union desk (packageAudit/pages/teams): each member's status and, while they have
 * not confirmed, the link to send; a member entered by form; a sheet refused with its bad rows; a new team.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import type { TTeam, TTeamMember } from '@contest/shared'
import AuditTeams from '../../miniapp/src/packageAudit/pages/teams/index'
import { fakeAuditBff, ok, refused, type TSentRequest } from './support/audit-fixtures'
import { resetAuditTaro, taroMock } from './support/audit-taro'
import { haiheCup } from './support/fixtures'
import { COMPETITION_ID } from './support/me'
import { nationalId } from './support/register-fixtures'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageAudit/audit.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const TEAM_ID = '64b7f0c2a1b2c3d4e5f60d01'
const TOKEN = 'ZAbCdEfGhIjKlMnOpQrStUvWx-_1'

function member(n: number, overrides: Partial<TTeamMember> = {}): TTeamMember {
  return {
    id: `64b7f0c2a1b2c3d4e5f60e0${n}`,
    name: `队员${n}`,
    nationalIdMasked: `120103********000${n}`,
    mobileMasked: '138****5678',
    tradeName: '焊工',
    groupCode: 'worker',
    status: 'awaiting',
    confirmation: null,
    enteredAt: '2020-08-10T02:00:00.000Z',
    confirmedAt: null,
    ...overrides,
  }
}

function team(members: TTeamMember[]): TTeam {
  return {
    id: TEAM_ID,
    competitionId: COMPETITION_ID,
    name: '河西区代表队',
    unionName: '河西区总工会',
    unionCode: 'HXQ3',
    leader: { name: '王领队', mobileMasked: '139****1111' },
    confirmBy: '2020-08-31T15:59:59.999Z',
    members,
  }
}

const MEMBERS = [
  member(1, { confirmation: { token: TOKEN, path: `packageRegister/pages/confirm/index?t=${TOKEN}` } }),
  member(2, { status: 'confirmed', confirmedAt: '2020-08-11T02:00:00.000Z' }),
  member(3, { status: 'expired' }),
]

function bff(extra: (request: TSentRequest) => ReturnType<typeof ok> | undefined = () => undefined): TSentRequest[] {
  return fakeAuditBff((request) => {
    if (request.method === 'GET' && request.path === `/competitions/${COMPETITION_ID}`) return ok(haiheCup)
    if (request.method === 'GET' && request.path === '/audit/union/teams') return ok({ items: [team(MEMBERS)] })
    return extra(request)
  })
}

beforeEach(() => {
  resetAuditTaro()
  taroMock.routerParams.current = { competitionId: COMPETITION_ID }
})

it('shows each member’s status; only a member still to confirm has a link, which copies', async () => {
  bff()
  render(<AuditTeams />)
  expect(await screen.findByText('河西区代表队')).toBeTruthy()
  expect(screen.getByText('河西区总工会 · 领队 王领队 139****1111')).toBeTruthy()
  expect(['待本人确认', '已确认', '已过期'].map((label) => screen.getAllByText(label).length)).toEqual([1, 1, 1])
  expect(screen.getAllByText('复制确认链接')).toHaveLength(1)
  fireEvent.click(screen.getByText('复制确认链接'))
  expect(taroMock.setClipboardData).toHaveBeenCalledWith({ data: `/packageRegister/pages/confirm/index?t=${TOKEN}` })

  // The member's confirmation code, drawn by the BFF, to show them or save and send.
  const downloadFile = jest.fn((options: { url: string; success: (r: object) => void }) => options.success({ statusCode: 200, tempFilePath: 'wxfile://tmp/code.png' }))
  Object.assign(taroMock, { downloadFile })
  const env = process.env.TARO_ENV
  process.env.TARO_ENV = 'weapp'
  try {
    await act(async () => {
      fireEvent.click(screen.getByText('显示确认二维码'))
    })
  } finally {
    process.env.TARO_ENV = env
  }
  expect(downloadFile.mock.calls[0]?.[0].url).toContain(`/api/v1/audit/union/teams/${TEAM_ID}/members/${MEMBERS[0]!.id}/code`)
  expect(document.querySelector('img.audit-team__code')?.getAttribute('src')).toBe('wxfile://tmp/code.png')
  expect(screen.queryByText('显示确认二维码')).toBeNull()
})

it('enters a member from the form (checked on the phone first) and lists the team again', async () => {
  const sent = bff((request) => (request.method === 'POST' && request.path === `/audit/union/teams/${TEAM_ID}/members` ? ok(member(4)) : undefined))
  render(<AuditTeams />)
  fireEvent.click(await screen.findByText('添加队员'))
  const type = (placeholder: string, value: string) => fireEvent.input(screen.getByPlaceholderText(placeholder), { target: { value } })
  type('姓名', '李强')
  type('身份证号', '12010319900512123')
  type('手机号', '13812345678')
  type('工作单位', '天津港（集团）有限公司')
  type('从事本工种年限', '5')
  await act(async () => {
    fireEvent.click(screen.getByText('录入队员'))
  })
  expect(screen.getByText('身份证号应为18位，前17位为数字，最后一位为数字或X')).toBeTruthy()
  expect(sent.filter((r) => r.method === 'POST')).toHaveLength(0)

  type('身份证号', nationalId('19900512'))
  await act(async () => {
    fireEvent.click(screen.getByText('录入队员'))
  })
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
    { name: '李强', nationalId: nationalId('19900512'), mobile: '13812345678', employer: '天津港（集团）有限公司', tradeCode: 'cnc-lathe', groupCode: 'worker', skillLevel: 'none', yearsInTrade: 5,
      // The form asks for no eligibility fields: the member's are sent empty, as the schema's default.
      eligibilityClaims: { residence: null, skillCertificateNumber: null, honours: [] } },
  ])
  expect(sent.filter((r) => r.method === 'GET' && r.path === '/audit/union/teams')).toHaveLength(2)
})

it('a refused sheet shows the headline and every bad row the BFF named', async () => {
  const sheet = new ArrayBuffer(8)
  Object.assign(taroMock, {
    chooseMessageFile: jest.fn(() => Promise.resolve({ tempFiles: [{ path: '/tmp/team.xlsx', name: 'team.xlsx', size: 8 }] })),
    getFileSystemManager: () => ({ readFileSync: () => sheet }),
  })
  bff()
  const answerJson = taroMock.request.getMockImplementation()!
  let uploaded: unknown = null
  taroMock.request.mockImplementation(async (options: { url: string; method: string; data?: unknown }) => {
    if (!(options.data instanceof ArrayBuffer)) return answerJson(options)
    uploaded = { url: options.url, data: options.data }
    return refused(400, 'TEAM_SHEET_INVALID', '报名表有 1 行有误，未录入任何人，请修改后重新导入', { fields: [{ path: 'row 3', message: '第3行：身份证号校验位不正确' }] })
  })
  render(<AuditTeams />)
  const choose = await screen.findByText('导入报名表')
  await act(async () => {
    fireEvent.click(choose)
  })
  expect(uploaded).toEqual({ url: expect.stringContaining(`/audit/union/teams/${TEAM_ID}/sheet`), data: sheet })
  expect(await screen.findByText('报名表有 1 行有误，未录入任何人，请修改后重新导入')).toBeTruthy()
  expect(screen.getByText('第3行：身份证号校验位不正确')).toBeTruthy()
})

it('creates a team of the official’s own union with its 领队', async () => {
  const sent = bff((request) => (request.method === 'POST' && request.path === '/audit/union/teams' ? ok(team([])) : undefined))
  render(<AuditTeams />)
  fireEvent.input(await screen.findByPlaceholderText('参赛队名称'), { target: { value: '河西区二队' } })
  fireEvent.input(screen.getByPlaceholderText('领队姓名（不参赛）'), { target: { value: '赵领队' } })
  fireEvent.input(screen.getByPlaceholderText('领队手机号'), { target: { value: '13900002222' } })
  await act(async () => {
    fireEvent.click(screen.getByText('创建参赛队'))
  })
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
    { competitionId: COMPETITION_ID, name: '河西区二队', leader: { name: '赵领队', mobile: '13900002222' } },
  ])
})
