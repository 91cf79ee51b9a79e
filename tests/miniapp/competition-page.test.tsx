import { act, fireEvent, render, screen } from '@testing-library/react'
import { AppError } from '@contest/shared'
import { getCompetition } from '../../miniapp/src/api/competitions'
import CompetitionDetail from '../../miniapp/src/pages/competition/index'
import { haiheCup } from './support/fixtures'
import { pageLifecycle, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/api/competitions', () => ({
  listCompetitions: jest.fn(),
  getCompetition: jest.fn(),
}))
jest.mock('../../miniapp/src/pages/competition/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const get = jest.mocked(getCompetition)

beforeEach(() => {
  get.mockReset()
  taroMock.routerParams.current = { id: haiheCup.id }
})

it('shows the competition the page was opened for', async () => {
  get.mockResolvedValue(haiheCup)

  render(<CompetitionDetail />)

  expect(screen.getByText('加载中…')).toBeTruthy()
  expect(await screen.findByText('2020年“海河工匠杯”技能大赛—天津市职工职业技能大赛')).toBeTruthy()
  expect(get).toHaveBeenCalledWith(haiheCup.id)
  expect(screen.getByText('主办单位：天津市职工职业技能大赛组织委员会')).toBeTruthy()
  expect(screen.getByText('报名时间：2020年8月1日 至 2020年8月31日')).toBeTruthy()
  expect(screen.getByText('报名截止：2020年8月31日')).toBeTruthy()
  expect(screen.getByText('参赛组别：职工组、学生组')).toBeTruthy()
  expect(screen.getByText('装配钳工')).toBeTruthy()
  expect(screen.getByText('职工组')).toBeTruthy() // 装配钳工 is for the worker group only
  expect(screen.getAllByText('职工组、学生组')).toHaveLength(3)
  expect(screen.getByText(haiheCup.description)).toBeTruthy()
})

it('says when the competition does not exist, and can try again', async () => {
  get.mockRejectedValueOnce(new AppError('COMPETITION_NOT_FOUND'))
  get.mockResolvedValueOnce(haiheCup)

  render(<CompetitionDetail />)

  expect(await screen.findByText('找不到该赛事')).toBeTruthy()
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('2020年“海河工匠杯”技能大赛—天津市职工职业技能大赛')).toBeTruthy()
})

it('loads the competition again when shown after registering, and says when registration has closed', async () => {
  get.mockResolvedValueOnce(haiheCup)
  get.mockResolvedValueOnce({ ...haiheCup, status: 'closed' })

  render(<CompetitionDetail />)
  expect(await screen.findByText('我要报名')).toBeTruthy()

  act(() => pageLifecycle.hide())
  await act(async () => pageLifecycle.show())

  expect(get).toHaveBeenCalledTimes(2)
  expect(screen.queryByText('我要报名')).toBeNull()
  expect(screen.getByText('报名已截止，不能再报名')).toBeTruthy()
})
