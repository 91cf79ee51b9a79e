/**
 * One registration at an audit desk (packageAudit/pages/detail): masked data, places left, the
 * trail; 查看完整证件号 only after a confirm that says it is logged; a rejection needs a reason;
 * a decision someone else made first (409) shows the current state.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import type { TAuditRegistration } from '@contest/shared'
import AuditDetail from '../../miniapp/src/packageAudit/pages/detail/index'
import { auditRegistration, fakeAuditBff, ok, refused, registrationId, type TSentRequest } from './support/audit-fixtures'
import { resetAuditTaro, taroMock } from './support/audit-taro'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageAudit/audit.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const ID = registrationId(1)
const DETAIL_PATH = `/audit/union/registrations/${ID}`
const FULL_ID = '120103199005121235'

/** The registration after 河西区's official 王芳 approved or rejected it (with `reason`) at version 0. */
const decidedByOfficial = (to: 'union_approved' | 'union_rejected', reason: string | null = null): TAuditRegistration =>
  auditRegistration({
    status: to,
    version: 1,
    allowedDecisions: [],
    trail: [
      ...auditRegistration().trail,
      {
        at: '2026-03-03T02:05:00.000Z',
        kind: 'transition',
        action: to === 'union_approved' ? 'union_approve' : 'union_reject',
        actorRole: '工会审核员',
        actorBody: '河西区总工会',
        actorPerson: '王芳',
        from: 'submitted',
        to,
        reason,
      },
    ],
  })

beforeEach(() => {
  resetAuditTaro()
  taroMock.routerParams.current = { desk: 'union', id: ID }
})

/** GET answers `current()`; POSTs go to `post` by what follows the registration's path. */
function bff(current: () => TAuditRegistration, post: (action: string, request: TSentRequest) => ReturnType<typeof ok> | undefined = () => undefined) {
  return fakeAuditBff((request) => {
    if (request.method === 'GET' && request.path === DETAIL_PATH) return ok(current())
    if (request.method === 'POST' && request.path.startsWith(`${DETAIL_PATH}/`)) return post(request.path.slice(DETAIL_PATH.length + 1), request)
    return undefined
  })
}

function trailTexts(container: HTMLElement): string[] {
  return Array.from(container.querySelectorAll('.audit-trail__entry')).map((el) => el.textContent ?? '')
}

it('shows the registration masked, the places left, and the trail with who, when, from → to and why', async () => {
  bff(() => decidedByOfficial('union_rejected', '工作单位请填写全称'))
  const { container } = render(<AuditDetail />)

  expect(await screen.findByText('工会审核未通过')).toBeTruthy()
  const text = container.textContent ?? ''
  expect(text).toContain('身份证号120103********1235')
  expect(text).toContain('手机号138****5678')
  expect(text).not.toContain(FULL_ID)
  expect(text).toContain('所属工会天津市总工会 › 河西区总工会')
  expect(text).toContain('剩余名额河西区总工会 · 名额 5，已用 4，剩余名额 1')
  expect(trailTexts(container)).toEqual([
    '提交报名报名人 · 张伟 · 2026年3月2日 09:30新报名 → 待工会审核',
    '工会审核不通过工会审核员 · 河西区总工会 · 王芳 · 2026年3月3日 10:05待工会审核 → 工会审核未通过原因：工作单位请填写全称',
  ])
  // Decided already: nothing to decide here.
  expect(screen.queryByText('审核通过')).toBeNull()
})

it('shows the full ID number and phone only after a confirm that says the view is logged, then lists the view', async () => {
  let revealed = false
  const sent = bff(
    () =>
      revealed
        ? auditRegistration({
            trail: [
              ...auditRegistration().trail,
              {
                at: '2026-03-03T01:00:00.000Z',
                kind: 'reveal',
                action: null,
                actorRole: '工会审核员',
                actorBody: '河西区总工会',
                actorPerson: '王芳',
                from: null,
                to: null,
                reason: null,
              },
            ],
          })
        : auditRegistration(),
    (action) => {
      if (action !== 'reveal') return undefined
      revealed = true
      return ok({ nationalId: FULL_ID, mobile: '13812345678' })
    },
  )
  taroMock.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
  const { container } = render(<AuditDetail />)
  const reveal = await screen.findByText('查看完整证件号和手机号')

  await act(async () => {
    fireEvent.click(reveal)
  })
  expect(taroMock.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '查看完整证件号将记录在审核日志中，确定查看吗？' }))
  expect(sent.filter((r) => r.method === 'POST')).toEqual([])

  await act(async () => {
    fireEvent.click(screen.getByText('查看完整证件号和手机号'))
  })

  expect(await screen.findByText(FULL_ID)).toBeTruthy()
  expect(screen.getByText('13812345678')).toBeTruthy()
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`${DETAIL_PATH}/reveal`])
  expect(trailTexts(container).at(-1)).toBe('查看完整证件号和手机号工会审核员 · 河西区总工会 · 王芳 · 2026年3月3日 09:00')
  expect(screen.queryByText('查看完整证件号和手机号', { selector: '.audit-detail__reveal' })).toBeNull()
})

it('does not reject without a reason; with one chosen or written it sends it with the version seen', async () => {
  const sent = bff(
    () => auditRegistration(),
    (action, request) =>
      action === 'decision'
        ? ok(decidedByOfficial('union_rejected', (request.body as { reason: string }).reason))
        : undefined,
  )
  const { container } = render(<AuditDetail />)
  fireEvent.click(await screen.findByText('不通过'))

  await act(async () => {
    fireEvent.click(screen.getByText('确定不通过'))
  })
  expect(screen.getByText('请选择或填写不通过的原因')).toBeTruthy()
  expect(sent.filter((r) => r.method === 'POST')).toEqual([])

  // A chip fills the box; the official may change the words.
  fireEvent.click(screen.getByText('所报工种与从事岗位不符'))
  const box = container.querySelector('.audit-sheet__reason') as HTMLTextAreaElement
  expect(box.value).toBe('所报工种与从事岗位不符')
  fireEvent.change(box, { target: { value: '所报工种与从事岗位不符，请改报装配钳工' } })
  await act(async () => {
    fireEvent.click(screen.getByText('确定不通过'))
  })

  expect(await screen.findByText('工会审核未通过')).toBeTruthy()
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
    { decision: 'reject', reason: '所报工种与从事岗位不符，请改报装配钳工', rejectionKind: 'other', version: 0 },
  ])
  expect(container.querySelector('.audit-sheet')).toBeNull()
  expect(trailTexts(container).at(-1)).toContain('原因：所报工种与从事岗位不符，请改报装配钳工')
  expect(screen.getByText('已不通过，当前状态：工会审核未通过')).toBeTruthy()
})

it('an identity reason ticks 释放证件号; the rejection is sent as identity and the trail says 证件号已释放', async () => {
  const sent = bff(
    () => auditRegistration(),
    (action, request) => {
      if (action !== 'decision') return undefined
      const rejected = decidedByOfficial('union_rejected', (request.body as { reason: string }).reason)
      const last = rejected.trail.at(-1)!
      return ok({ ...rejected, trail: [...rejected.trail.slice(0, -1), { ...last, note: '证件号已释放' }] })
    },
  )
  const { container } = render(<AuditDetail />)
  fireEvent.click(await screen.findByText('不通过'))
  const tick = () => container.querySelector('.audit-sheet__identity .tick-box')!
  expect(tick().classList.contains('tick-box--on')).toBe(false)

  // Another chip clears it again; the identity chip ticks it.
  fireEvent.click(screen.getByText('身份证号与本人信息不符'))
  expect(tick().classList.contains('tick-box--on')).toBe(true)
  fireEvent.click(screen.getByText('年龄不符合参赛条件'))
  expect(tick().classList.contains('tick-box--on')).toBe(false)
  fireEvent.click(screen.getByText('疑似冒用他人身份证号报名'))
  expect(screen.getByText('证件号不属于报名人本人：释放证件号，本人可以报名')).toBeTruthy()
  await act(async () => {
    fireEvent.click(screen.getByText('确定不通过'))
  })

  expect(await screen.findByText('工会审核未通过')).toBeTruthy()
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
    { decision: 'reject', reason: '疑似冒用他人身份证号报名', rejectionKind: 'identity', version: 0 },
  ])
  expect(trailTexts(container).at(-1)).toContain('原因：疑似冒用他人身份证号报名证件号已释放')
})

it('a written reason is an identity rejection only when the official ticks the box', async () => {
  const sent = bff(
    () => auditRegistration(),
    (action, request) => (action === 'decision' ? ok(decidedByOfficial('union_rejected', (request.body as { reason: string }).reason)) : undefined),
  )
  const { container } = render(<AuditDetail />)
  fireEvent.click(await screen.findByText('不通过'))
  fireEvent.change(container.querySelector('.audit-sheet__reason')!, { target: { value: '本人到工会核实，证件号系他人冒用' } })
  fireEvent.click(screen.getByText('证件号不属于报名人本人：释放证件号，本人可以报名'))
  await act(async () => {
    fireEvent.click(screen.getByText('确定不通过'))
  })

  await screen.findByText('工会审核未通过')
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
    { decision: 'reject', reason: '本人到工会核实，证件号系他人冒用', rejectionKind: 'identity', version: 0 },
  ])
})

it('names the registration now holding the number, with the way to it, when it is in the official’s scope', async () => {
  const holder = registrationId(7)
  bff(() => ({
    ...decidedByOfficial('union_rejected', '身份证号与本人信息不符'),
    nationalIdInUse: { reach: 'in_scope', id: holder, name: '张伟', unionName: '河西区总工会', status: 'submitted' },
  }))
  render(<AuditDetail />)

  expect(await screen.findByText('该证件号在本赛事另有报名：张伟 · 河西区总工会 · 待工会审核')).toBeTruthy()
  fireEvent.click(screen.getByText('查看该报名'))
  expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/packageAudit/pages/detail/index?desk=union&id=${holder}` })
})

it('says only 在您辖区外已有报名 when the holder is outside the scope, with nothing to open', async () => {
  bff(() => ({ ...decidedByOfficial('union_rejected', '身份证号与本人信息不符'), nationalIdInUse: { reach: 'outside_scope' } }))
  const { container } = render(<AuditDetail />)

  expect(await screen.findByText('该证件号在您辖区外已有报名')).toBeTruthy()
  expect(screen.queryByText('查看该报名')).toBeNull()
  expect(container.querySelectorAll('.audit-in-use')).toHaveLength(1)
})

it('says 已被他人处理 and shows the current state when someone decided first (409)', async () => {
  let current = auditRegistration()
  const sent = bff(
    () => current,
    (action) => {
      if (action !== 'decision') return undefined
      current = decidedByOfficial('union_approved')
      return refused(409, 'CONFLICT', '该报名已被他人处理', { current: { status: 'union_approved', version: 1 } })
    },
  )
  const { container } = render(<AuditDetail />)
  const approve = await screen.findByText('审核通过')

  await act(async () => {
    fireEvent.click(approve)
  })

  expect(taroMock.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '确定审核通过张伟的报名吗？' }))
  expect(await screen.findByText('已被他人处理，当前状态：待组委会确认')).toBeTruthy()
  expect(container.querySelector('.audit-detail__status')?.textContent).toBe('待组委会确认')
  expect(trailTexts(container).at(-1)).toContain('王芳')
  expect(screen.queryByText('审核通过', { selector: 'button' })).toBeNull()
  expect(sent.filter((r) => r.method === 'GET' && r.path === DETAIL_PATH)).toHaveLength(2)
  expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ decision: 'approve', reason: null, rejectionKind: 'other', version: 0 }])
})

it('shows the BFF’s words when the places have run out', async () => {
  bff(
    () => auditRegistration(),
    (action) => (action === 'decision' ? refused(409, 'QUOTA_FULL', '河西区总工会焊工职工组的名额已满，请先处理已通过的报名') : undefined),
  )
  const { container } = render(<AuditDetail />)
  const approve = await screen.findByText('审核通过')
  await act(async () => {
    fireEvent.click(approve)
  })

  expect(await screen.findByText('河西区总工会焊工职工组的名额已满，请先处理已通过的报名')).toBeTruthy()
  expect(within(container.querySelector('.audit-detail__side')!).getByText('审核通过')).toBeTruthy()
})

it('is the committee’s confirmation page with desk=committee', async () => {
  taroMock.routerParams.current = { desk: 'committee', id: ID }
  const sent = fakeAuditBff((request) =>
    request.path === `/audit/committee/registrations/${ID}` ? ok({ ...decidedByOfficial('union_approved'), allowedDecisions: ['approve', 'reject'] }) : undefined,
  )
  render(<AuditDetail />)

  expect(await screen.findByText('确认报名')).toBeTruthy()
  expect(screen.getByText('不通过')).toBeTruthy()
  expect(sent.map((r) => r.path)).toEqual([`/audit/committee/registrations/${ID}`])
})
