/**
 * The registration form (packageRegister/pages/form): errors beside their fields, what the ID
 * number tells, the draft kept on the phone, 核对信息 with ID and phone masked, and submitting with
 * an Idempotency-Key that a retry reuses. The BFF is faked at Taro.request.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { DECLARATION_TEXT, ERRORS, ZRegistrationSubmitInput } from '@contest/shared'
import { newIdempotencyKey } from '../../miniapp/src/api/registrations'
import { draftKey } from '../../miniapp/src/packageRegister/draft'
import { requiredDeclarations } from '@contest/shared'
import { checkForm, EMPTY_FIELDS, identityFromId, placeBffError } from '../../miniapp/src/packageRegister/pages/form/view'
import RegisterFormPage from '../../miniapp/src/packageRegister/pages/form/index'
import { AppError } from '@contest/shared'
import {
  competition,
  fakeBff,
  hexi,
  nationalId,
  ok,
  refused,
  registration,
  registrationList,
  rejectedRegistration,
  REGISTRATION_ID,
  WORKER_ID,
  WORKER_MOBILE,
  type TSentRequest,
} from './support/register-fixtures'
import { resetRegisterTaro, taroMock } from './support/register-taro'

jest.mock('@tarojs/taro', () => require('./support/register-taro'))
jest.mock('@tarojs/components', () => require('./support/register-components'))
jest.mock('../../miniapp/src/packageRegister/register.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/PrivacyNotice/index.scss', () => ({}))

const TODAY = '2026-03-01'
const DRAFT = draftKey({ competitionId: competition.id })
const ORIGINAL_ENV = process.env.TARO_ENV

beforeEach(() => {
  resetRegisterTaro()
  process.env.TARO_ENV = 'h5'
  taroMock.routerParams.current = { competitionId: competition.id }
  // The worker confirmed 河西区总工会 on the entry page.
  taroMock.storage.set(DRAFT, { savedAt: new Date().toISOString(), union: hexi, fields: null })
})

afterAll(() => {
  process.env.TARO_ENV = ORIGINAL_ENV
})

/**
 * The BFF for a new registration: the competition, 我的报名 (for the subscribe templates a
 * submission goes through: `submitTemplateIds`), and `submit` for POST /registrations.
 */
function bff(
  submit: (request: TSentRequest) => ReturnType<typeof ok> | Promise<ReturnType<typeof ok>> = () => ok(registration(), 201),
  submitTemplateIds: string[] = [],
) {
  return fakeBff((request) => {
    if (request.method === 'GET' && request.path === `/competitions/${competition.id}`) return ok(competition)
    if (request.method === 'GET' && request.path === '/me/registrations') return ok(registrationList([], { submitTemplateIds }))
    if (request.method === 'POST' && request.path === '/me/subscriptions') return ok({ credits: [] })
    if (request.method === 'POST' && request.path === '/registrations') return submit(request)
    return undefined
  })
}

function field(container: HTMLElement, name: string): HTMLElement {
  const element = container.querySelector<HTMLElement>(`.register-field--${name}`)
  if (!element) throw new Error(`no field ${name}`)
  return element
}

function type(placeholder: string, value: string) {
  fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } })
}

/** What a picker shows as chosen. */
function shownChoice(container: HTMLElement, name: string): string {
  return field(container, name).querySelector('.register-field__picker')?.textContent ?? ''
}

function choose(container: HTMLElement, name: string, label: string) {
  const select = field(container, name).querySelector('select')
  if (!select) throw new Error(`no picker in ${name}`)
  const option = Array.from(select.options).find((o) => o.textContent === label)
  if (!option) throw new Error(`no option ${label} in ${name}`)
  fireEvent.change(select, { target: { value: option.value } })
}

async function openForm() {
  const view = render(<RegisterFormPage />)
  await screen.findByText('个人信息')
  return view
}

function fillIn(container: HTMLElement, values: { id?: string; mobile?: string } = {}) {
  type('与身份证一致', '张伟')
  type('18位居民身份证号', values.id ?? WORKER_ID)
  type('11位手机号，用于接收赛事通知', values.mobile ?? WORKER_MOBILE)
  type('单位全称', '天津市第一机床厂')
  choose(container, 'tradeCode', '焊工')
  choose(container, 'groupCode', '职工组')
  choose(container, 'skillLevel', '高级工')
  type('整数，如 5', '8')
}

function tickDeclarations() {
  fireEvent.click(screen.getByText(DECLARATION_TEXT.notFullTimeStudent))
  fireEvent.click(screen.getByText(DECLARATION_TEXT.noExcludedHonour))
}

function posts(sent: TSentRequest[]) {
  return sent.filter((r) => r.method === 'POST' && r.path === '/registrations')
}

describe('checking the form (the shared schema plus the ID number)', () => {
  const filled = {
    ...EMPTY_FIELDS,
    name: '张伟',
    nationalId: WORKER_ID,
    mobile: WORKER_MOBILE,
    employer: '天津市第一机床厂',
    tradeCode: 'welder',
    groupCode: 'worker',
    skillLevel: 'senior',
    yearsInTrade: '8',
    declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: false },
  }

  it('passes a complete form, which the BFF’s submit schema accepts as it is', () => {
    const checked = checkForm(filled, hexi.code, competition, TODAY)
    expect(checked.ok).toBe(true)
    if (!checked.ok) return
    expect(ZRegistrationSubmitInput.safeParse({ ...checked.form, competitionId: competition.id }).success).toBe(true)
  })

  it('says what is missing, in Chinese, per field', () => {
    const checked = checkForm(EMPTY_FIELDS, hexi.code, competition, TODAY)
    expect(checked).toEqual({
      ok: false,
      errors: {
        name: '请填写姓名',
        nationalId: '请填写身份证号',
        mobile: '请填写手机号',
        employer: '请填写工作单位',
        tradeCode: '请选择工种',
        groupCode: '请选择组别',
        skillLevel: '请选择技能等级',
        yearsInTrade: '请填写从事本工种年限',
        'declarations.noExcludedHonour': `请确认：${DECLARATION_TEXT.noExcludedHonour}`,
      },
    })
  })

  it('checks the ID number’s check character, and the age on the reference date', () => {
    const wrongCheck = WORKER_ID.slice(0, 17) + (WORKER_ID.endsWith('1') ? '2' : '1')
    expect(checkForm({ ...filled, nationalId: wrongCheck }, hexi.code, competition, TODAY)).toEqual({
      ok: false,
      errors: { nationalId: '身份证号校验位不正确，请核对后重新输入' },
    })
    const tooOld = nationalId('19600101')
    expect(checkForm({ ...filled, nationalId: tooOld }, hexi.code, competition, TODAY)).toEqual({
      ok: false,
      errors: { nationalId: '职工组焊工参赛年龄应为18至60周岁（以2026-08-31计），您届时66周岁' },
    })
  })

  it('asks for the declarations the competition’s eligibility requires', () => {
    expect(requiredDeclarations(competition.eligibility, 'worker')).toEqual(['notFullTimeStudent', 'noExcludedHonour'])
    expect(requiredDeclarations(competition.eligibility, 'student')).toEqual(['noExcludedHonour'])
    expect(
      requiredDeclarations({ ...competition.eligibility, excludedHonours: [], workerResidenceRequired: true }, 'worker'),
    ).toEqual(['notFullTimeStudent', 'localResidence'])
  })

  it('tells birth date and sex once the ID number is valid, and the problem once it is complete', () => {
    expect(identityFromId(WORKER_ID, TODAY)).toEqual({ kind: 'valid', birthDate: '1990年5月12日', sex: '男' })
    expect(identityFromId(nationalId('19920229', '122'), TODAY)).toEqual({ kind: 'valid', birthDate: '1992年2月29日', sex: '女' })
    expect(identityFromId(WORKER_ID.slice(0, 10), TODAY)).toEqual({ kind: 'none' })
    expect(identityFromId('120103199002301234', TODAY)).toEqual({ kind: 'invalid', message: '身份证号中的出生日期不正确' })
  })

  it('places the BFF’s field errors beside their fields and keeps other problems as one message', () => {
    const placed = placeBffError(
      new AppError('NOT_ELIGIBLE', undefined, [
        { path: 'declarations.notFullTimeStudent', message: '请确认：本人不是全日制在校学生' },
        { path: 'nationalId', message: '年龄不符' },
      ]),
    )
    expect(placed).toEqual({
      fields: { 'declarations.notFullTimeStudent': '请确认：本人不是全日制在校学生', nationalId: '年龄不符' },
      message: null,
    })
    expect(placeBffError(new AppError('REGISTRATION_CLOSED'))).toEqual({ fields: {}, message: '本赛事报名已截止' })
    expect(placeBffError(new AppError('UNION_NOT_PARTICIPATING', '河西区总工会未参加本赛事'))).toEqual({
      fields: { unionCode: '河西区总工会未参加本赛事' },
      message: null,
    })
  })
})

describe('Idempotency-Key', () => {
  const KEY = /^[A-Za-z0-9_-]{8,64}$/

  it('is new for every submit and fits what the BFF accepts, with or without crypto.randomUUID', () => {
    expect(newIdempotencyKey()).toMatch(KEY)
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey())

    // Mini-program engines have no `crypto`: time and Math.random instead.
    const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto')
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true })
    try {
      const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()))
      expect(keys.size).toBe(50)
      for (const key of keys) expect(key).toMatch(KEY)
    } finally {
      if (original) Object.defineProperty(globalThis, 'crypto', original)
    }
  })
})

describe('the form page', () => {
  it('asks for the privacy notice first, and shows the ID and phone fields only after 同意', async () => {
    fakeBff((request) => (request.path === `/competitions/${competition.id}` ? ok(competition) : undefined), { privacyAccepted: false })

    render(<RegisterFormPage />)

    fireEvent.click(await screen.findByText('同意'))
    expect(screen.queryByPlaceholderText('18位居民身份证号')).toBeNull()
    expect(await screen.findByPlaceholderText('18位居民身份证号')).toBeTruthy()
    expect(screen.getByText('天津市总工会 › 河西区总工会')).toBeTruthy()
  })

  it('shows errors beside the fields they concern — bad ID, bad mobile, missing declaration — and sends nothing', async () => {
    const sent = bff()
    const { container } = await openForm()

    fillIn(container, { id: WORKER_ID.slice(0, 17) + (WORKER_ID.endsWith('1') ? '2' : '1'), mobile: '1381234567' })
    fireEvent.click(screen.getByText(DECLARATION_TEXT.noExcludedHonour))
    fireEvent.click(screen.getByText('下一步：核对信息'))

    expect(within(field(container, 'nationalId')).getByText('身份证号校验位不正确，请核对后重新输入')).toBeTruthy()
    expect(within(field(container, 'mobile')).getByText('请输入11位中国大陆手机号')).toBeTruthy()
    expect(within(field(container, 'declarations-notFullTimeStudent')).getByText(`请确认：${DECLARATION_TEXT.notFullTimeStudent}`)).toBeTruthy()
    expect(field(container, 'name').querySelector('.register-field__error')).toBeNull()
    expect(screen.getByText('有 3 处需要修改，请看标红的提示')).toBeTruthy()
    expect(screen.queryByText('核对报名信息')).toBeNull()
    expect(posts(sent)).toEqual([])

    // Correcting a field takes its error away.
    type('11位手机号，用于接收赛事通知', WORKER_MOBILE)
    expect(within(field(container, 'mobile')).queryByText('请输入11位中国大陆手机号')).toBeNull()
  })

  it('shows the ID number and phone in their normal form as they are typed, and the name once the field is left', async () => {
    const sent = bff()
    const { container } = await openForm()
    const typedId = `${WORKER_ID.slice(0, 6)} ${WORKER_ID.slice(6, 14)} ${WORKER_ID.slice(14)}`.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
    fillIn(container, { id: typedId, mobile: '+86 138-1234-5678' })
    expect(screen.getByPlaceholderText<HTMLInputElement>('18位居民身份证号').value).toBe(WORKER_ID)
    expect(screen.getByPlaceholderText<HTMLInputElement>('11位手机号，用于接收赛事通知').value).toBe(WORKER_MOBILE)
    expect(field(container, 'nationalId').querySelector('.register-field__derived')?.textContent).toBe('出生日期：1990年5月12日　性别：男')

    const name = screen.getByPlaceholderText<HTMLInputElement>('与身份证一致')
    type('与身份证一致', ' 阿依古丽 • 买买提')
    expect(name.value).toBe(' 阿依古丽 • 买买提')
    fireEvent.blur(name)
    expect(name.value).toBe('阿依古丽·买买提')

    tickDeclarations()
    fireEvent.click(screen.getByText('下一步：核对信息'))
    expect((await screen.findByText('核对报名信息')).parentElement?.textContent).toContain('阿依古丽·买买提')
    await act(async () => {
      fireEvent.click(await screen.findByText('提交报名'))
    })
    expect(posts(sent)[0]?.body).toMatchObject({ name: '阿依古丽·买买提', nationalId: WORKER_ID, mobile: WORKER_MOBILE })
  })

  it('refuses a name that starts with a separator beside its field', async () => {
    bff()
    const { container } = await openForm()
    fillIn(container)
    type('与身份证一致', '•张伟')
    tickDeclarations()
    fireEvent.click(screen.getByText('下一步：核对信息'))
    expect(within(field(container, 'name')).getByText('间隔号“·”只能写在名字中间，不能在开头或结尾')).toBeTruthy()
    expect(screen.queryByText('核对报名信息')).toBeNull()
  })

  it('shows birth date and sex derived from the ID number as soon as it is valid', async () => {
    bff()
    const { container } = await openForm()

    type('18位居民身份证号', WORKER_ID.slice(0, 17))
    expect(screen.queryByText(/出生日期：/)).toBeNull()

    type('18位居民身份证号', WORKER_ID.toLowerCase())
    expect(field(container, 'nationalId').querySelector('.register-field__derived')?.textContent).toBe('出生日期：1990年5月12日　性别：男')

    type('18位居民身份证号', '120103199002301234')
    expect(within(field(container, 'nationalId')).getByText('身份证号中的出生日期不正确')).toBeTruthy()
  })

  it('offers only the groups the chosen trade allows', async () => {
    bff()
    const { container } = await openForm()
    const groupSelect = () => field(container, 'groupCode').querySelector('select')

    expect(groupSelect()?.disabled).toBe(true)
    expect(screen.getByText('请先选择工种')).toBeTruthy()

    choose(container, 'tradeCode', '装配钳工') // 职工组 only: chosen for the worker
    expect(Array.from(groupSelect()?.options ?? []).map((o) => o.textContent)).toEqual(['职工组'])
    expect(shownChoice(container, 'groupCode')).toBe('职工组›')

    choose(container, 'tradeCode', '焊工')
    expect(Array.from(groupSelect()?.options ?? []).map((o) => o.textContent)).toEqual(['职工组', '学生组'])
  })

  it('keeps what was typed on the phone, restores it when the worker comes back, and clears it after submitting', async () => {
    bff()
    const first = await openForm()
    fillIn(first.container)
    tickDeclarations()

    const saved = taroMock.storage.get(DRAFT) as { union: unknown; fields: Record<string, unknown> }
    expect(saved.union).toEqual(hexi)
    expect(saved.fields).toMatchObject({ name: '张伟', nationalId: WORKER_ID, mobile: WORKER_MOBILE, tradeCode: 'welder', yearsInTrade: '8' })
    first.unmount()

    // Back later: everything is there, and the form goes straight on to 核对信息.
    const second = await openForm()
    expect(screen.getByDisplayValue('张伟')).toBeTruthy()
    expect(screen.getByDisplayValue(WORKER_ID)).toBeTruthy()
    expect(shownChoice(second.container, 'tradeCode')).toBe('焊工›')
    fireEvent.click(screen.getByText('下一步：核对信息'))
    await act(async () => {
      fireEvent.click(await screen.findByText('提交报名'))
    })

    expect(taroMock.redirectTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/detail/index?id=${REGISTRATION_ID}` })
    expect(taroMock.storage.has(DRAFT)).toBe(false)
  })

  it('counts two taps made before the page re-renders (a fast double tap, a slow phone): both declarations are ticked', async () => {
    bff()
    const { container } = await openForm()
    fillIn(container)
    // One act around both taps: the second runs before React renders the first.
    act(() => {
      fireEvent.click(screen.getByText(DECLARATION_TEXT.notFullTimeStudent))
      fireEvent.click(screen.getByText(DECLARATION_TEXT.noExcludedHonour))
    })

    fireEvent.click(screen.getByText('下一步：核对信息'))

    await screen.findByText('核对报名信息')
    expect(screen.getByText(`✓ ${DECLARATION_TEXT.notFullTimeStudent}`)).toBeTruthy()
    expect(screen.getByText(`✓ ${DECLARATION_TEXT.noExcludedHonour}`)).toBeTruthy()
  })

  it('shows everything on 核对信息 with the ID number and phone masked', async () => {
    bff()
    const { container } = await openForm()
    fillIn(container)
    tickDeclarations()

    fireEvent.click(screen.getByText('下一步：核对信息'))

    const review = await screen.findByText('核对报名信息')
    const text = review.parentElement?.textContent ?? ''
    expect(text).toContain('天津市总工会 › 河西区总工会')
    expect(text).toContain('张伟')
    expect(text).toContain(`身份证号${WORKER_ID.slice(0, 6)}********${WORKER_ID.slice(-4)}`)
    expect(text).toContain('出生日期1990年5月12日')
    expect(text).toContain('性别男')
    expect(text).toContain('手机号138****5678')
    expect(text).toContain('焊工')
    expect(text).toContain('职工组')
    expect(text).toContain('高级工')
    expect(text).toContain('8年')
    expect(document.body.textContent).not.toContain(WORKER_ID)
    expect(document.body.textContent).not.toContain(WORKER_MOBILE)
    expect(screen.getByText(`✓ ${DECLARATION_TEXT.notFullTimeStudent}`)).toBeTruthy()
  })

  it('submits with an Idempotency-Key and sends the same key again when retrying after a network failure', async () => {
    let calls = 0
    const sent = bff(() => {
      calls += 1
      if (calls === 1) throw new Error('request:fail timeout')
      return ok(registration(), 201)
    })
    const { container } = await openForm()
    fillIn(container)
    tickDeclarations()
    fireEvent.click(screen.getByText('下一步：核对信息'))

    await act(async () => {
      fireEvent.click(await screen.findByText('提交报名'))
    })
    expect(await screen.findByText('网络连接失败，请检查网络后重试（已填写的内容不会丢失）')).toBeTruthy()
    expect(taroMock.redirectTo).not.toHaveBeenCalled()

    await act(async () => {
      fireEvent.click(screen.getByText('提交报名'))
    })

    const [first, retry] = posts(sent)
    const key = first?.header['Idempotency-Key'] ?? ''
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(retry?.header['Idempotency-Key']).toBe(key)
    expect(retry?.body).toEqual(first?.body)
    expect(first?.header.Authorization).toMatch(/^Bearer /)
    expect(first?.body).toEqual({
      unionCode: hexi.code,
      name: '张伟',
      nationalId: WORKER_ID,
      mobile: WORKER_MOBILE,
      employer: '天津市第一机床厂',
      tradeCode: 'welder',
      groupCode: 'worker',
      skillLevel: 'senior',
      yearsInTrade: 8,
      declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: false },
      // The competition asks for no eligibility fields: none stated.
      eligibilityClaims: { residence: null, skillCertificateNumber: null, honours: [] },
      competitionId: competition.id,
    })
    expect(taroMock.redirectTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/detail/index?id=${REGISTRATION_ID}` })
  })

  it('takes the BFF’s field errors back to the form, beside their fields, and a changed submit gets a new key', async () => {
    let calls = 0
    const sent = bff(() => {
      calls += 1
      if (calls === 1) {
        return refused(422, 'NOT_ELIGIBLE', '不符合本赛事的参赛条件', [
          { path: 'nationalId', message: '职工组焊工参赛年龄应为18至60周岁（以2026-08-31计），您届时61周岁' },
        ])
      }
      return ok(registration(), 201)
    })
    const { container } = await openForm()
    fillIn(container)
    tickDeclarations()
    fireEvent.click(screen.getByText('下一步：核对信息'))
    await act(async () => {
      fireEvent.click(await screen.findByText('提交报名'))
    })

    expect(
      await within(field(container, 'nationalId')).findByText('职工组焊工参赛年龄应为18至60周岁（以2026-08-31计），您届时61周岁'),
    ).toBeTruthy()
    expect(screen.queryByText('核对报名信息')).toBeNull()

    type('18位居民身份证号', nationalId('19850101'))
    fireEvent.click(screen.getByText('下一步：核对信息'))
    await act(async () => {
      fireEvent.click(await screen.findByText('提交报名'))
    })
    const [first, second] = posts(sent)
    expect(second?.header['Idempotency-Key']).not.toBe(first?.header['Idempotency-Key'])
    expect(taroMock.redirectTo).toHaveBeenCalledTimes(1)
  })

  it('says so when the number is already registered: 我的报名 if it was the worker, else to contact their union', async () => {
    bff(() => refused(409, 'ALREADY_REGISTERED', ERRORS.ALREADY_REGISTERED.message))
    const { container } = await openForm()
    fillIn(container)
    tickDeclarations()
    fireEvent.click(screen.getByText('下一步：核对信息'))
    await act(async () => {
      fireEvent.click(await screen.findByText('提交报名'))
    })

    expect(await screen.findByText('该身份证号已在本赛事报名。如是您本人所报，请在“我的报名”中查看；如不是您本人所报，请联系您的工会核实')).toBeTruthy()
    fireEvent.click(screen.getByText('查看我的报名'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/packageRegister/pages/mine/index' })
  })

  it('without a confirmed union, sends the worker back to the union code', async () => {
    taroMock.storage.clear()
    bff()

    render(<RegisterFormPage />)

    fireEvent.click(await screen.findByText('输入工会代码'))
    expect(taroMock.redirectTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/entry/index?competitionId=${competition.id}` })
  })
})

describe('asking for WeChat subscribe grants at the submit tap', () => {
  const TEMPLATES = ['tmpl-audit-result', 'tmpl-registration-confirmed', 'tmpl-competition-notice']

  /** The filled-in form on 核对信息, in the weapp build unless told otherwise. */
  async function reviewed(submit?: Parameters<typeof bff>[0], platform = 'weapp') {
    process.env.TARO_ENV = platform
    const sent = bff(submit, TEMPLATES)
    const { container } = await openForm()
    fillIn(container)
    tickDeclarations()
    fireEvent.click(screen.getByText('下一步：核对信息'))
    await screen.findByText('提交报名')
    return sent
  }

  it('asks inside the tap for the templates a registration goes through, submits meanwhile, reports the answers', async () => {
    taroMock.requestSubscribeMessage.mockResolvedValue({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-audit-result': 'accept',
      'tmpl-registration-confirmed': 'accept',
      'tmpl-competition-notice': 'ban',
    })
    const sent = await reviewed()

    fireEvent.click(screen.getByText('提交报名'))
    // Synchronously, in the tap: WeChat refuses the dialog once the handler has awaited anything.
    expect(taroMock.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: TEMPLATES }))

    await act(async () => undefined)
    expect(taroMock.redirectTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/detail/index?id=${REGISTRATION_ID}` })
    expect(posts(sent)).toHaveLength(1)
    const reported = sent.filter((r) => r.method === 'POST' && r.path === '/me/subscriptions')
    expect(reported.map((r) => r.body)).toEqual([
      { answers: { 'tmpl-audit-result': 'accept', 'tmpl-registration-confirmed': 'accept', 'tmpl-competition-notice': 'ban' } },
    ])
  })

  it('submits all the same when the worker closes the dialog, and reports nothing', async () => {
    taroMock.requestSubscribeMessage.mockRejectedValue({ errMsg: 'requestSubscribeMessage:fail cancel', errCode: 20004 })
    const sent = await reviewed()

    await act(async () => {
      fireEvent.click(screen.getByText('提交报名'))
    })

    expect(posts(sent)).toHaveLength(1)
    expect(taroMock.redirectTo).toHaveBeenCalledWith({ url: `/packageRegister/pages/detail/index?id=${REGISTRATION_ID}` })
    expect(sent.some((r) => r.path === '/me/subscriptions')).toBe(false)
  })

  it('asks nothing in H5, where the dialog does not exist', async () => {
    const sent = await reviewed(undefined, 'h5')

    await act(async () => {
      fireEvent.click(screen.getByText('提交报名'))
    })

    expect(taroMock.requestSubscribeMessage).not.toHaveBeenCalled()
    expect(posts(sent)).toHaveLength(1)
    expect(taroMock.redirectTo).toHaveBeenCalled()
  })
})

describe('resubmitting after a union’s rejection', () => {
  const rejected = rejectedRegistration()

  it('starts from the registration, asks for the ID number and phone again in full, and PUTs with the version', async () => {
    taroMock.routerParams.current = { registrationId: REGISTRATION_ID }
    taroMock.getCurrentPages.mockReturnValue([{}, {}])
    process.env.TARO_ENV = 'weapp'
    const sent = fakeBff((request) => {
      if (request.path === '/me/registrations' && request.method === 'GET') return ok(registrationList([rejected], { submitTemplateIds: ['tmpl-audit-result'] }))
      if (request.path === '/me/subscriptions') return ok({ credits: [] })
      if (request.path === `/me/registrations/${REGISTRATION_ID}` && request.method === 'GET') return ok(rejected)
      if (request.path === `/competitions/${competition.id}`) return ok(competition)
      if (request.path === `/me/registrations/${REGISTRATION_ID}` && request.method === 'PUT') {
        return ok(registration({ status: 'submitted', version: 3 }))
      }
      return undefined
    })

    const { container } = render(<RegisterFormPage />)

    expect(await screen.findByText('工会审核意见：工作单位请填写全称')).toBeTruthy()
    expect(screen.getByText(/身份证号和手机号在报名记录中只保存部分隐藏的形式，请重新完整填写/)).toBeTruthy()
    expect(screen.getByDisplayValue('张伟')).toBeTruthy()
    expect(screen.getByDisplayValue('天津市第一机床厂')).toBeTruthy()
    const idInput = screen.getByPlaceholderText('请重新输入完整身份证号（120103********1234）')
    expect((idInput as HTMLInputElement).value).toBe('')

    fireEvent.click(screen.getByText('下一步：核对信息'))
    expect(within(field(container, 'nationalId')).getByText('请填写身份证号')).toBeTruthy()
    expect(within(field(container, 'mobile')).getByText('请填写手机号')).toBeTruthy()

    fireEvent.change(idInput, { target: { value: WORKER_ID } })
    type('请重新输入完整手机号（138****5678）', WORKER_MOBILE)
    type('单位全称', '天津市第一机床厂有限公司')
    fireEvent.click(screen.getByText('下一步：核对信息'))
    await act(async () => {
      fireEvent.click(await screen.findByText('重新提交'))
    })

    // Resubmitting sends it to the union again: its result is ahead once more.
    expect(taroMock.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-audit-result'] }))
    const put = sent.find((r) => r.method === 'PUT')
    expect(put?.body).toMatchObject({ nationalId: WORKER_ID, mobile: WORKER_MOBILE, employer: '天津市第一机床厂有限公司', version: 2 })
    expect(taroMock.navigateBack).toHaveBeenCalled()
    expect(taroMock.storage.has(draftKey({ registrationId: REGISTRATION_ID }))).toBe(false)
  })
})
