import {
  AppError,
  COMPETITION_GROUPS,
  DECLARATION_TEXT,
  SKILL_LEVELS,
  ZRegistrationForm,
  checkAge,
  requiredDeclarations,
  maskMobile,
  maskNationalId,
  normalizeMobile,
  normalizeNationalId,
  normalizePersonName,
  parseNationalId,
  type TCompetitionDetailData,
  type TDeclarationKey,
  type TDeclarations,
  type TMyRegistration,
  type TRegistrationForm,
  type TSex,
  type TUnionLookup,
} from '@contest/shared'
import { z } from 'zod'

/**
 * The registration form as the worker fills it in: every field as typed (strings), checked with
 * the shared ZRegistrationForm (the BFF checks the same schema) plus the ID number's own checks
 * and the competition's eligibility rules, so problems show beside their field before sending.
 */

/** In the order the form shows them. */
export const DECLARATION_KEYS: readonly TDeclarationKey[] = ['notFullTimeStudent', 'localResidence', 'noExcludedHonour']

/** What the inputs hold; also what the draft on the phone keeps. */
export const ZFormFields = z.object({
  name: z.string(),
  nationalId: z.string(),
  mobile: z.string(),
  employer: z.string(),
  tradeCode: z.string(),
  groupCode: z.string(),
  skillLevel: z.string(),
  yearsInTrade: z.string(),
  declarations: z.object({ notFullTimeStudent: z.boolean(), noExcludedHonour: z.boolean(), localResidence: z.boolean() }),
})
export type TFormFields = z.infer<typeof ZFormFields>
export type TTextField = 'name' | 'nationalId' | 'mobile' | 'employer' | 'yearsInTrade'

export const EMPTY_FIELDS: TFormFields = {
  name: '',
  nationalId: '',
  mobile: '',
  employer: '',
  tradeCode: '',
  groupCode: '',
  skillLevel: '',
  yearsInTrade: '',
  declarations: { notFullTimeStudent: false, noExcludedHonour: false, localResidence: false },
}

/**
 * A text field as typed, shown in the form the BFF stores (the normalisers the shared schema
 * applies): full-width digits, spaces, dashes and +86 go from the ID number and phone at once.
 */
export function asTyped(key: TTextField, value: string): string {
  if (key === 'nationalId') return normalizeNationalId(value)
  if (key === 'mobile') return normalizeMobile(value)
  return value
}

/** A text field once the worker leaves it: the name normalised too (while typing, trimming would eat the space before a second word). */
export function asLeft(key: TTextField, value: string): string {
  return key === 'name' ? normalizePersonName(value) : asTyped(key, value)
}

/** Where an error shows: a field of the form, as the BFF names it in `fields[].path`. */
export const FIELD_KEYS = [
  'unionCode',
  'name',
  'nationalId',
  'mobile',
  'employer',
  'tradeCode',
  'groupCode',
  'skillLevel',
  'yearsInTrade',
  'declarations.notFullTimeStudent',
  'declarations.localResidence',
  'declarations.noExcludedHonour',
] as const
export type TFieldKey = (typeof FIELD_KEYS)[number]
export type TFieldErrors = Partial<Record<TFieldKey, string>>

const fieldKeys: ReadonlySet<string> = new Set(FIELD_KEYS)
function isFieldKey(path: string): path is TFieldKey {
  return fieldKeys.has(path)
}

/** What the form page is for: a new registration for a competition, or resubmitting one. */
export type TFormTarget = { competitionId: string } | { registrationId: string }

const OBJECT_ID = /^[0-9a-f]{24}$/i

export function formTarget(params: Record<string, string | undefined>): TFormTarget | null {
  if (params.registrationId && OBJECT_ID.test(params.registrationId)) return { registrationId: params.registrationId }
  if (params.competitionId && OBJECT_ID.test(params.competitionId)) return { competitionId: params.competitionId }
  return null
}

/** The field highest on the page that has a problem. */
export function firstErrorField(errors: TFieldErrors): TFieldKey | null {
  return FIELD_KEYS.find((key) => errors[key] !== undefined) ?? null
}

/** `1990-05-12` → `1990年5月12日` */
export function formatBirthDate(birthDate: string): string {
  const [y, m, d] = birthDate.split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

export const SEX_LABELS: Record<TSex, string> = { male: '男', female: '女' }

/**
 * What the ID number tells, shown under the field while typing: birth date and sex once it is
 * valid, the problem once all 18 characters are there, nothing before.
 */
export function identityFromId(
  nationalId: string,
  today: string,
): { kind: 'none' } | { kind: 'valid'; birthDate: string; sex: string } | { kind: 'invalid'; message: string } {
  const typed = nationalId.trim()
  if (typed.length < 18) return { kind: 'none' }
  const parsed = parseNationalId(typed, today)
  if (!parsed.ok) return { kind: 'invalid', message: parsed.message }
  return { kind: 'valid', birthDate: formatBirthDate(parsed.birthDate), sex: SEX_LABELS[parsed.sex] }
}

export type TOption = { value: string; label: string }

export function tradeOptions(competition: TCompetitionDetailData): TOption[] {
  return competition.trades.map((trade) => ({ value: trade.code, label: trade.name }))
}

/** Only the groups the chosen trade allows (none before a trade is chosen). */
export function groupOptions(competition: TCompetitionDetailData, tradeCode: string): TOption[] {
  const trade = competition.trades.find((t) => t.code === tradeCode)
  if (!trade) return []
  return competition.groups.filter((group) => trade.groups.includes(group.code)).map((group) => ({ value: group.code, label: group.name }))
}

export const SKILL_LEVEL_OPTIONS: TOption[] = Object.entries(SKILL_LEVELS).map(([value, label]) => ({ value, label }))

export function optionLabel(options: TOption[], value: string): string | null {
  return options.find((option) => option.value === value)?.label ?? null
}

/** A changed trade keeps the group only if the new trade has it. */
export function withTrade(fields: TFormFields, competition: TCompetitionDetailData, tradeCode: string): TFormFields {
  const groups = groupOptions(competition, tradeCode)
  const keepGroup = groups.some((group) => group.value === fields.groupCode)
  const groupCode = keepGroup ? fields.groupCode : groups.length === 1 ? (groups[0]?.value ?? '') : ''
  return { ...fields, tradeCode, groupCode }
}

function blankToUndefined(value: string): string | undefined {
  return value.trim() === '' ? undefined : value
}

/** What goes to ZRegistrationForm: empty inputs as missing (so its "请填写…" messages apply). */
function formInput(fields: TFormFields, unionCode: string, required: readonly TDeclarationKey[]): Record<string, unknown> {
  const years = fields.yearsInTrade.trim()
  // Only what the competition asks for is declared; a box hidden after a group change says nothing.
  const declared = (key: TDeclarationKey) => required.includes(key) && fields.declarations[key]
  const declarations: TDeclarations = {
    notFullTimeStudent: declared('notFullTimeStudent'),
    noExcludedHonour: declared('noExcludedHonour'),
    localResidence: declared('localResidence'),
  }
  return {
    unionCode,
    name: blankToUndefined(fields.name),
    nationalId: blankToUndefined(fields.nationalId),
    mobile: blankToUndefined(fields.mobile),
    employer: blankToUndefined(fields.employer),
    tradeCode: blankToUndefined(fields.tradeCode),
    groupCode: blankToUndefined(fields.groupCode),
    skillLevel: blankToUndefined(fields.skillLevel),
    yearsInTrade: years === '' ? undefined : Number(years),
    declarations,
  }
}

export type TChecked = { ok: true; form: TRegistrationForm } | { ok: false; errors: TFieldErrors }

/** Everything the BFF will check that the phone can check too; the first problem per field. */
export function checkForm(fields: TFormFields, unionCode: string, competition: TCompetitionDetailData, today: string): TChecked {
  const errors: TFieldErrors = {}
  const add = (path: string, message: string) => {
    if (isFieldKey(path) && errors[path] === undefined) errors[path] = message
  }
  const required = requiredDeclarations(competition.eligibility, fields.groupCode)
  const parsed = ZRegistrationForm.safeParse(formInput(fields, unionCode, required))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(issue.path.join('.'), issue.message)
  }
  const years = fields.yearsInTrade.trim()
  if (years !== '' && Number.isNaN(Number(years))) errors.yearsInTrade = '年限请填写数字'

  const id = errors.nationalId === undefined ? parseNationalId(fields.nationalId, today) : null
  if (id && !id.ok) add('nationalId', id.message)

  if (errors.tradeCode === undefined && errors.groupCode === undefined && fields.tradeCode !== '') {
    const trade = competition.trades.find((t) => t.code === fields.tradeCode)
    if (!trade) add('tradeCode', '请选择工种')
    else if (!groupOptions(competition, fields.tradeCode).some((g) => g.value === fields.groupCode)) {
      add('groupCode', `${trade.name}不设该组别，请重新选择`)
    }
  }
  for (const key of required) {
    if (!fields.declarations[key]) add(`declarations.${key}`, `请确认：${DECLARATION_TEXT[key]}`)
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors }

  const form = parsed.data
  if (id?.ok) {
    const tradeName = competition.trades.find((t) => t.code === form.tradeCode)?.name ?? ''
    const { problem } = checkAge(competition, { groupCode: form.groupCode, tradeCode: form.tradeCode, tradeName }, id.birthDate)
    if (problem) return { ok: false, errors: { nationalId: problem } }
  }
  return { ok: true, form }
}

/**
 * A BFF refusal, placed: field errors (`fields[].path`) beside their fields, anything else
 * (UNION_NOT_PARTICIPATING, REGISTRATION_CLOSED, ALREADY_REGISTERED…) as one message.
 */
export function placeBffError(error: AppError): { fields: TFieldErrors; message: string | null } {
  const fields: TFieldErrors = {}
  const others: string[] = []
  for (const field of error.fields ?? []) {
    if (isFieldKey(field.path)) fields[field.path] ??= field.message
    else others.push(field.message)
  }
  const placed = Object.keys(fields).length > 0
  if (error.code === 'UNION_CODE_MISTYPED' || error.code === 'UNION_CODE_UNKNOWN' || error.code === 'UNION_NOT_PARTICIPATING') {
    fields.unionCode ??= error.message
    return { fields, message: others.length > 0 ? others.join('；') : null }
  }
  if (others.length > 0) return { fields, message: others.join('；') }
  return { fields, message: placed ? null : error.message }
}

export type TReviewLine = { label: string; value: string }

/** What 核对信息 shows: everything that will be sent, ID and phone masked. */
export function toReview(
  form: TRegistrationForm,
  competition: TCompetitionDetailData,
  union: TUnionLookup,
  today: string,
): { lines: TReviewLine[]; declarations: string[] } {
  const id = parseNationalId(form.nationalId, today)
  const trade = competition.trades.find((t) => t.code === form.tradeCode)?.name ?? form.tradeCode
  const group = competition.groups.find((g) => g.code === form.groupCode)?.name ?? COMPETITION_GROUPS[form.groupCode]
  const lines: TReviewLine[] = [
    { label: '赛事', value: competition.name },
    { label: '所属工会', value: union.chain.join(' › ') },
    { label: '姓名', value: form.name },
    { label: '身份证号', value: maskNationalId(form.nationalId) },
    ...(id.ok
      ? [
          { label: '出生日期', value: formatBirthDate(id.birthDate) },
          { label: '性别', value: SEX_LABELS[id.sex] },
        ]
      : []),
    { label: '手机号', value: maskMobile(form.mobile) },
    { label: '工作单位', value: form.employer },
    { label: '工种', value: trade },
    { label: '组别', value: group },
    { label: '技能等级', value: SKILL_LEVELS[form.skillLevel] },
    { label: '从事本工种年限', value: `${form.yearsInTrade}年` },
  ]
  const declarations = DECLARATION_KEYS.filter((key) => form.declarations[key]).map((key) => DECLARATION_TEXT[key])
  return { lines, declarations }
}

/**
 * A resubmit starts from the registration the union sent back. The ID number and phone come back
 * masked only, so those two are typed again in full.
 */
export function fieldsFromRegistration(registration: TMyRegistration): TFormFields {
  return {
    name: registration.name,
    nationalId: '',
    mobile: '',
    employer: registration.employer,
    tradeCode: registration.trade.code,
    groupCode: registration.group.code,
    skillLevel: registration.skillLevel,
    yearsInTrade: String(registration.yearsInTrade),
    declarations: { ...registration.declarations },
  }
}

/** The union's reason, when the last decision sent the registration back. */
export function rejectionReason(registration: TMyRegistration): string | null {
  const last = [...registration.timeline].reverse().find((entry) => entry.action === 'union_reject')
  return last?.reason ?? null
}

/** The body of a submit, as the same bytes every time, so a retry can reuse its Idempotency-Key. */
export function submitFingerprint(value: unknown): string {
  return JSON.stringify(value)
}
