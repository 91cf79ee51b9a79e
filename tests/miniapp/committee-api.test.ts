/**
 * The committee's set-up calls through the API client: PUT with the version, PUT for a rename,
 * the .xlsx sent as raw bytes, and the export saved on the device (its errors still in the envelope).
 */
import { AppError, type TCompetitionSetupInput } from '@contest/shared'
import {
  createCompetition,
  exportUnions,
  importUnions,
  renameUnion,
  updateCompetition,
} from '../../miniapp/src/api/admin'
import { ApiClientError } from '../../miniapp/src/api/errors'
import { setSessionRenewal } from '../../miniapp/src/api/client'
import { answer } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))

const SESSION_KEY = 'contest.session'
const FUTURE = '2099-01-01T00:00:00+08:00'
const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEXI = '64b7f0c2a1b2c3d4e5f60801'

type TRequest = { url: string; method?: string; header: Record<string, string>; data?: unknown }
const sent = (i = 0) => taroMock.request.mock.calls[i]?.[0] as TRequest

const hexi = {
  id: HEXI,
  code: 'HXQ3X',
  name: '河西区总工会',
  kind: 'district',
  parentId: null,
  ancestry: [],
  childCount: 0,
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

beforeEach(() => {
  resetTaroMock()
  taroMock.storage.set(SESSION_KEY, { token: 'token-committee', expiresAt: FUTURE })
  setSessionRenewal(async () => null)
})

it('renames with PUT (wx.request has no PATCH) and a JSON body', async () => {
  taroMock.request.mockResolvedValue(answer(200, { ok: true, data: { ...hexi, name: '天津市河西区总工会' } }))

  await expect(renameUnion(HEXI, '天津市河西区总工会')).resolves.toMatchObject({ name: '天津市河西区总工会' })

  expect(sent()).toMatchObject({
    url: `/api/v1/admin/unions/${HEXI}`,
    method: 'PUT',
    header: { Authorization: 'Bearer token-committee', 'Content-Type': 'application/json' },
    data: JSON.stringify({ name: '天津市河西区总工会' }),
  })
})

it('sends the directory sheet as its raw bytes with the .xlsx content type', async () => {
  taroMock.request.mockResolvedValue(answer(200, { ok: true, data: { imported: 3, unchanged: 0 } }))
  const sheet = new Uint8Array([0x50, 0x4b, 0x03, 0x04]).buffer

  await expect(importUnions(sheet)).resolves.toEqual({ imported: 3, unchanged: 0 })

  expect(sent()).toMatchObject({ url: '/api/v1/admin/unions/import', method: 'POST', header: { 'Content-Type': SHEET_TYPE } })
  expect(sent().data).toBe(sheet)
})

it('passes the bad rows of a refused import on with the error', async () => {
  taroMock.request.mockResolvedValue(
    answer(400, {
      ok: false,
      code: 'UNION_IMPORT_INVALID',
      message: '工会名录有 1 行有误，未导入任何工会，请修改后重新导入',
      fields: [{ path: 'row 2', message: '第2行：请填写工会名称' }],
    }),
  )

  const error = await caught(importUnions(new ArrayBuffer(4)))

  expect(error).toBeInstanceOf(AppError)
  expect(error).toMatchObject({ code: 'UNION_IMPORT_INVALID', fields: [{ path: 'row 2', message: '第2行：请填写工会名称' }] })
})

it('creates with POST and changes with PUT {version, setup}', async () => {
  taroMock.request.mockResolvedValue(answer(500, 'gateway'))
  const setup: TCompetitionSetupInput = {
    name: '2027年职工职业技能大赛',
    organiser: '天津市总工会',
    registrationOpensAt: '2027-03-01T00:00:00+08:00',
    registrationClosesAt: '2027-04-30T23:59:59+08:00',
    groups: [{ code: 'worker', name: '职工组' }],
    trades: [{ code: 'electrician', name: '电工', groups: ['worker'] }],
  }

  await caught(createCompetition(setup))
  await caught(updateCompetition('64b7f0c2a1b2c3d4e5f60718', { version: 3, setup }))

  expect(sent(0)).toMatchObject({ url: '/api/v1/admin/competitions', method: 'POST', data: JSON.stringify(setup) })
  expect(sent(1)).toMatchObject({
    url: '/api/v1/admin/competitions/64b7f0c2a1b2c3d4e5f60718',
    method: 'PUT',
    data: JSON.stringify({ version: 3, setup }),
  })
})

describe('the export, saved on the device', () => {
  const env = process.env.TARO_ENV
  const realFetch = globalThis.fetch
  const FILE_NAME = '工会名录-20261124.xlsx'
  afterEach(() => {
    process.env.TARO_ENV = env
    Object.assign(globalThis, { fetch: realFetch })
    jest.restoreAllMocks()
  })

  /** H5: `fetch` answering `answers` in turn; the requests it got. */
  function browser(...answers: Array<{ status: number; body: Blob | string }>) {
    process.env.TARO_ENV = 'h5'
    const fetched: { url: string; authorization: string }[] = []
    Object.assign(globalThis, {
      fetch: jest.fn(async (url: string, init: { headers: Record<string, string> }) => {
        fetched.push({ url, authorization: init.headers.Authorization ?? '' })
        const { status, body } = answers[fetched.length - 1] ?? { status: 500, body: '' }
        return { ok: status === 200, status, blob: async () => body, text: async () => (typeof body === 'string' ? body : '') }
      }),
    })
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:unions')
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() })
    const clicked: { download: string; href: string }[] = []
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href })
    })
    return { fetched, createObjectURL, clicked }
  }

  it('in H5 fetches the sheet with the token and hands it to the browser as a download named fileName', async () => {
    const sheet = new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04])], { type: SHEET_TYPE })
    const { fetched, createObjectURL, clicked } = browser({ status: 200, body: sheet })

    await exportUnions(FILE_NAME)

    expect(fetched.map((f) => [new URL(f.url, 'http://bff.test').pathname, f.authorization])).toEqual([['/api/v1/admin/unions/export', 'Bearer token-committee']])
    expect(createObjectURL).toHaveBeenCalledWith(sheet)
    expect(clicked).toEqual([{ download: FILE_NAME, href: 'blob:unions' }])
  })

  it('reads an export refused by the BFF as its error, in Chinese, and saves nothing', async () => {
    const body = { ok: false, code: 'FORBIDDEN', message: '没有权限进行此操作', requestId: 'r1' }
    const { clicked } = browser({ status: 403, body: JSON.stringify(body) })

    const error = await caught(exportUnions(FILE_NAME))

    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: '没有权限进行此操作' })
    expect(clicked).toEqual([])
  })

  it('renews an ended session once for the export, as for any call', async () => {
    const expired = { ok: false, code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录', requestId: 'r2' }
    const { fetched, clicked } = browser({ status: 401, body: JSON.stringify(expired) }, { status: 200, body: new Blob([new Uint8Array([1])]) })
    setSessionRenewal(async () => 'token-fresh')

    await exportUnions(FILE_NAME)

    expect(fetched.map((f) => f.authorization)).toEqual(['Bearer token-committee', 'Bearer token-fresh'])
    expect(clicked).toHaveLength(1)
  })

  it('reports a failed export download as a network failure', async () => {
    process.env.TARO_ENV = 'h5'
    Object.assign(globalThis, { fetch: jest.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) })

    const error = await caught(exportUnions(FILE_NAME))

    expect(error).toBeInstanceOf(ApiClientError)
    expect(error).toMatchObject({ code: 'NETWORK_FAILED' })
  })

  it('in WeChat downloads the sheet with the token, keeps it as fileName and opens it in the document viewer', async () => {
    process.env.TARO_ENV = 'weapp'
    const downloadFile = jest.fn((options: { url: string; header: Record<string, string>; success: (result: object) => void }) =>
      options.success({ statusCode: 200, tempFilePath: 'wxfile://tmp/export' }),
    )
    const saveFileSync = jest.fn((_from: string, to: string) => to)
    const openDocument = jest.fn((_options: object) => Promise.resolve({ errMsg: 'openDocument:ok' }))
    Object.assign(taroMock, { env: { USER_DATA_PATH: 'wxfile://usr' }, downloadFile, getFileSystemManager: () => ({ saveFileSync }), openDocument })

    await exportUnions(FILE_NAME)

    expect(downloadFile.mock.calls[0]?.[0]).toMatchObject({ url: '/api/v1/admin/unions/export', header: { Authorization: 'Bearer token-committee' } })
    expect(saveFileSync).toHaveBeenCalledWith('wxfile://tmp/export', `wxfile://usr/${FILE_NAME}`)
    expect(openDocument).toHaveBeenCalledWith({ filePath: `wxfile://usr/${FILE_NAME}`, fileType: 'xlsx', showMenu: true })
  })
})
