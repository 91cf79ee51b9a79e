/**
 * The audit detail (packageAudit/pages/detail) shows the eligibility fields the worker stated
 * beside the evidence photos: a thumbnail per photo, fetched from the desk's evidence route (each
 * view logged by the BFF), a tap opening it large.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import AuditDetail from '../../miniapp/src/packageAudit/pages/detail/index'
import { auditRegistration, fakeAuditBff, ok, refused, registrationId } from './support/audit-fixtures'
import { resetAuditTaro, taroMock } from './support/audit-taro'

jest.mock('@tarojs/taro', () => require('./support/audit-taro'))
jest.mock('@tarojs/components', () => require('./support/audit-components'))
jest.mock('../../miniapp/src/packageAudit/audit.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const ID = registrationId(1)
const DETAIL_PATH = `/audit/union/registrations/${ID}`
const FRONT = 'aaaaaaaaaaaaaaaaaaaaaaa1'
const CERT = 'aaaaaaaaaaaaaaaaaaaaaaa2'
const photo = (id: string, kind: 'id_front' | 'skill_certificate') => ({
  id,
  kind,
  contentType: 'image/png' as const,
  size: 1234,
  width: 80,
  height: 60,
  uploadedAt: '2026-03-02T01:29:00.000Z',
})
const dataUrl = (id: string) => `data:image/png;base64,${Buffer.from(`photo ${id}`).toString('base64')}`

beforeEach(() => {
  resetAuditTaro()
  taroMock.routerParams.current = { desk: 'union', id: ID }
})

it('shows the stated fields beside thumbnails of the photos, each fetched from the desk, and opens one large on a tap', async () => {
  const sent = fakeAuditBff((request) => {
    if (request.path === DETAIL_PATH) {
      return ok(
        auditRegistration({
          eligibilityClaims: {
            residence: { basis: 'insurance', insuranceMonths: 18, insuranceEmployer: '天津港（集团）有限公司' },
            skillCertificateNumber: 'S000012345678',
            honours: [{ name: '天津市技术能手', year: 2023 }],
          },
          evidence: [photo(FRONT, 'id_front'), photo(CERT, 'skill_certificate')],
        }),
      )
    }
    const match = /\/evidence\/(\w+)$/.exec(request.path)
    if (match?.[1]) {
      const kind = match[1] === FRONT ? 'id_front' : 'skill_certificate'
      return ok({ id: match[1], kind, contentType: 'image/png', dataUrl: dataUrl(match[1]) })
    }
    return undefined
  })
  const { container } = render(<AuditDetail />)

  expect(await screen.findByText('资格信息与证明材料')).toBeTruthy()
  const panel = container.querySelector('.audit-evidence')!
  expect(panel.textContent).toContain('社保缴纳18个月（参保单位：天津港（集团）有限公司）')
  expect(panel.textContent).toContain('技能等级证书编号S000012345678')
  expect(panel.textContent).toContain('所获荣誉天津市技术能手（2023年）')
  expect(panel.textContent).toContain('查看证明材料会记入审核记录')

  await waitFor(() => expect(panel.querySelectorAll('img.audit-evidence__thumb')).toHaveLength(2))
  const thumbs = Array.from(panel.querySelectorAll('img.audit-evidence__thumb')).map((img) => img.getAttribute('src'))
  expect(thumbs).toEqual([dataUrl(FRONT), dataUrl(CERT)])
  expect(sent.filter((r) => r.path.includes('/evidence/')).map((r) => `${r.method} ${r.path}`)).toEqual([
    `GET ${DETAIL_PATH}/evidence/${FRONT}`,
    `GET ${DETAIL_PATH}/evidence/${CERT}`,
  ])
  expect(panel.textContent).toContain('身份证人像面')
  expect(panel.textContent).toContain('职业技能等级证书')

  await act(async () => {
    fireEvent.click(panel.querySelectorAll('.audit-evidence__photo')[1]!)
  })
  const large = container.querySelector('.audit-evidence__large')!
  expect(large.querySelector('img')?.getAttribute('src')).toBe(dataUrl(CERT))
  expect(large.textContent).toContain('职业技能等级证书 · 点击关闭')
  await act(async () => {
    fireEvent.click(large)
  })
  expect(container.querySelector('.audit-evidence__large')).toBeNull()
})

it('says so when a photo cannot be shown, and shows no panel for a registration made before eligibility fields', async () => {
  fakeAuditBff((request) => {
    if (request.path === DETAIL_PATH) return ok(auditRegistration({ eligibilityClaims: null, evidence: [photo(FRONT, 'id_front')] }))
    if (request.path.includes('/evidence/')) return refused(404, 'REGISTRATION_NOT_FOUND', '找不到该报名')
    return undefined
  })
  const { container, unmount } = render(<AuditDetail />)
  expect(await screen.findByText('证明材料加载失败：找不到该报名')).toBeTruthy()
  expect(container.querySelector('img.audit-evidence__thumb')).toBeNull()
  unmount()

  fakeAuditBff((request) => (request.path === DETAIL_PATH ? ok(auditRegistration()) : undefined))
  const older = render(<AuditDetail />)
  expect(await screen.findByText('审核记录')).toBeTruthy()
  expect(older.container.querySelector('.audit-evidence')).toBeNull()
})
