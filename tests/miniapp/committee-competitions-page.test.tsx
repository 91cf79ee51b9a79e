/** 赛事设置: the list, and the editor's create and change through the BFF, with the problems shown beside their fields. */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppError, type TCompetitionSetupInput, type TCompetitionSetupView, type TParticipatingUnion, type TUnionEntry } from '@contest/shared'
import { getMe } from '../../miniapp/src/api/account'
import {
  createCompetition,
  getSetupCompetition,
  listSetupCompetitions,
  listUnions,
  updateCompetition,
} from '../../miniapp/src/api/admin'
import { CONFLICT_MESSAGE } from '../../miniapp/src/packageCommittee/pages/competitions/Editor'
import Competitions from '../../miniapp/src/packageCommittee/pages/competitions/index'
import { competitionSetupView, participating } from '../support/competitionSetup'
import { haiheCup, hepingUnion, hexiUnion } from './support/fixtures'
import { committeeGrant, grant, HEXI_UNION_ID, me, officialGrant } from './support/me'
import { pageLifecycle, resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/committee-components'))
jest.mock('../../miniapp/src/api/account', () => ({ getMe: jest.fn() }))
jest.mock('../../miniapp/src/api/admin', () => ({
  listSetupCompetitions: jest.fn(),
  getSetupCompetition: jest.fn(),
  createCompetition: jest.fn(),
  updateCompetition: jest.fn(),
  listUnions: jest.fn(),
}))
jest.mock('../../miniapp/src/api/client', () => ({
  isSessionLost: (error: unknown) => error instanceof AppError && error.code === 'UNAUTHENTICATED',
}))
jest.mock('../../miniapp/src/packageCommittee/committee.scss', () => ({}))
jest.mock('../../miniapp/src/packageCommittee/pages/competitions/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const HEPING_UNION_ID = hepingUnion.id
const CITY_ID = '64b7f0c2a1b2c3d4e5f60800'

function directoryEntry({ id, name, code }: TParticipatingUnion): TUnionEntry {
  return { id, code, name, kind: 'district', parentId: CITY_ID, ancestry: [{ id: CITY_ID, name: '天津市总工会' }], childCount: 1 }
}
const heping = directoryEntry(hepingUnion)

const setup = competitionSetupView(haiheCup, {
  slug: 'tj-haihe-cup',
  description: '各区工会组织报名。',
  registrationOpensAt: '2025-08-31T16:00:00.000Z',
  registrationClosesAt: '2026-08-31T15:59:59.000Z',
  ...participating(hexiUnion),
  quotas: [{ unionId: HEXI_UNION_ID, tradeCode: 'welder', groupCode: 'worker', places: 1 }],
  eligibility: { ...haiheCup.eligibility, referenceDate: '2026-08-31T15:59:59.000Z' },
  venues: [{ code: 'main', name: '天津市职工宣传教育文化中心', address: '天津市' }],
  version: 3,
})

/** What the BFF answers after storing `input`: the set-up with its participating unions named. */
function stored(input: TCompetitionSetupInput, version: number, id = setup.id): TCompetitionSetupView {
  const named = [hexiUnion, hepingUnion].filter((u) => input.participatingUnionIds?.includes(u.id))
  return { ...setup, ...input, id, version, ...participating(...named) } as TCompetitionSetupView
}

beforeEach(() => {
  jest.clearAllMocks()
  resetTaroMock()
  jest.mocked(getMe).mockResolvedValue(me([committeeGrant]))
  jest.mocked(listSetupCompetitions).mockResolvedValue([setup])
  jest.mocked(getSetupCompetition).mockResolvedValue(setup)
  jest.mocked(listUnions).mockResolvedValue({ items: [heping], next: null })
  jest.mocked(updateCompetition).mockImplementation(async (_id, input) => stored(input.setup, input.version + 1))
})

const byClass = (container: HTMLElement, selector: string) => Array.from(container.querySelectorAll<HTMLElement>(selector))

async function openEditor() {
  const view = render(<Competitions />)
  const edit = await screen.findByText('编辑')
  await act(async () => {
    fireEvent.click(edit)
  })
  await screen.findByText('基本信息')
  return view
}

async function save() {
  await act(async () => {
    fireEvent.click(screen.getByText(/^(保存修改|创建赛事)$/))
  })
}

it('lists the competitions with their set-up, and offers 新建赛事 to whoever manages them all', async () => {
  const { container } = render(<Competitions />)

  const card = (await screen.findByText(setup.name, { exact: false })).closest('.setup-card') as HTMLElement
  expect(within(card).getByText('已发布')).toBeTruthy()
  expect(within(card).getByText('数控车工、焊工、装配钳工、汽车维修工')).toBeTruthy()
  expect(screen.getByText('新建赛事')).toBeTruthy()
  expect(byClass(container, '.setup-card')).toHaveLength(1)
})

it('offers no 新建赛事 to a committee member of one competition', async () => {
  jest.mocked(getMe).mockResolvedValue(me([grant('committee', { competitionId: setup.id, competitionName: setup.name })]))
  render(<Competitions />)

  expect(await screen.findByText('编辑')).toBeTruthy()
  expect(screen.queryByText('新建赛事')).toBeNull()
})

it('tells someone without the committee role that the page is not for them', async () => {
  jest.mocked(getMe).mockResolvedValue(me([officialGrant]))
  render(<Competitions />)

  expect(await screen.findByText('您还没有组委会权限。如已收到邀请，请在“我的”中输入邀请码。')).toBeTruthy()
  expect(listSetupCompetitions).not.toHaveBeenCalled()
})

it('loads the set-up with the participating unions’ names sent along (no look-up per union), in China time', async () => {
  const { container } = await openEditor()

  expect(getSetupCompetition).toHaveBeenCalledTimes(1)
  expect(getSetupCompetition).toHaveBeenCalledWith(setup.id)
  expect(screen.getByDisplayValue(setup.name)).toBeTruthy()
  const unions = container.querySelector('.setup-unions') as HTMLElement
  expect(within(unions).getByText('河西区总工会')).toBeTruthy()
  expect(within(unions).getByText('工会代码 HXQ3X')).toBeTruthy()
  const opens = container.querySelector('.setup-window__opens') as HTMLElement
  expect(within(opens).getByText('2025-09-01')).toBeTruthy()
  expect(within(opens).getByText('00:00')).toBeTruthy()
  const closes = container.querySelector('.setup-window__closes') as HTMLElement
  expect(within(closes).getByText('2026-08-31')).toBeTruthy()
  expect(within(closes).getByText('23:59')).toBeTruthy()
  expect(screen.getByText('中华技能大奖')).toBeTruthy()
  // The 焊工 × 职工组 quota of 河西区总工会.
  const table = container.querySelector('.quota-table') as HTMLElement
  expect(within(table).getByText('合计 1 人')).toBeTruthy()
})

it('adds a trade 电工 for 职工组 and a union with a quota, and saves the whole set-up with its version', async () => {
  const { container } = await openEditor()

  fireEvent.click(screen.getByText('添加工种'))
  const rows = byClass(container, '.trade-row')
  const added = rows[rows.length - 1] as HTMLElement
  fireEvent.change(within(added).getByPlaceholderText('工种代码'), { target: { value: 'electrician' } })
  fireEvent.change(within(added).getByPlaceholderText('工种名称'), { target: { value: '电工' } })
  expect(within(added).getByText('职工组').className).toContain('committee__chip--on')
  expect(within(added).getByText('学生组').className).not.toContain('committee__chip--on')

  // 和平区总工会 joins, found by the union search.
  fireEvent.change(screen.getByPlaceholderText('输入工会名称或代码，添加参赛工会'), { target: { value: '和平' } })
  await act(async () => {
    fireEvent.click(within(container.querySelector('.setup-union-search') as HTMLElement).getByText('搜索'))
  })
  expect(listUnions).toHaveBeenCalledWith({ q: '和平' })
  await act(async () => {
    fireEvent.click(within(container.querySelector('.setup-union-search') as HTMLElement).getByText('添加'))
  })
  expect(within(container.querySelector('.setup-union-search') as HTMLElement).getByText('已添加')).toBeTruthy()

  // Its quota table: 电工 has a 职工组 cell only.
  const tables = byClass(container, '.quota-table')
  expect(tables).toHaveLength(2)
  const hepingTable = tables[1] as HTMLElement
  expect(within(hepingTable).getByText('和平区总工会')).toBeTruthy()
  const electrician = within(hepingTable).getByText('电工').closest('.quota-row') as HTMLElement
  expect(within(electrician).getByText('不设')).toBeTruthy()
  fireEvent.change(electrician.querySelector('.quota-cell--worker input') as HTMLInputElement, { target: { value: '2' } })
  expect(within(hepingTable).getByText('合计 2 人')).toBeTruthy()

  await save()

  expect(updateCompetition).toHaveBeenCalledTimes(1)
  const [id, input] = jest.mocked(updateCompetition).mock.calls[0] ?? []
  expect(id).toBe(setup.id)
  expect(input?.version).toBe(3)
  expect(input?.setup.trades).toContainEqual({ code: 'electrician', name: '电工', groups: ['worker'] })
  expect(input?.setup.participatingUnionIds).toEqual([HEXI_UNION_ID, HEPING_UNION_ID])
  expect(input?.setup.quotas).toEqual([
    { unionId: HEXI_UNION_ID, tradeCode: 'welder', groupCode: 'worker', places: 1 },
    { unionId: HEPING_UNION_ID, tradeCode: 'electrician', groupCode: 'worker', places: 2 },
  ])
  // Dates go back in China time; untouched ones keep their moment.
  expect(input?.setup.registrationOpensAt).toBe('2025-09-01T00:00:00+08:00')
  expect(input?.setup.registrationClosesAt).toBe('2026-08-31T23:59:59+08:00')
  expect(input?.setup.eligibility?.referenceDate).toBe('2026-08-31T23:59:59+08:00')
  expect(screen.getByText('已保存')).toBeTruthy()
  expect(taroMock.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }))
  // The stored set-up, as answered, names both unions.
  expect(within(container.querySelector('.setup-unions') as HTMLElement).getByText('工会代码 HPQ2Y')).toBeTruthy()
})

it('keeps unsaved changes when the page is shown again after another page covered it', async () => {
  await openEditor()
  fireEvent.change(screen.getByDisplayValue(setup.name), { target: { value: '还没保存的名字' } })

  await act(async () => {
    pageLifecycle.hide()
    pageLifecycle.show()
  })

  expect(getSetupCompetition).toHaveBeenCalledTimes(1)
  expect(screen.getByDisplayValue('还没保存的名字')).toBeTruthy()
})

it('changes the registration window with the date and time pickers', async () => {
  const { container } = await openEditor()

  const closes = container.querySelector('.setup-window__closes') as HTMLElement
  fireEvent.change(closes.querySelector('input[data-picker="date"]') as HTMLInputElement, { target: { value: '2026-09-15' } })
  fireEvent.change(closes.querySelector('input[data-picker="time"]') as HTMLInputElement, { target: { value: '17:30' } })
  await save()

  expect(jest.mocked(updateCompetition).mock.calls[0]?.[1].setup.registrationClosesAt).toBe('2026-09-15T17:30:00+08:00')
})

it('checks a new competition with the shared schema and shows each problem beside its field, in Chinese', async () => {
  const { container } = render(<Competitions />)
  fireEvent.click(await screen.findByText('新建赛事'))
  await screen.findByText('基本信息')

  await save()

  expect(createCompetition).not.toHaveBeenCalled()
  const basics = container.querySelector('.setup-basics') as HTMLElement
  expect(within(basics).getByText('请填写赛事名称')).toBeTruthy()
  expect(within(basics).getByText('请填写主办单位')).toBeTruthy()
  const window = container.querySelector('.setup-window') as HTMLElement
  expect(within(window).getByText('请选择报名开始时间')).toBeTruthy()
  expect(within(window).getByText('请选择报名截止时间')).toBeTruthy()
  const trade = container.querySelector('.trade-row') as HTMLElement
  expect(within(trade).getByText('请填写工种名称')).toBeTruthy()
  expect(screen.getByText(/^有 \d+ 处需要修改/)).toBeTruthy()

  // Fixing a field drops its message; a bad code and a window that ends before it starts are caught too.
  fireEvent.change(within(basics).getByPlaceholderText(/^例如 2026年/), { target: { value: '2027年职工职业技能大赛' } })
  expect(within(basics).queryByText('请填写赛事名称')).toBeNull()
  fireEvent.change(within(trade).getByPlaceholderText('工种代码'), { target: { value: '电工' } })
  const opensDate = container.querySelector('.setup-window__opens input[data-picker="date"]') as HTMLInputElement
  const closesDate = container.querySelector('.setup-window__closes input[data-picker="date"]') as HTMLInputElement
  fireEvent.change(opensDate, { target: { value: '2027-03-01' } })
  fireEvent.change(closesDate, { target: { value: '2027-02-01' } })
  await save()

  expect(within(trade).getByText('工种代码只能包含小写字母、数字和短横线，最长 32 位')).toBeTruthy()
  expect(within(window).getByText('报名截止时间必须晚于开始时间')).toBeTruthy()
  expect(createCompetition).not.toHaveBeenCalled()
})

it('creates a competition, with the default excluded honours and worker-group rules', async () => {
  jest.mocked(createCompetition).mockImplementation(async (input) => stored(input, 0, '64b7f0c2a1b2c3d4e5f60799'))
  const { container } = render(<Competitions />)
  fireEvent.click(await screen.findByText('新建赛事'))
  await screen.findByText('基本信息')

  fireEvent.change(screen.getByPlaceholderText(/^例如 2026年/), { target: { value: '2027年职工职业技能大赛' } })
  fireEvent.change(screen.getByPlaceholderText(/^例如 天津市/), { target: { value: '天津市总工会' } })
  fireEvent.change(container.querySelector('.setup-window__opens input[data-picker="date"]') as HTMLInputElement, { target: { value: '2027-03-01' } })
  fireEvent.change(container.querySelector('.setup-window__closes input[data-picker="date"]') as HTMLInputElement, { target: { value: '2027-04-30' } })
  fireEvent.change(screen.getByPlaceholderText('工种名称'), { target: { value: '电工' } })
  fireEvent.click(screen.getByText('职工组须本地户籍或社保'))
  await save()

  expect(createCompetition).toHaveBeenCalledWith(
    expect.objectContaining({
      name: '2027年职工职业技能大赛',
      organiser: '天津市总工会',
      publication: 'draft',
      registrationOpensAt: '2027-03-01T00:00:00+08:00',
      registrationClosesAt: '2027-04-30T23:59:59+08:00',
      groups: [
        { code: 'worker', name: '职工组' },
        { code: 'student', name: '学生组' },
      ],
      trades: [{ code: 'trade-1', name: '电工', groups: ['worker'] }],
      eligibility: expect.objectContaining({
        excludedHonours: ['中华技能大奖', '全国技术能手'],
        workerResidenceRequired: true,
        noFullTimeStudentsInWorkerGroup: true,
      }),
    }),
  )
  expect(screen.getByText('赛事已创建')).toBeTruthy()
  // From now on the editor changes that competition.
  expect(screen.getByText('保存修改')).toBeTruthy()
})

it('shows the BFF’s field errors beside their fields (setup.trades.1.name, setup.quotas.0.unionId)', async () => {
  jest.mocked(updateCompetition).mockRejectedValue(
    new AppError('VALIDATION_FAILED', '参赛工会不存在，请检查后重试', [
      { path: 'setup.trades.1.name', message: '工种名称已被使用' },
      { path: 'setup.quotas.0.unionId', message: '工会不存在' },
      { path: 'setup.somethingElse', message: '其他问题' },
    ]),
  )
  const { container } = await openEditor()

  await save()

  const welder = byClass(container, '.trade-row')[1] as HTMLElement
  expect(within(welder).getByDisplayValue('焊工')).toBeTruthy()
  expect(within(welder).getByText('工种名称已被使用')).toBeTruthy()
  // quotas.0 is the one quota sent: 河西区总工会 × 焊工 × 职工组.
  const table = container.querySelector('.quota-table') as HTMLElement
  const welderQuotas = within(table).getByText('焊工').closest('.quota-row') as HTMLElement
  expect(within(welderQuotas.querySelector('.quota-cell--worker') as HTMLElement).getByText('工会不存在')).toBeTruthy()
  expect(within(table).getAllByText('工会不存在')).toHaveLength(1)
  const actions = container.querySelector('.setup-editor__actions') as HTMLElement
  expect(within(actions).getByText('参赛工会不存在，请检查后重试')).toBeTruthy()
  expect(within(actions).getByText('其他问题')).toBeTruthy()
})

it('on 409 CONFLICT tells the person someone else changed it, and shows what is stored now', async () => {
  jest.mocked(updateCompetition).mockRejectedValue(new AppError('CONFLICT', '赛事设置已被他人修改，请刷新后重试'))
  await openEditor()
  fireEvent.change(screen.getByDisplayValue(setup.name), { target: { value: '我改的名字' } })
  jest.mocked(getSetupCompetition).mockResolvedValue({ ...setup, name: '别人改的名字', version: 4 })

  await save()

  expect(getSetupCompetition).toHaveBeenCalledTimes(2)
  expect(screen.getByText(CONFLICT_MESSAGE)).toBeTruthy()
  expect(screen.getByDisplayValue('别人改的名字')).toBeTruthy()

  jest.mocked(updateCompetition).mockReset().mockImplementation(async (_id, input) => ({ ...setup, version: input.version + 1 }))
  await save()
  expect(jest.mocked(updateCompetition).mock.calls[0]?.[1].version).toBe(4)
})

it('on 409 COMPETITION_CHANGE_REFUSED shows the BFF’s message', async () => {
  const message = '工种“焊工”已有 3 条报名，不能删除'
  jest.mocked(updateCompetition).mockRejectedValue(
    new AppError('COMPETITION_CHANGE_REFUSED', message, [{ path: 'setup.trades', message }]),
  )
  const { container } = await openEditor()
  fireEvent.click(within(byClass(container, '.trade-row')[1] as HTMLElement).getByText('删除'))

  await save()

  expect(within(container.querySelector('.setup-editor__actions') as HTMLElement).getByText(message)).toBeTruthy()
  expect(screen.queryByText('已保存')).toBeNull()
})

it('edits the eligibility: age ranges, excluded honours and the 职工组 rules', async () => {
  const { container } = await openEditor()
  const eligibility = container.querySelector('.setup-eligibility') as HTMLElement

  fireEvent.click(within(eligibility).getByText('添加年龄范围'))
  const row = byClass(eligibility, '.age-row')[1] as HTMLElement
  fireEvent.click(within(row).getByText('学生组'))
  fireEvent.click(within(row).getByText('焊工'))
  fireEvent.change(within(row).getByPlaceholderText('最小年龄'), { target: { value: '16' } })
  fireEvent.change(within(row).getByPlaceholderText('最大年龄'), { target: { value: '12' } })
  fireEvent.click(within(eligibility).getByText('中华技能大奖').querySelector('.setup-honour__remove') as HTMLElement)
  fireEvent.change(within(eligibility).getByPlaceholderText(/^荣誉名称/), { target: { value: '全国五一劳动奖章' } })
  fireEvent.click(within(eligibility).getByText('添加'))
  fireEvent.click(within(eligibility).getByText('职工组不接受全日制在校学生'))

  await save()
  expect(within(row).getByText('年龄不能小于 14 岁')).toBeTruthy()
  expect(updateCompetition).not.toHaveBeenCalled()

  fireEvent.change(within(row).getByPlaceholderText('最大年龄'), { target: { value: '25' } })
  fireEvent.change(within(row).getByPlaceholderText('最小年龄'), { target: { value: '16' } })
  await save()

  const sent = jest.mocked(updateCompetition).mock.calls[0]?.[1].setup.eligibility
  expect(sent).toEqual({
    referenceDate: '2026-08-31T23:59:59+08:00',
    ageRanges: [
      { groupCode: 'worker', tradeCode: null, minAge: 18, maxAge: 60 },
      { groupCode: 'student', tradeCode: 'welder', minAge: 16, maxAge: 25 },
    ],
    excludedHonours: ['全国技术能手', '全国五一劳动奖章'],
    workerResidenceRequired: false,
    noFullTimeStudentsInWorkerGroup: false,
    requirements: { residence: 'none', localArea: '本市', minInsuranceMonths: 12, skillCertificateRequired: false, honourOptions: [], evidence: [] },
  })
})

it('sets the eligibility fields and evidence photos a registration must carry', async () => {
  const { container } = await openEditor()
  const card = container.querySelector('.setup-requirements') as HTMLElement

  fireEvent.click(within(card).getByText('职工组填报户籍或社保'))
  fireEvent.change(within(card).getByPlaceholderText('地区，如 天津市'), { target: { value: '天津市' } })
  fireEvent.change(card.querySelector('.setup-requirements__months') as HTMLElement, { target: { value: '6' } })
  fireEvent.click(within(card).getByText('填报职业技能等级证书编号'))
  fireEvent.change(within(card).getByPlaceholderText(/^荣誉名称/), { target: { value: '全国职工职业技能大赛前三名' } })
  fireEvent.click(within(card).getByText('添加'))
  fireEvent.click(within(card).getByText('近几年内不得参赛'))
  fireEvent.click(within(card).getByText('身份证人像面'))
  fireEvent.click(within(card).getByText('职业技能等级证书'))
  await save()

  expect(jest.mocked(updateCompetition).mock.calls[0]?.[1].setup.eligibility?.requirements).toEqual({
    residence: 'hukou_or_insurance',
    localArea: '天津市',
    minInsuranceMonths: 6,
    skillCertificateRequired: true,
    honourOptions: [{ name: '全国职工职业技能大赛前三名', exclusion: 'recent', recentYears: 3 }],
    evidence: ['id_front', 'skill_certificate'],
  })
})

it('sets the results block on the phone: a trade’s weights, medals, 优胜奖 as a share, tie rule, best-N teams and the 公示’s working days, refused in Chinese first', async () => {
  const { container } = await openEditor()
  const card = container.querySelector('.setup-results') as HTMLElement
  expect(within(card).getByText('成绩与奖项')).toBeTruthy()
  const welder = within(card).getByText('焊工').closest('.weight-row') as HTMLElement
  const input = (scope: HTMLElement, selector: string) => scope.querySelector(`${selector} input, input${selector}`) as HTMLInputElement
  expect(input(welder, '.weight-row__theory').value).toBe('30')

  fireEvent.change(input(welder, '.weight-row__theory'), { target: { value: '40' } })
  fireEvent.change(input(card, '.setup-results__working-days'), { target: { value: '4' } })
  fireEvent.change(input(card, '.setup-results__gold'), { target: { value: '' } })
  fireEvent.change(input(card, '.setup-results__precision'), { target: { value: '1.5' } })
  await save()
  expect(updateCompetition).not.toHaveBeenCalled()
  expect(within(welder).getByText('理论与实操权重之和应为 100')).toBeTruthy()
  expect(within(card).getByText('公示至少 5 个工作日')).toBeTruthy()
  expect(within(card).getByText('请填写金奖名额')).toBeTruthy()
  expect(within(card).getByText('请填写整数')).toBeTruthy()

  fireEvent.change(input(welder, '.weight-row__practical'), { target: { value: '60' } })
  fireEvent.change(input(card, '.setup-results__working-days'), { target: { value: '7' } })
  fireEvent.change(input(card, '.setup-results__gold'), { target: { value: '2' } })
  fireEvent.change(input(card, '.setup-results__precision'), { target: { value: '1' } })
  fireEvent.click(within(card).getByText('按比例（%）'))
  fireEvent.change(input(card, '.setup-results__excellence'), { target: { value: '15' } })
  fireEvent.click(within(card).getByText('并列同名次'))
  fireEvent.click(within(card).getByText('前 N 名总分相加'))
  fireEvent.change(input(card, '.setup-results__team-n'), { target: { value: '3' } })
  expect(within(card).queryByText('公示至少 5 个工作日')).toBeNull()
  await save()

  expect(updateCompetition).toHaveBeenCalledTimes(1)
  const results = jest.mocked(updateCompetition).mock.calls[0]?.[1].setup.results
  expect(results?.weights).toContainEqual({ tradeCode: 'welder', theoryPercent: 40, practicalPercent: 60 })
  expect(results).toMatchObject({
    precision: 1,
    tieRule: 'shared',
    awards: { gold: 2, silver: 1, bronze: 1, excellence: { kind: 'share', percent: 15 } },
    teamStanding: { method: 'best_n', n: 3 },
    announcementWorkingDays: 7,
  })
  expect(screen.getByText('已保存')).toBeTruthy()
})

it('edits the honours: one added by award for 学生组, and a title left empty refused at its row', async () => {
  const { container } = await openEditor()
  const card = container.querySelector('.setup-results') as HTMLElement
  expect(byClass(card, '.honour-row')).toHaveLength(2)
  fireEvent.click(within(card).getByText('添加荣誉'))
  const added = byClass(card, '.honour-row')[2] as HTMLElement
  fireEvent.click(within(added).getByText('按奖项'))
  await save()
  expect(updateCompetition).not.toHaveBeenCalled()
  expect(within(added).getByText('请填写荣誉名称')).toBeTruthy()

  fireEvent.change(added.querySelector('.honour-row__title') as HTMLInputElement, { target: { value: '市级技术能手' } })
  fireEvent.click(within(added).getByText('学生组'))
  fireEvent.click(within(added).getByText('金奖'))
  await save()
  expect(jest.mocked(updateCompetition).mock.calls[0]?.[1].setup.results?.honours).toEqual([
    { title: '推荐申报全国技术能手', groupCode: 'worker', attachedTo: { by: 'rank', upToRank: 1 } },
    { title: '晋升一级职业技能等级', groupCode: null, attachedTo: { by: 'award', awards: ['gold', 'silver', 'bronze'] } },
    { title: '市级技术能手', groupCode: 'student', attachedTo: { by: 'award', awards: ['gold'] } },
  ])
})

it('puts the student group on the school path and picks each trade’s host unit from the directory; a trade without one is refused at its row', async () => {
  const { container } = await openEditor()
  const card = () => container.querySelector('.setup-audit-paths') as HTMLElement
  const student = card().querySelector('.setup-audit-path--student') as HTMLElement
  expect(within(student).getByText('工会审核后报组委会').className).toContain('committee__chip--on')
  fireEvent.click(within(student).getByText('学校确认学籍 → 承办单位审核 → 组委会'))

  const hostRows = () => byClass(card(), '.setup-host-unit')
  const studentTrades = setup.trades.filter((t) => t.groups.includes('student'))
  expect(hostRows().map((row) => row.querySelector('.committee__row-title')?.textContent)).toEqual(studentTrades.map((t) => `${t.name} · 学生组`))
  await save()
  expect(updateCompetition).not.toHaveBeenCalled()
  expect(within(hostRows()[0] as HTMLElement).getByText('该组别由学校、承办单位审核，请为此工种选择承办单位')).toBeTruthy()

  for (const row of hostRows()) {
    fireEvent.change(within(row).getByPlaceholderText('输入单位名称或代码，选择承办单位'), { target: { value: '和平' } })
    await act(async () => {
      fireEvent.click(within(row).getByText('搜索'))
    })
    await act(async () => {
      fireEvent.click(within(row).getByText('选为承办单位'))
    })
  }
  expect(hostRows().map((row) => row.querySelector('.committee__row-sub')?.textContent)).toEqual(studentTrades.map(() => `承办单位：和平区总工会（${heping.code}）`))
  await save()

  const sent = jest.mocked(updateCompetition).mock.calls[0]?.[1].setup
  expect(sent?.groupPaths).toEqual({ student: 'school_host' })
  expect(sent?.hostUnits).toEqual(studentTrades.map((t) => ({ tradeCode: t.code, groupCode: 'student', unionId: HEPING_UNION_ID })))
})
