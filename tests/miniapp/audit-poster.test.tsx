/**
 * 报名海报 on the audit desk's home (packageAudit/pages/home): an official opens their own union's
 * poster for the competition, sees the union code beside it, and keeps it — the album on a phone
 * (with the album refused: said in Chinese, settings offered), a download in H5.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import AuditHome from '../../miniapp/src/packageAudit/pages/home/index'
import { fakeAuditBff, ok, refused, summary } from './support/audit-fixtures'
import { resetAuditTaro, taroMock } from './support/audit-taro'
import { COMPETITION_ID, COMPETITION_NAME, HEXI_UNION_ID, grant, me, officialGrant } from './support/me'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageAudit/audit.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const HEXI_CODE = 'HXQ3X'
const OTHER_COMPETITION_ID = '64b7f0c2a1b2c3d4e5f60719'
const POSTER_PATH = `/api/v1/admin/unions/${HEXI_UNION_ID}/poster`

/** What the phone's WeChat offers the poster code: the download, the album, the settings page. */
const phone = {
  downloadFile: jest.fn(),
  saveImageToPhotosAlbum: jest.fn(),
  openSetting: jest.fn(),
  getFileSystemManager: jest.fn((): { readFileSync: () => string } => ({ readFileSync: () => '' })),
}
Object.assign(taroMock, phone)

const env = process.env.TARO_ENV
const realFetch = globalThis.fetch

function unionDesk(person = me([officialGrant], true)) {
  return fakeAuditBff((request) => {
    if (request.path === '/audit/union/competitions') {
      return ok({ items: [{ id: COMPETITION_ID, name: COMPETITION_NAME, registrationClosesAt: '2026-08-31T23:59:59+08:00', waiting: 3 }] })
    }
    if (request.path === `/audit/union/competitions/${COMPETITION_ID}/summary`) return ok(summary())
    if (request.path === `/audit/union/competitions/${COMPETITION_ID}/reachability`) return ok({ waiting: 0, reachable: 0, unreachable: [], nextCursor: null })
    if (request.path === `/admin/unions/${HEXI_UNION_ID}`) {
      return ok({ id: HEXI_UNION_ID, code: HEXI_CODE, name: '河西区总工会', kind: 'district', parentId: null, ancestry: [], childCount: 1 })
    }
    return undefined
  }, person)
}

/** The poster as WeChat's downloadFile hands it over: a temporary file, or the BFF's refusal. */
function posterDownload(statusCode = 200) {
  phone.downloadFile.mockImplementation((options: { url: string; success: (r: object) => void }) => {
    options.success({ statusCode, tempFilePath: 'wxfile://tmp/poster.png' })
  })
}

beforeEach(() => {
  resetAuditTaro()
  for (const mock of Object.values(phone)) mock.mockClear()
  phone.downloadFile.mockReset()
  phone.saveImageToPhotosAlbum.mockReset()
  phone.openSetting.mockReset()
  process.env.TARO_ENV = 'weapp'
})
afterEach(() => {
  process.env.TARO_ENV = env
  Object.assign(globalThis, { fetch: realFetch })
  jest.restoreAllMocks()
})

async function openPoster() {
  render(<AuditHome />)
  await screen.findByText('报名海报')
  await act(async () => {
    fireEvent.click(screen.getByText('查看报名海报'))
  })
}

it('shows the official’s union poster with its code in large type, and saves it to the album', async () => {
  unionDesk()
  posterDownload()
  phone.saveImageToPhotosAlbum.mockResolvedValue({ errMsg: 'saveImageToPhotosAlbum:ok' })
  const { container } = render(<AuditHome />)
  await screen.findByText('报名海报')
  // Nothing is drawn until the official asks for it.
  expect(phone.downloadFile).not.toHaveBeenCalled()

  await act(async () => {
    fireEvent.click(screen.getByText('查看报名海报'))
  })

  const download = phone.downloadFile.mock.calls[0]![0] as { url: string; header: Record<string, string> }
  const url = new URL(download.url, 'http://bff.test')
  expect(url.pathname).toBe(POSTER_PATH)
  expect(url.searchParams.get('competitionId')).toBe(COMPETITION_ID)
  expect(download.header).toEqual({ Authorization: 'Bearer token-aaaaaaaaaaaaaaaaaaaa' })
  expect(container.querySelector('.audit-poster__image')?.getAttribute('src')).toBe('wxfile://tmp/poster.png')
  expect(container.querySelector('.audit-poster__code')?.textContent).toBe(HEXI_CODE)
  expect(screen.getByText('工会代码')).toBeTruthy()

  await act(async () => {
    fireEvent.click(screen.getByText('保存到相册'))
  })
  expect(phone.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/poster.png' })
  expect(screen.getByText('海报已保存到相册')).toBeTruthy()
})

it('says in Chinese when the album is refused, and opens the settings from the dialog or the button', async () => {
  unionDesk()
  posterDownload()
  phone.saveImageToPhotosAlbum.mockRejectedValue({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' })
  phone.openSetting.mockResolvedValueOnce({ authSetting: { 'scope.writePhotosAlbum': false } })
  await openPoster()

  await act(async () => {
    fireEvent.click(screen.getByText('保存到相册'))
  })
  expect(taroMock.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '无法保存到相册', confirmText: '去设置' }))
  expect(phone.openSetting).toHaveBeenCalledTimes(1)
  // Still refused on return: the reason stays, with a way back to the settings.
  expect(screen.getByText('未获得保存到相册的权限。请在设置中允许“保存到相册”后再保存海报。')).toBeTruthy()

  phone.openSetting.mockResolvedValueOnce({ authSetting: { 'scope.writePhotosAlbum': true } })
  await act(async () => {
    fireEvent.click(screen.getByText('打开设置'))
  })
  expect(phone.openSetting).toHaveBeenCalledTimes(2)
  expect(screen.queryByText('打开设置')).toBeNull()
  expect(screen.getByText('已允许保存到相册，请再点“保存到相册”')).toBeTruthy()
})

it('downloads the poster in H5 through the browser, named for the union and competition', async () => {
  process.env.TARO_ENV = 'h5'
  unionDesk()
  const png = new Blob(['png'], { type: 'image/png' })
  const fetched: { url: string; headers: Record<string, string> }[] = []
  Object.assign(globalThis, {
    fetch: jest.fn(async (url: string, init: { headers: Record<string, string> }) => {
      fetched.push({ url, headers: init.headers })
      return { ok: true, status: 200, blob: async () => png, text: async () => '' }
    }),
  })
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:poster')
  Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() })
  const clicked: { href: string; download: string }[] = []
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ href: this.href, download: this.download })
  })
  const { container } = render(<AuditHome />)
  await screen.findByText('报名海报')
  await act(async () => {
    fireEvent.click(screen.getByText('查看报名海报'))
  })

  expect(new URL(fetched[0]!.url, 'http://bff.test').pathname).toBe(POSTER_PATH)
  expect(fetched[0]!.headers).toEqual({ Authorization: 'Bearer token-aaaaaaaaaaaaaaaaaaaa' })
  expect(createObjectURL).toHaveBeenCalledWith(png)
  expect(container.querySelector('.audit-poster__image')?.getAttribute('src')).toBe('blob:poster')
  expect(container.querySelector('.audit-poster__code')?.textContent).toBe(HEXI_CODE)

  await act(async () => {
    fireEvent.click(screen.getByText('下载海报'))
  })
  expect(clicked).toEqual([{ href: 'blob:poster', download: '河西区总工会-海河工匠杯技能大赛—天津市职工职业技能大赛-报名海报.png' }])
  expect(screen.getByText('海报已开始下载')).toBeTruthy()
})

it('shows the BFF’s refusal of a poster', async () => {
  unionDesk()
  phone.downloadFile.mockImplementation((options: { success: (r: object) => void }) => {
    options.success({ statusCode: 409, tempFilePath: 'wxfile://tmp/refusal.json' })
  })
  phone.getFileSystemManager.mockReturnValue({
    readFileSync: () => JSON.stringify({ ok: false, code: 'UNION_NOT_PARTICIPATING', message: '河西区总工会未参加本赛事', requestId: 'r' }),
  })
  await openPoster()

  expect(screen.getByText('河西区总工会未参加本赛事')).toBeTruthy()
  expect(screen.getByText('重试')).toBeTruthy()
})

it('offers only the posters of the official’s own unions for the competition shown', async () => {
  const forOther = grant('union_official', { unionId: '64b7f0c2a1b2c3d4e5f60803', unionName: '和平区总工会', competitionId: OTHER_COMPETITION_ID }, 'g-other')
  unionDesk(me([officialGrant, forOther], true))
  const { container } = render(<AuditHome />)
  await screen.findByText('报名海报')

  expect(Array.from(container.querySelectorAll('.audit-poster__name')).map((el) => el.textContent)).toEqual(['河西区总工会'])
})

it('offers the committee’s desk no union poster', async () => {
  taroMock.routerParams.current = { desk: 'committee' }
  fakeAuditBff(
    (request) => {
      if (request.path === '/audit/committee/competitions') return ok({ items: [{ id: COMPETITION_ID, name: COMPETITION_NAME, registrationClosesAt: '2026-08-31T23:59:59+08:00', waiting: 0 }] })
      if (request.path.startsWith('/audit/committee/competitions/')) return refused(503, 'SERVER_UNAVAILABLE', '稍后再试')
      return undefined
    },
    me([officialGrant, grant('committee')], true),
  )
  render(<AuditHome />)
  await screen.findByText('确认报名')
  expect(screen.queryByText('报名海报')).toBeNull()
})
