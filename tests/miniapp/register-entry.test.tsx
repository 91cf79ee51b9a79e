/**
 * Where registration starts: 我要报名 on the competition page, 我的报名 on 我的, and the entry
 * page (packageRegister/pages/entry): the union code typed or scanned, looked up, and confirmed.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { draftKey } from '../../miniapp/src/packageRegister/draft'
import RegisterEntry from '../../miniapp/src/packageRegister/pages/entry/index'
import { registrationEntryFromScene, registrationEntryScene } from '@contest/shared'
import { entryFromParams, parseEntryScene, parseScanResult } from '../../miniapp/src/packageRegister/pages/entry/view'
import CompetitionDetail from '../../miniapp/src/pages/competition/index'
import Mine from '../../miniapp/src/pages/mine/index'
import { competition, fakeBff, hexi, HEXI_CODE, ok, refused, type TSentRequest } from './support/register-fixtures'
import { resetRegisterTaro, scanCode, taroMock } from './support/register-taro'

jest.mock('@tarojs/taro', () => require('./support/register-taro'))
jest.mock('@tarojs/components', () => require('./support/register-components'))
jest.mock('../../miniapp/src/packageRegister/register.scss', () => ({}))
jest.mock('../../miniapp/src/pages/competition/index.scss', () => ({}))
jest.mock('../../miniapp/src/pages/mine/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/EntryRules/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/PrivacyNotice/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/PrivacyPopup/index.scss', () => ({}))

const KEY = 'HHK226'
const ORIGINAL_ENV = process.env.TARO_ENV

beforeEach(() => {
  resetRegisterTaro()
  process.env.TARO_ENV = 'h5'
})

afterAll(() => {
  process.env.TARO_ENV = ORIGINAL_ENV
})

/** The public BFF: the competition by id and by key, and the union look-up via `lookUp`. */
function bff(lookUp: (code: string) => ReturnType<typeof ok> = () => ok(hexi)): TSentRequest[] {
  return fakeBff((request) => {
    if (request.path === `/competitions/${competition.id}`) return ok(competition)
    if (request.path === `/competitions/by-key/${KEY}`) return ok(competition)
    const code = /^\/unions\/by-code\/([^/]+)$/.exec(request.path)?.[1]
    if (code) return lookUp(decodeURIComponent(code))
    return undefined
  })
}

function lookUps(sent: TSentRequest[]): string[] {
  return sent.filter((r) => r.path.startsWith('/unions/by-code/')).map((r) => `${r.path}${r.query}`)
}

describe('reading a scanned code', () => {
  it('reads the scene the BFF draws into posters as the shared reader does', () => {
    const scene = registrationEntryScene(HEXI_CODE, KEY)
    expect(scene.length).toBeLessThanOrEqual(32)
    expect(parseEntryScene(scene)).toEqual(registrationEntryFromScene(scene))
    expect(parseEntryScene(encodeURIComponent(scene))).toEqual({ unionCode: HEXI_CODE, competitionKey: KEY })
    expect(parseEntryScene(`u=${HEXI_CODE.toLowerCase()}&k=${KEY.toLowerCase()}`)).toEqual({ unionCode: HEXI_CODE, competitionKey: KEY })
    // A key outside the alphabet (0, 1, I, L, O) is not a key.
    expect(parseEntryScene(`u=${HEXI_CODE}&k=HH2O26`)).toEqual({ unionCode: HEXI_CODE, competitionKey: null })
  })

  it('reads a mini-program code’s path, whose scene WeChat leaves URL-encoded', () => {
    expect(parseScanResult(`packageRegister/pages/entry/index?scene=${encodeURIComponent(`u=${HEXI_CODE}&k=${KEY}`)}`)).toEqual({
      unionCode: HEXI_CODE,
      competitionKey: KEY,
    })
    expect(parseScanResult(`packageRegister/pages/entry/index?scene=u=${HEXI_CODE}&k=${KEY}`)).toEqual({
      unionCode: HEXI_CODE,
      competitionKey: KEY,
    })
  })

  it('reads a link with ?u=&k=, including the H5 build’s hash route', () => {
    expect(parseScanResult(`https://contest.example.cn/register?u=${HEXI_CODE}&k=${KEY}`)).toEqual({ unionCode: HEXI_CODE, competitionKey: KEY })
    expect(parseScanResult(`https://contest.example.cn/#/packageRegister/pages/entry/index?u=${HEXI_CODE.toLowerCase()}&k=${KEY}`)).toEqual({
      unionCode: HEXI_CODE,
      competitionKey: KEY,
    })
    expect(parseScanResult(`https://contest.example.cn/r?u=${HEXI_CODE}`)).toEqual({ unionCode: HEXI_CODE, competitionKey: null })
  })

  it('reads a bare union code, in whatever case', () => {
    expect(parseScanResult(` ${HEXI_CODE.toLowerCase()} `)).toEqual({ unionCode: HEXI_CODE, competitionKey: null })
  })

  it('refuses anything else', () => {
    expect(parseScanResult('')).toBeNull()
    expect(parseScanResult('https://weixin.qq.com/r/abc')).toBeNull()
    expect(parseScanResult('https://contest.example.cn/?k=HHK226')).toBeNull()
    expect(parseScanResult('工会代码')).toBeNull()
    expect(parseScanResult('6901234567892x!')).toBeNull()
  })

  it('reads what the page was opened with: competition id, a QR scene, or H5 query parameters', () => {
    expect(entryFromParams({ competitionId: competition.id })).toEqual({ competitionId: competition.id, competitionKey: null, unionCode: null })
    expect(entryFromParams({ scene: encodeURIComponent(`u=${HEXI_CODE}&k=${KEY}`) })).toEqual({
      competitionId: null,
      competitionKey: KEY,
      unionCode: HEXI_CODE,
    })
    expect(entryFromParams({ u: HEXI_CODE.toLowerCase(), k: KEY })).toEqual({ competitionId: null, competitionKey: KEY, unionCode: HEXI_CODE })
    expect(entryFromParams({ competitionId: 'nope' })).toEqual({ competitionId: null, competitionKey: null, unionCode: null })
  })
})

describe('the way in', () => {
  it('我要报名 on an open competition opens the entry page for it', async () => {
    bff()
    taroMock.routerParams.current = { id: competition.id }

    render(<CompetitionDetail />)
    fireEvent.click(await screen.findByText('我要报名'))

    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/entry/index?competitionId=${competition.id}` })
  })

  it('a closed competition says so instead', async () => {
    fakeBff((request) => (request.path === `/competitions/${competition.id}` ? ok({ ...competition, status: 'closed' }) : undefined))
    taroMock.routerParams.current = { id: competition.id }

    render(<CompetitionDetail />)

    expect(await screen.findByText('报名已截止，不能再报名')).toBeTruthy()
    expect(screen.queryByText('我要报名')).toBeNull()
  })

  it('我的 has 我的报名', async () => {
    fakeBff(() => undefined)

    render(<Mine />)
    fireEvent.click(await screen.findByText('我的报名'))

    // Once WeChat's subscribe dialog (none here: no templates) is answered.
    await waitFor(() => expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/packageRegister/pages/mine/index' }))
  })
})

describe('the entry page', () => {
  it('checks the typed code, shows the BFF’s message, then the union and its chain to confirm', async () => {
    const sent = bff((code) =>
      code === 'K7M2Q9' ? refused(404, 'UNION_CODE_UNKNOWN', '没有找到这个工会代码，请向所在工会确认') : ok(hexi),
    )
    taroMock.routerParams.current = { competitionId: competition.id }

    render(<RegisterEntry />)
    expect(await screen.findByText(competition.name)).toBeTruthy()
    const input = screen.getByPlaceholderText('工会代码')

    fireEvent.click(screen.getByText('查询工会'))
    expect(screen.getByText('请输入工会代码')).toBeTruthy()
    fireEvent.change(input, { target: { value: 'ab' } })
    expect((input as HTMLInputElement).value).toBe('AB')
    fireEvent.click(screen.getByText('查询工会'))
    expect(screen.getByText('工会代码应为 4–16 位字母或数字')).toBeTruthy()
    expect(lookUps(sent)).toEqual([])

    fireEvent.change(input, { target: { value: 'k7m2q9' } })
    await act(async () => {
      fireEvent.click(screen.getByText('查询工会'))
    })
    expect(await screen.findByText('没有找到这个工会代码，请向所在工会确认')).toBeTruthy()

    fireEvent.change(input, { target: { value: HEXI_CODE.toLowerCase() } })
    await act(async () => {
      fireEvent.click(screen.getByText('查询工会'))
    })
    expect(await screen.findByText('河西区总工会')).toBeTruthy()
    expect(screen.getByText('天津市总工会 › 河西区总工会')).toBeTruthy()
    expect(screen.getByText(`工会代码：${HEXI_CODE}`)).toBeTruthy()
    expect(lookUps(sent)).toEqual([
      `/unions/by-code/K7M2Q9?competitionId=${competition.id}`,
      `/unions/by-code/${HEXI_CODE}?competitionId=${competition.id}`,
    ])
    // The look-up needs no session.
    expect(sent.filter((r) => r.path.startsWith('/unions/')).every((r) => r.header.Authorization === undefined)).toBe(true)

    fireEvent.click(screen.getByText('确认，下一步'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/form/index?competitionId=${competition.id}` })
    expect(taroMock.storage.get(draftKey({ competitionId: competition.id }))).toMatchObject({ union: hexi, fields: null })
  })

  it('shows a code typed full-width, in lower case or with spaces in its normal form, and looks that up', async () => {
    const sent = bff(() => ok(hexi))
    taroMock.routerParams.current = { competitionId: competition.id }
    render(<RegisterEntry />)
    expect(await screen.findByText(competition.name)).toBeTruthy()
    const input = screen.getByPlaceholderText('工会代码')

    const typed = [...HEXI_CODE.toLowerCase()].map((c, i) => (i % 2 ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('')
    fireEvent.change(input, { target: { value: `${typed.slice(0, 3)}\u3000${typed.slice(3)} ` } })
    expect((input as HTMLInputElement).value).toBe(HEXI_CODE)
    await act(async () => {
      fireEvent.click(screen.getByText('查询工会'))
    })
    expect(lookUps(sent)).toEqual([`/unions/by-code/${HEXI_CODE}?competitionId=${competition.id}`])
  })

  it('shows why a union cannot be used for this competition, and lets the worker type again after 不是这个工会', async () => {
    bff(() => refused(409, 'UNION_NOT_PARTICIPATING', '河西区总工会未参加本赛事，请向所在工会确认报名渠道'))
    taroMock.routerParams.current = { competitionId: competition.id }

    render(<RegisterEntry />)
    fireEvent.change(await screen.findByPlaceholderText('工会代码'), { target: { value: HEXI_CODE } })
    await act(async () => {
      fireEvent.click(screen.getByText('查询工会'))
    })

    expect(await screen.findByText('河西区总工会未参加本赛事，请向所在工会确认报名渠道')).toBeTruthy()
    expect(screen.queryByText('确认，下一步')).toBeNull()
  })

  it('opened from a poster’s code (scene u=…&k=…), finds the competition by key and looks the union up at once', async () => {
    const sent = bff()
    taroMock.routerParams.current = { scene: encodeURIComponent(`u=${HEXI_CODE}&k=${KEY}`) }

    render(<RegisterEntry />)

    expect(await screen.findByText('天津市总工会 › 河西区总工会')).toBeTruthy()
    expect(sent.map((r) => r.path)).toEqual([`/competitions/by-key/${KEY}`, `/unions/by-code/${HEXI_CODE}`])
    fireEvent.click(screen.getByText('不是这个工会，重新输入'))
    expect(screen.getByDisplayValue(HEXI_CODE)).toBeTruthy()
  })

  it('opened from a poster’s code, shows who may enter (the worker skipped the competition page); from the competition page, not again', async () => {
    bff()
    taroMock.routerParams.current = { scene: encodeURIComponent(`u=${HEXI_CODE}&k=${KEY}`) }
    const { container, unmount } = render(<RegisterEntry />)
    expect(await screen.findByText('参赛条件')).toBeTruthy()
    expect(container.querySelector('.entry-rules__rule')?.textContent).toMatch(/^年龄\d+至\d+周岁/)
    unmount()

    taroMock.routerParams.current = { competitionId: competition.id }
    render(<RegisterEntry />)
    expect(await screen.findByText(competition.name)).toBeTruthy()
    expect(screen.queryByText('参赛条件')).toBeNull()
  })

  it('in H5, offers no scan button but says how to go on', async () => {
    bff()
    taroMock.routerParams.current = { u: HEXI_CODE, k: KEY }

    render(<RegisterEntry />)

    expect(await screen.findByText('河西区总工会')).toBeTruthy()
    fireEvent.click(screen.getByText('不是这个工会，重新输入'))
    expect(screen.queryByText('扫一扫工会二维码')).toBeNull()
    expect(screen.getByText(/浏览器中不能扫码/)).toBeTruthy()
  })

  describe('in WeChat', () => {
    beforeEach(() => {
      process.env.TARO_ENV = 'weapp'
      taroMock.routerParams.current = { competitionId: competition.id }
    })

    it('scans a union code printed as text and looks it up', async () => {
      const sent = bff()
      scanCode.mockResolvedValue({ result: HEXI_CODE.toLowerCase(), path: '', scanType: 'QR_CODE', charSet: 'utf-8', rawData: '', errMsg: 'scanCode:ok' })

      render(<RegisterEntry />)
      const scan = await screen.findByText('扫一扫工会二维码')
      await act(async () => {
        fireEvent.click(scan)
      })

      expect(await screen.findByText('天津市总工会 › 河西区总工会')).toBeTruthy()
      expect(lookUps(sent)).toEqual([`/unions/by-code/${HEXI_CODE}?competitionId=${competition.id}`])
    })

    it('scans a poster’s mini-program code: reads the scene from its path, and the competition by its key', async () => {
      const sent = bff()
      scanCode.mockResolvedValue({
        result: '',
        path: `packageRegister/pages/entry/index?scene=${encodeURIComponent(`u=${HEXI_CODE}&k=${KEY}`)}`,
        scanType: 'WX_CODE',
        charSet: 'utf-8',
        rawData: '',
        errMsg: 'scanCode:ok',
      })

      render(<RegisterEntry />)
      const scan = await screen.findByText('扫一扫工会二维码')
      await act(async () => {
        fireEvent.click(scan)
      })

      expect(await screen.findByText('天津市总工会 › 河西区总工会')).toBeTruthy()
      expect(sent.map((r) => r.path)).toEqual([
        `/competitions/${competition.id}`,
        `/competitions/by-key/${KEY}`,
        `/unions/by-code/${HEXI_CODE}`,
      ])
    })

    it('says when a scanned code is not a union’s, and stays quiet when the scan is cancelled', async () => {
      bff()
      scanCode.mockResolvedValueOnce({ result: 'https://weixin.qq.com/r/abc', path: '', scanType: 'QR_CODE', charSet: '', rawData: '', errMsg: 'scanCode:ok' })
      scanCode.mockRejectedValueOnce({ errMsg: 'scanCode:fail cancel' })

      render(<RegisterEntry />)
      const scan = await screen.findByText('扫一扫工会二维码')
      await act(async () => {
        fireEvent.click(scan)
      })
      expect(screen.getByText('没有识别出工会代码。请扫描工会发放的报名二维码，或直接输入工会代码')).toBeTruthy()

      await act(async () => {
        fireEvent.click(screen.getByText('扫一扫工会二维码'))
      })
      expect(screen.queryByText(/没有识别出工会代码|扫码失败/)).toBeNull()
    })
  })

  it('a competition that is not open takes no registrations', async () => {
    fakeBff((request) => (request.path === `/competitions/${competition.id}` ? ok({ ...competition, status: 'upcoming' }) : undefined))
    taroMock.routerParams.current = { competitionId: competition.id }

    render(<RegisterEntry />)

    expect(await screen.findByText('本赛事尚未开始报名')).toBeTruthy()
    expect(screen.queryByPlaceholderText('工会代码')).toBeNull()
  })
})
