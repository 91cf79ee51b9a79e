/** The pure functions behind the committee's set-up pages: the competition form, the directory's rows and sheet, venue choices. */
import { AppError, ZCompetitionSetupInput, ZResultsSettings, chinaIsoString, resolveRequirements, type TUnionEntry } from '@contest/shared'
import {
  addTrade,
  addVenue,
  emptyForm,
  fillQuotas,
  formFromSetup,
  hostUnitRows,
  quotaCell,
  quotaTables,
  removeTrade,
  removeUnion,
  toggleGroup,
  toggleTradeGroup,
  withDate,
  withTime,
} from '../../miniapp/src/packageCommittee/pages/competitions/form'
import { errorKeyOf, serverErrors, toSetupInput, type TSentIndex } from '../../miniapp/src/packageCommittee/pages/competitions/setupRequest'
import { venueOptions } from '../../miniapp/src/packageCommittee/pages/invitations/view'
import {
  exportFileName,
  importDone,
  importRefused,
  sheetFileProblem,
  toDirectoryRows,
  toRenameInput,
} from '../../miniapp/src/packageCommittee/pages/unions/view'
import { competitionSetupView, participating } from '../support/competitionSetup'
import { haiheCup, hepingUnion, hexiUnion } from './support/fixtures'
import { HEXI_UNION_ID } from './support/me'

jest.mock('@tarojs/taro', () => require('./support/taro'))

const HEPING_UNION_ID = hepingUnion.id

const setup = competitionSetupView(haiheCup, {
  slug: 'tj-haihe-cup',
  description: '',
  registrationOpensAt: '2025-08-31T16:00:00.000Z',
  registrationClosesAt: '2026-08-31T15:59:59.000Z',
  ...participating(hexiUnion, hepingUnion),
  quotas: [
    { unionId: HEXI_UNION_ID, tradeCode: 'welder', groupCode: 'worker', places: 1 },
    { unionId: HEXI_UNION_ID, tradeCode: 'welder', groupCode: 'student', places: 1 },
    { unionId: HEPING_UNION_ID, tradeCode: 'fitter', groupCode: 'worker', places: 2 },
  ],
  eligibility: {
    referenceDate: '2026-08-31T15:59:59.000Z',
    ageRanges: [{ groupCode: 'student', tradeCode: 'welder', minAge: 16, maxAge: 25 }],
    excludedHonours: ['中华技能大奖'],
    workerResidenceRequired: true,
    noFullTimeStudentsInWorkerGroup: true,
  },
  venues: [{ code: 'main', name: '天津市职工宣传教育文化中心', address: '天津市' }],
  version: 2,
})

describe('China time in the form', () => {
  it('writes any ISO moment as +08:00, and keeps the time of day when the date changes', () => {
    expect(chinaIsoString('2026-08-31T15:59:59.000Z')).toBe('2026-08-31T23:59:59+08:00')
    expect(chinaIsoString('2025-08-31T16:00:00Z')).toBe('2025-09-01T00:00:00+08:00')
    expect(chinaIsoString('下个月')).toBe('')
    expect(withDate('2026-08-31T23:59:59+08:00', '2026-09-15', '00:00:00')).toBe('2026-09-15T23:59:59+08:00')
    expect(withDate('', '2026-09-15', '23:59:59')).toBe('2026-09-15T23:59:59+08:00')
    expect(withTime('2026-09-15T23:59:59+08:00', '17:30')).toBe('2026-09-15T17:30:00+08:00')
    expect(withTime('', '17:30')).toBe('')
  })
})

describe('the competition set-up form', () => {
  it('keeps the eligibility fields and evidence photos the committee asks for, and refuses a minimum of 0 months', () => {
    const requirements = {
      residence: 'hukou_or_insurance' as const,
      localArea: '天津市',
      minInsuranceMonths: 12,
      skillCertificateRequired: true,
      honourOptions: [{ name: '全国职工职业技能大赛前三名', exclusion: 'recent' as const, recentYears: 3 }],
      evidence: ['id_front' as const, 'id_back' as const],
    }
    const form = formFromSetup({ ...setup, eligibility: { ...setup.eligibility, requirements } })
    expect(form.requirements).toEqual(requirements)
    const checked = toSetupInput(form)
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors))
    expect(ZCompetitionSetupInput.parse(checked.input).eligibility.requirements).toEqual(requirements)
    const refused = toSetupInput({ ...form, requirements: { ...requirements, minInsuranceMonths: 0 } })
    expect(refused.ok).toBe(false)
  })

  it('sends back what it loaded, as the shared schema reads it', () => {
    const checked = toSetupInput(formFromSetup(setup))
    expect(checked.ok).toBe(true)
    if (!checked.ok) return
    expect(ZCompetitionSetupInput.parse(checked.input)).toEqual({
      name: setup.name,
      organiser: setup.organiser,
      description: '',
      publication: 'published',
      registrationOpensAt: '2025-09-01T00:00:00+08:00',
      registrationClosesAt: '2026-08-31T23:59:59+08:00',
      groups: setup.groups,
      trades: setup.trades,
      participatingUnionIds: [HEXI_UNION_ID, HEPING_UNION_ID],
      quotas: setup.quotas,
      // A set-up loaded without requirements sends back the defaults (nothing asked).
      eligibility: { ...setup.eligibility, referenceDate: '2026-08-31T23:59:59+08:00', requirements: resolveRequirements(null) },
      venues: setup.venues,
      // Every trade's weights written out (30 / 70 where none were stored).
      results: { ...setup.results, weights: setup.trades.map((t) => ({ tradeCode: t.code, theoryPercent: 30, practicalPercent: 70 })) },
      auditLevels: 1,
      groupPaths: {},
      hostUnits: [],
    })
  })

  it('sends the student group’s school path with a host unit per trade; a trade without one is refused at its row', () => {
    const host = { tradeCode: 'cnc-turning', groupCode: 'student' as const, unionId: 'aaaaaaaaaaaaaaaaaaaaaaaa', unionName: '天津市机电工艺技师学院', unionCode: 'CB2JS7' }
    const form = formFromSetup({ ...setup, groupPaths: { student: 'school_host' }, hostUnits: [host] })
    expect(form.groupPaths).toEqual({ student: 'school_host' })
    const rows = hostUnitRows(form)
    // Every trade with a student group needs a host unit; the one loaded shows its name.
    expect(rows.map((row) => [row.trade.code, row.groupName, row.host?.name ?? null])).toEqual(
      setup.trades.filter((t) => t.groups.includes('student')).map((t) => [t.code, '学生组', t.code === 'cnc-turning' ? '天津市机电工艺技师学院' : null]),
    )
    const missing = toSetupInput(form)
    expect(missing.ok).toBe(false)
    if (missing.ok) return
    const without = rows.find((row) => row.host === null)!
    expect(missing.errors.byKey[`trade:${without.trade.key}:hostUnit`]).toBe('该组别由学校、承办单位审核，请为此工种选择承办单位')

    const hostUnits = Object.fromEntries(rows.map((row) => [row.cell, { id: host.unionId, name: host.unionName, code: host.unionCode }]))
    const complete = toSetupInput({ ...form, hostUnits })
    if (!complete.ok) throw new Error(JSON.stringify(complete.errors))
    expect(complete.input.groupPaths).toEqual({ student: 'school_host' })
    expect(complete.input.hostUnits).toEqual(rows.map((row) => ({ tradeCode: row.trade.code, groupCode: 'student', unionId: host.unionId })))
    // Back on the union path, the host units are not sent.
    const back = toSetupInput({ ...form, hostUnits, groupPaths: { student: 'union' } })
    expect(back.ok && back.input.hostUnits).toEqual([])
  })

  it('sends the union audit levels chosen; two levels without participating unions are refused at the choice', () => {
    const twoLevels = toSetupInput({ ...formFromSetup(setup), auditLevels: 2 })
    expect(twoLevels.ok && twoLevels.input.auditLevels).toBe(2)
    const noUnions = toSetupInput({ ...formFromSetup({ ...setup, quotas: [] }), unions: [], auditLevels: 2 })
    expect(noUnions.ok).toBe(false)
    if (noUnions.ok) return
    expect(noUnions.errors.byKey.auditLevels).toBe('两级审核需先选择参赛工会（其下设基层工会）')
  })

  it('draws one quota table per participating union, with a cell per trade and group the trade has', () => {
    const form = formFromSetup(setup)
    const [hexi, heping] = quotaTables(form)
    expect(hexi?.union.name).toBe('河西区总工会')
    expect(hexi?.columns.map((c) => c.name)).toEqual(['职工组', '学生组'])
    expect(hexi?.rows.map((r) => [r.tradeName, r.cells.map((c) => c?.value ?? null)])).toEqual([
      ['数控车工', ['', '']],
      ['焊工', ['1', '1']],
      ['装配钳工', ['', null]],
      ['汽车维修工', ['', '']],
    ])
    expect(hexi?.total).toBe(2)
    expect(heping?.total).toBe(2)
    expect(quotaTables(fillQuotas(form, '1')).map((t) => t.total)).toEqual([7, 7])
  })

  it('names the participating unions as the set-up sent them; one no longer in the directory says so', () => {
    expect(formFromSetup(setup).unions).toEqual([hexiUnion, hepingUnion])
    expect(formFromSetup({ ...setup, participatingUnions: [hexiUnion] }).unions).toEqual([
      hexiUnion,
      { id: HEPING_UNION_ID, name: '（工会不存在）', code: '' },
    ])
  })

  it('drops quotas with their trade or union, and a group from the trades when the competition drops it', () => {
    const form = formFromSetup(setup)
    const welder = form.trades.find((t) => t.code === 'welder')?.key ?? ''
    expect(Object.keys(removeTrade(form, welder).quotas)).toHaveLength(1)
    expect(Object.keys(removeUnion(form, HEXI_UNION_ID).quotas)).toEqual([quotaCell(HEPING_UNION_ID, form.trades[2]?.key ?? '', 'worker')])
    const workersOnly = toggleGroup(form, 'student')
    expect(workersOnly.groups).toEqual([{ code: 'worker', name: '职工组' }])
    expect(workersOnly.trades.every((t) => t.groups.join() === 'worker')).toBe(true)
    expect(toggleGroup(workersOnly, 'student').groups.map((g) => g.code)).toEqual(['worker', 'student'])
  })

  it('gives new trade and venue rows a free code', () => {
    const form = addVenue(addTrade(addTrade(emptyForm())))
    expect(form.trades.map((t) => t.code)).toEqual(['trade-1', 'trade-2', 'trade-3'])
    expect(new Set(form.trades.map((t) => t.key)).size).toBe(3)
    expect(form.venues.map((v) => v.code)).toEqual(['venue-1'])
    expect(toggleTradeGroup(form, 't1', 'student').trades[0]?.groups).toEqual(['worker', 'student'])
  })

  it('sends back stored results settings as they were (a trade’s weights, 优胜奖 share, best-N, honours, an award override)', () => {
    const results = ZResultsSettings.parse({
      weights: setup.trades.map((t) => ({ tradeCode: t.code, theoryPercent: t.code === 'welder' ? 40 : 30, practicalPercent: t.code === 'welder' ? 60 : 70 })),
      precision: 1,
      tieRule: 'shared',
      awards: { gold: 2, excellence: { kind: 'share', percent: 15 } },
      awardOverrides: [{ tradeCode: 'welder', groupCode: 'worker', gold: 3 }],
      honours: [{ title: '市级技术能手', groupCode: 'student', attachedTo: { by: 'award', awards: ['gold'] } }],
      teamStanding: { method: 'best_n', n: 3 },
      announcementWorkingDays: 7,
    })
    const checked = toSetupInput(formFromSetup({ ...setup, results }))
    expect(checked.ok ? ZCompetitionSetupInput.parse(checked.input).results : checked.errors).toEqual(results)
  })

  it('places the schema’s problems at the row, union or cell they are about', () => {
    const form = formFromSetup(setup)
    const welder = form.trades[1]?.key ?? ''
    const broken = {
      ...form,
      trades: form.trades.map((t) => (t.key === welder ? { ...t, code: 'cnc-lathe', name: '' } : t)),
      quotas: { ...form.quotas, [quotaCell(HEPING_UNION_ID, form.trades[0]?.key ?? '', 'worker')]: '1.5' },
    }
    const checked = toSetupInput(broken)
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.errors.byKey).toEqual({
      [`trade:${welder}:name`]: '请填写工种名称',
      [`quota:${quotaCell(HEPING_UNION_ID, form.trades[0]?.key ?? '', 'worker')}`]: '名额应为整数',
    })
    // The schema's checks across fields run once every field is well formed.
    const fixed = { ...broken, trades: broken.trades.map((t) => (t.key === welder ? { ...t, name: '焊工' } : t)), quotas: form.quotas }
    const again = toSetupInput(fixed)
    expect(again.ok ? {} : again.errors.byKey).toEqual({ [`trade:${welder}:code`]: '工种代码重复' })
  })

  it('reads the BFF’s paths with or without `setup.`, and keeps what has no place as general', () => {
    const sent: TSentIndex = { trades: ['t1', 't2'], unions: ['u1'], quotas: ['u1|t2|worker'], ages: ['a1'], venues: ['v1'], weights: ['t1', 't2'], honours: ['h1'], hosts: ['t1|student'] }
    expect(errorKeyOf(['trades', 1, 'name'], sent)).toBe('trade:t2:name')
    expect(errorKeyOf(['hostUnits', 0, 'unionId'], sent)).toBe('host:t1|student')
    expect(errorKeyOf(['trades', 1, 'groups', 0], sent)).toBe('trade:t2:groups')
    expect(errorKeyOf(['trades'], sent)).toBe('trades')
    expect(errorKeyOf(['participatingUnionIds', 0], sent)).toBe('union:u1')
    expect(errorKeyOf(['eligibility', 'ageRanges', 0, 'maxAge'], sent)).toBe('age:a1:maxAge')
    expect(errorKeyOf(['eligibility', 'excludedHonours', 3], sent)).toBe('eligibility.excludedHonours')
    expect(errorKeyOf(['venues', 0, 'code'], sent)).toBe('venue:v1:code')
    expect(errorKeyOf(['somewhere'], sent)).toBeNull()
    expect(errorKeyOf(['results', 'weights', 1, 'practicalPercent'], sent)).toBe('weight:t2')
    expect(errorKeyOf(['results', 'honours', 0, 'attachedTo', 'awards'], sent)).toBe('honour:h1')
    expect(errorKeyOf(['results', 'awards', 'excellence', 'percent'], sent)).toBe('results.awards.excellence')
    expect(errorKeyOf(['results', 'announcementWorkingDays'], sent)).toBe('results.announcementWorkingDays')
    expect(errorKeyOf(['results', 'awardOverrides', 0, 'groupCode'], sent)).toBe('results.awardOverrides')
    expect(
      serverErrors(
        [
          { path: 'setup.trades.1.name', message: '工种名称最长 40 个字' },
          { path: 'quotas.0.unionId', message: '工会不存在' },
          { path: 'setup.registrationClosesAt', message: '报名截止时间必须晚于开始时间' },
          { path: 'row 3', message: '第3行：类型不正确' },
        ],
        sent,
      ),
    ).toEqual({
      byKey: {
        'trade:t2:name': '工种名称最长 40 个字',
        'quota:u1|t2|worker': '工会不存在',
        registrationClosesAt: '报名截止时间必须晚于开始时间',
      },
      general: ['第3行：类型不正确'],
    })
  })
})

describe('the union directory page', () => {
  const hexi: TUnionEntry = {
    id: HEXI_UNION_ID,
    code: 'HXQ3X',
    name: '河西区总工会',
    kind: 'district',
    parentId: '64b7f0c2a1b2c3d4e5f60800',
    ancestry: [{ id: '64b7f0c2a1b2c3d4e5f60800', name: '天津市总工会' }],
    childCount: 1,
  }

  it('shows the code on its own', () => {
    expect(toDirectoryRows([hexi])[0]).toMatchObject({ name: '河西区总工会', code: 'HXQ3X', detail: '区总工会 · 下级 1 个' })
  })

  it('checks a new name with the shared schema', () => {
    expect(toRenameInput('  河西区总工会（新）  ')).toEqual({ ok: true, name: '河西区总工会（新）' })
    expect(toRenameInput('  ')).toEqual({ ok: false, error: '请填写工会名称' })
  })

  it('refuses a file that cannot be the directory sheet before sending it', () => {
    expect(sheetFileProblem({ name: '工会名录.xlsx', size: 2048 })).toBeNull()
    expect(sheetFileProblem({ name: '工会名录.xls', size: 2048 })).toBe('请选择 Excel（.xlsx）格式的工会名录')
    expect(sheetFileProblem({ name: '工会名录.xlsx', size: 6 * 1024 * 1024 })).toBe('工会名录文件不能超过 5 MB，请分成几个表格导入')
  })

  it('says what an import came to', () => {
    expect(importDone({ imported: 3, unchanged: 1 })).toEqual({ kind: 'done', summary: '导入完成：新增 3 个工会，1 个已在名录中（未改动）' })
    const refused = new AppError('UNION_IMPORT_INVALID', '工会名录有 1 行有误，未导入任何工会，请修改后重新导入', [
      { path: 'row 3', message: '第3行：类型“街道”不正确' },
    ])
    expect(importRefused(refused)).toEqual({
      kind: 'refused',
      message: '工会名录有 1 行有误，未导入任何工会，请修改后重新导入',
      rows: ['第3行：类型“街道”不正确'],
    })
  })

  it('names the exported file with the China date', () => {
    expect(exportFileName(new Date('2026-11-23T17:00:00Z'))).toBe('工会名录-20261124.xlsx')
  })
})

describe('邀请管理 venues', () => {
  it('offers the venues of the chosen competition only', () => {
    const competitions = [setup, { ...setup, id: 'other', venues: [] }]
    expect(venueOptions(setup.id, competitions)).toEqual([{ value: '天津市职工宣传教育文化中心', label: '天津市职工宣传教育文化中心', hint: '天津市' }])
    expect(venueOptions('other', competitions)).toEqual([])
    expect(venueOptions(null, competitions)).toEqual([])
  })
})
