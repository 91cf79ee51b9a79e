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
jest.mock('../../miniapp/src/components/EntryRules/index.scss', () => ({}))
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
  expect(screen.getByText('装配钳工').parentElement?.querySelector('.detail__trade-groups')?.textContent).toBe('职工组') // worker group only
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

it('shows who may enter each group before the form: ages, declarations, excluded honours and places per union', async () => {
  get.mockResolvedValue({
    ...haiheCup,
    eligibility: {
      ...haiheCup.eligibility,
      ageRanges: [
        { groupCode: 'worker', tradeCode: null, minAge: 18, maxAge: 60 },
        { groupCode: 'student', tradeCode: 'welder', minAge: 16, maxAge: 22 },
      ],
      workerResidenceRequired: true,
    },
    quotas: [
      { unionName: '河西区总工会', tradeCode: 'welder', groupCode: 'worker', places: 2 },
      { unionName: '和平区总工会', tradeCode: 'welder', groupCode: 'worker', places: 2 },
    ],
  })

  const { container } = render(<CompetitionDetail />)
  expect(await screen.findByText('参赛条件')).toBeTruthy()

  const groups = Array.from(container.querySelectorAll('.entry-rules__group')).map((group) => ({
    name: group.querySelector('.entry-rules__group-name')?.textContent,
    rules: Array.from(group.querySelectorAll('.entry-rules__rule')).map((rule) => rule.textContent),
  }))
  expect(groups).toEqual([
    {
      name: '职工组',
      rules: [
        '年龄18至60周岁（以2020年8月31日计）',
        '全日制在校学生不能报名本组',
        '须具有本市户籍，或在本市连续缴纳社会保险满12个月',
        '已获得中华技能大奖、全国技术能手的人员不得以选手身份参赛',
        '焊工名额：河西区总工会、和平区总工会各2名',
        '下级工会的报名计入所属参赛工会的名额，工会审核通过即占用；未列出的工会不限名额',
      ],
    },
    { name: '学生组', rules: ['焊工：年龄16至22周岁（以2020年8月31日计）', '已获得中华技能大奖、全国技术能手的人员不得以选手身份参赛'] },
  ])
})

it('shows no conditions card when the competition sets none', async () => {
  get.mockResolvedValue({
    ...haiheCup,
    eligibility: { ...haiheCup.eligibility, ageRanges: [], excludedHonours: [], noFullTimeStudentsInWorkerGroup: false },
  })

  render(<CompetitionDetail />)
  expect(await screen.findByText('我要报名')).toBeTruthy()
  expect(screen.queryByText('参赛条件')).toBeNull()
})
