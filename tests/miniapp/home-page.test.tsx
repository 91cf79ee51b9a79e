import { act, fireEvent, render, screen } from '@testing-library/react'
import { AppError } from '@contest/shared'
import { listCompetitions } from '../../miniapp/src/api/competitions'
import { ApiClientError } from '../../miniapp/src/api/errors'
import Index from '../../miniapp/src/pages/index/index'
import { haiheCupSummary } from './support/fixtures'
import { pageLifecycle, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/api/competitions', () => ({
  listCompetitions: jest.fn(),
  getCompetition: jest.fn(),
}))
jest.mock('../../miniapp/src/pages/index/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const list = jest.mocked(listCompetitions)

/** A promise the test settles by hand, to look at the page while it is loading. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

beforeEach(() => {
  list.mockReset()
  taroMock.navigateTo.mockClear()
})

it('shows 加载中… until the list arrives, then the competition with its details', async () => {
  const pending = deferred<Awaited<ReturnType<typeof listCompetitions>>>()
  list.mockReturnValue(pending.promise)

  render(<Index />)

  expect(screen.getByText('加载中…')).toBeTruthy()

  await act(async () => pending.resolve([haiheCupSummary]))

  expect(screen.queryByText('加载中…')).toBeNull()
  expect(screen.getByText('2020年“海河工匠杯”技能大赛—天津市职工职业技能大赛')).toBeTruthy()
  expect(screen.getByText('主办单位：天津市职工职业技能大赛组织委员会')).toBeTruthy()
  expect(screen.getByText('报名截止：2020年8月31日')).toBeTruthy()
  for (const trade of ['数控车工', '焊工', '装配钳工', '汽车维修工']) {
    expect(screen.getByText(trade)).toBeTruthy()
  }
  expect(screen.getByText('职工组')).toBeTruthy()
  expect(screen.getByText('学生组')).toBeTruthy()
  expect(screen.getByText('报名中')).toBeTruthy()
})

it('shows one card per open competition', async () => {
  const second = { ...haiheCupSummary, id: '64b7f0c2a1b2c3d4e5f60719', name: '2021年“海河工匠杯”技能大赛' }
  list.mockResolvedValue([haiheCupSummary, second])

  const { container } = render(<Index />)

  expect(await screen.findByText('2021年“海河工匠杯”技能大赛')).toBeTruthy()
  expect(container.querySelectorAll('.competition-card')).toHaveLength(2)
})

it('says so when no competition is open', async () => {
  list.mockResolvedValue([])

  render(<Index />)

  expect(await screen.findByText('暂无正在报名的赛事')).toBeTruthy()
  expect(screen.queryByText('加载中…')).toBeNull()
})

it('shows the error message and loads again on 重试', async () => {
  list.mockRejectedValueOnce(new ApiClientError('NETWORK_FAILED'))
  list.mockResolvedValueOnce([haiheCupSummary])

  render(<Index />)

  expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeTruthy()

  fireEvent.click(screen.getByText('重试'))

  expect(await screen.findByText('2020年“海河工匠杯”技能大赛—天津市职工职业技能大赛')).toBeTruthy()
  expect(screen.queryByText('网络连接失败，请检查网络后重试')).toBeNull()
  expect(list).toHaveBeenCalledTimes(2)
})

it('shows the message the BFF sent with an error', async () => {
  list.mockRejectedValue(new AppError('INTERNAL'))

  render(<Index />)

  expect(await screen.findByText('服务器开小差了，请稍后再试')).toBeTruthy()
  expect(screen.getByText('重试')).toBeTruthy()
})

it('opens the detail page when a competition is tapped', async () => {
  list.mockResolvedValue([haiheCupSummary])

  render(<Index />)
  fireEvent.click(await screen.findByText('2020年“海河工匠杯”技能大赛—天津市职工职业技能大赛'))

  expect(taroMock.navigateTo).toHaveBeenCalledWith({
    url: `/pages/competition/index?id=${haiheCupSummary.id}`,
  })
})

it('opens 我的 from the top of the page', async () => {
  list.mockResolvedValue([])

  render(<Index />)
  fireEvent.click(await screen.findByText('我的'))

  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/mine/index' })
})

it('lists again when shown after another page covered it, keeping the list in view meanwhile', async () => {
  const second = { ...haiheCupSummary, id: '64b7f0c2a1b2c3d4e5f60719', name: '2021年“海河工匠杯”技能大赛' }
  list.mockResolvedValueOnce([haiheCupSummary])
  const again = deferred<Awaited<ReturnType<typeof listCompetitions>>>()
  list.mockReturnValueOnce(again.promise)

  render(<Index />)
  expect(await screen.findByText(haiheCupSummary.name)).toBeTruthy()

  act(() => pageLifecycle.hide())
  act(() => pageLifecycle.show())
  expect(list).toHaveBeenCalledTimes(2)
  expect(screen.queryByText('加载中…')).toBeNull()
  expect(screen.getByText(haiheCupSummary.name)).toBeTruthy()

  await act(async () => again.resolve([second]))
  expect(screen.getByText('2021年“海河工匠杯”技能大赛')).toBeTruthy()
  expect(screen.queryByText(haiheCupSummary.name)).toBeNull()
})
