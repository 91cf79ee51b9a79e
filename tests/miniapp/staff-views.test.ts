/** The pure functions behind the staff pages: what each page shows, and the forms' checks. */
import { AppError, type TUnionEntry } from '@contest/shared'
import { toAuditHome } from '../../miniapp/src/packageAudit/pages/home/view'
import { toSetupCards } from '../../miniapp/src/packageCommittee/pages/competitions/view'
import { toCommitteeHome } from '../../miniapp/src/packageCommittee/pages/index/view'
import {
  competitionOptions,
  EMPTY_FORM,
  invitableRoles,
  toCreateInput,
  toInvitationRows,
} from '../../miniapp/src/packageCommittee/pages/invitations/view'
import { toUnionCreateInput, toUnionRows } from '../../miniapp/src/packageCommittee/pages/unions/view'
import { toVenuePosts } from '../../miniapp/src/packageVenue/pages/scan/view'
import { signInErrorMessage, testUserProblem } from '../../miniapp/src/pages/login/view'
import { roleLinks, scopeLines, scopeText } from '../../miniapp/src/roles/view'
import { competitionSetupView, participating } from '../support/competitionSetup'
import { haiheCup, haiheCupSummary, hexiUnion } from './support/fixtures'
import {
  adminGrant,
  COMPETITION_ID,
  COMPETITION_NAME,
  committeeGrant,
  grant,
  HEXI_UNION_ID,
  me,
  NO_SCOPE,
  officialGrant,
  officialInvitation,
  venueGrant,
} from './support/me'

// The views name pages through src/navigation/routes, which imports Taro.
jest.mock('@tarojs/taro', () => require('./support/taro'))

describe('roles', () => {
  it('say where they apply in a few words', () => {
    expect(scopeText('union_official', officialGrant.scope)).toBe('河西区总工会')
    expect(scopeText('union_official', { ...officialGrant.scope, competitionId: COMPETITION_ID, competitionName: COMPETITION_NAME })).toBe(
      `河西区总工会 · ${COMPETITION_NAME}`,
    )
    expect(scopeText('committee', NO_SCOPE)).toBe('全部赛事')
    expect(scopeText('committee', { ...NO_SCOPE, competitionId: COMPETITION_ID, competitionName: COMPETITION_NAME })).toBe(COMPETITION_NAME)
    expect(scopeText('venue_staff', venueGrant.scope)).toBe(`${COMPETITION_NAME} · 第一赛场`)
    expect(scopeText('admin', NO_SCOPE)).toBe('全部工会和赛事')
  })

  it('label the lines of an invitation', () => {
    expect(scopeLines('venue_staff', venueGrant.scope)).toEqual([
      { label: '赛事', value: COMPETITION_NAME },
      { label: '赛场', value: '第一赛场' },
    ])
  })

  it('link to each page once, whatever the number of grants', () => {
    const second = grant('union_official', { unionId: 'x', unionName: '南开区总工会' }, 'g2')
    expect(roleLinks([officialGrant, second, adminGrant, committeeGrant]).map((l) => l.title)).toEqual(['组委会管理', '审核工作台'])
  })
})

describe('committee home', () => {
  it('is for committee members and admins only', () => {
    expect(toCommitteeHome(me([officialGrant])).allowed).toBe(false)
    expect(toCommitteeHome(me([committeeGrant]))).toEqual({ allowed: true, scopes: ['大赛组委会：全部赛事'] })
  })
})

describe('the invitation form', () => {
  it('offers 系统管理员 to admins only', () => {
    expect(invitableRoles(me([committeeGrant])).map((r) => r.label)).toEqual(['工会审核员', '大赛组委会', '现场工作人员'])
    expect(invitableRoles(me([adminGrant])).map((r) => r.label)).toContain('系统管理员')
  })

  it('offers 全部赛事 only where the viewer may grant it: committee members by admins, union officials by the whole committee', () => {
    const scoped = grant('committee', { competitionId: COMPETITION_ID, competitionName: COMPETITION_NAME })
    const labels = (role: 'committee' | 'union_official' | 'venue_staff', viewer: ReturnType<typeof me>) =>
      competitionOptions(role, [haiheCupSummary], viewer).map((o) => o.label)
    expect(labels('committee', me([adminGrant]))).toEqual(['全部赛事', haiheCupSummary.name])
    expect(labels('committee', me([committeeGrant]))).toEqual([haiheCupSummary.name])
    expect(labels('committee', me([scoped]))).toEqual([haiheCupSummary.name])
    expect(labels('union_official', me([committeeGrant]))).toEqual(['全部赛事', haiheCupSummary.name])
    expect(labels('union_official', me([scoped]))).toEqual([haiheCupSummary.name])
    expect(labels('venue_staff', me([committeeGrant]))).toEqual([haiheCupSummary.name])
  })

  it('asks for a role first', () => {
    expect(toCreateInput(EMPTY_FORM, me([committeeGrant]))).toEqual({ ok: false, errors: { role: '请选择角色' } })
  })

  it('asks a committee member of one competition to choose it for the people they invite', () => {
    const scoped = me([grant('committee', { competitionId: COMPETITION_ID, competitionName: COMPETITION_NAME })])
    const official = { ...EMPTY_FORM, role: 'union_official' as const, union: { id: HEXI_UNION_ID, name: '河西区总工会' } }
    expect(toCreateInput(official, scoped)).toEqual({ ok: false, errors: { competitionId: '请选择赛事' } })
    expect(toCreateInput({ ...official, competitionId: COMPETITION_ID }, scoped)).toMatchObject({ ok: true, input: { competitionId: COMPETITION_ID } })
    expect(toCreateInput({ ...EMPTY_FORM, role: 'committee' }, me([committeeGrant]))).toEqual({ ok: false, errors: { competitionId: '请选择赛事' } })
    expect(toCreateInput({ ...EMPTY_FORM, role: 'committee' }, me([adminGrant]))).toMatchObject({ ok: true, input: { competitionId: null } })
  })

  it('checks the fields each role needs with the shared schema', () => {
    expect(toCreateInput({ ...EMPTY_FORM, role: 'union_official' }, me([committeeGrant]))).toEqual({ ok: false, errors: { unionId: '请选择工会' } })
    expect(toCreateInput({ ...EMPTY_FORM, role: 'venue_staff', venue: '  ' }, me([committeeGrant]))).toEqual({
      ok: false,
      errors: { competitionId: '请选择赛事', venue: '请选择赛场' },
    })
  })

  it('sends only what the role uses', () => {
    const form = {
      ...EMPTY_FORM,
      role: 'union_official' as const,
      union: { id: HEXI_UNION_ID, name: '河西区总工会' },
      competitionId: COMPETITION_ID,
      venue: '第一赛场',
      expiresInHours: 168,
    }
    expect(toCreateInput(form, me([committeeGrant]))).toEqual({
      ok: true,
      input: { role: 'union_official', unionId: HEXI_UNION_ID, competitionId: COMPETITION_ID, venue: null, note: '', expiresInHours: 168 },
    })
  })

  it('lists invitations with their status, and lets only pending ones be revoked', () => {
    const rows = toInvitationRows([officialInvitation, { ...officialInvitation, id: 'b', status: 'accepted' }])
    expect(rows.map((r) => [r.title, r.statusLabel, r.pending])).toEqual([
      ['工会审核员 · 河西区总工会', '待接受', true],
      ['工会审核员 · 河西区总工会', '已接受', false],
    ])
    expect(rows[0]?.detail).toBe('有效期至 2026年11月5日 18:00')
  })
})

describe('the union directory', () => {
  const hexi: TUnionEntry = {
    id: HEXI_UNION_ID,
    code: 'HXQ27',
    name: '河西区总工会',
    kind: 'district',
    parentId: '64b7f0c2a1b2c3d4e5f60800',
    ancestry: [{ id: '64b7f0c2a1b2c3d4e5f60800', name: '天津市总工会' }],
    childCount: 1,
  }

  it('shows code, kind and children, and where drilling in leads', () => {
    expect(toUnionRows([hexi])).toEqual([
      {
        id: HEXI_UNION_ID,
        name: '河西区总工会',
        detail: 'HXQ27 · 区总工会 · 下级 1 个',
        childCount: 1,
        trail: [
          { id: '64b7f0c2a1b2c3d4e5f60800', name: '天津市总工会' },
          { id: HEXI_UNION_ID, name: '河西区总工会', kind: 'district' },
        ],
      },
    ])
  })

  it('checks a new union with the shared schema and placement rule', () => {
    expect(toUnionCreateInput({ name: '', kind: null, code: '' }, null)).toEqual({
      ok: false,
      errors: { name: '请填写工会名称', kind: '请选择工会类型' },
    })
    expect(toUnionCreateInput({ name: '某街道工会', kind: 'district', code: '' }, { id: 'p', name: '基层', kind: 'grassroots' })).toMatchObject({
      ok: false,
      errors: { kind: '基层工会下只能设基层工会，不能设区总工会' },
    })
    expect(toUnionCreateInput({ name: ' 友谊路街道总工会 ', kind: 'grassroots', code: '' }, { id: HEXI_UNION_ID, name: '河西区总工会', kind: 'district' })).toEqual({
      ok: true,
      input: { name: '友谊路街道总工会', kind: 'grassroots', parentId: HEXI_UNION_ID },
    })
  })
})

describe('competition set-up (read-only)', () => {
  it('summarises what the committee set', () => {
    const setup = competitionSetupView(haiheCup, {
      ...participating(hexiUnion),
      quotas: [
        { unionId: HEXI_UNION_ID, tradeCode: 'welder', groupCode: 'worker', places: 2 },
        { unionId: HEXI_UNION_ID, tradeCode: 'welder', groupCode: 'student', places: 1 },
      ],
      eligibility: {
        referenceDate: '2020-09-01T00:00:00+08:00',
        ageRanges: [{ groupCode: 'worker', tradeCode: null, minAge: 18, maxAge: 55 }],
        excludedHonours: ['中华技能大奖', '全国技术能手'],
        workerResidenceRequired: false,
        noFullTimeStudentsInWorkerGroup: true,
      },
      venues: [{ code: 'v1', name: '第一赛场', address: '' }],
    })
    const [card] = toSetupCards([setup])
    expect(card?.badges).toEqual(['已发布', '报名中'])
    expect(Object.fromEntries((card?.lines ?? []).map((l) => [l.label, l.value]))).toMatchObject({
      名额: '2 项，共 3 人',
      年龄要求: '职工组 18–55 岁',
      不得参赛: '获中华技能大奖、全国技术能手者',
      赛场: '第一赛场',
    })
  })
})

describe('the official’s and venue staff’s pages', () => {
  it('name the official’s unions', () => {
    expect(toAuditHome(me([officialGrant, committeeGrant]))).toEqual({ unions: ['河西区总工会'] })
  })

  it('name the venue staff’s competition and venue', () => {
    expect(toVenuePosts(me([venueGrant]))).toEqual([{ id: venueGrant.id, competition: COMPETITION_NAME, venue: '第一赛场' }])
  })
})

describe('the H5 development sign-in', () => {
  it('checks the test user name as the BFF does', () => {
    expect(testUserProblem('')).toBe('请输入测试用户名')
    expect(testUserProblem('张三')).toBe('测试用户名只能包含字母、数字、下划线和短横线')
    expect(testUserProblem(' committee-1 ')).toBeNull()
  })

  it('explains a BFF without the development sign-in', () => {
    expect(signInErrorMessage(new AppError('NOT_FOUND'))).toBe('此环境未开启开发登录（BFF 需以 DEV_LOGIN_ENABLED=true 运行）')
    expect(signInErrorMessage(new AppError('WECHAT_UNAVAILABLE', '微信模拟服务未启动'))).toBe('微信模拟服务未启动')
  })
})
