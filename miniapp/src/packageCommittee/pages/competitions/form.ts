import {
  COMPETITION_GROUPS,
  DEFAULT_EXCLUDED_HONOURS,
  ZCompetitionSetupInput,
  ZGroupCode,
  ZPublication,
  type TCompetitionSetupInput,
  type TCompetitionSetupView,
  type TFieldError,
  type TGroupCode,
  type TPublication,
} from '@contest/shared'
import { PUBLICATION_LABELS } from './view'

/**
 * The 赛事设置 editor's form: what the person types (text for numbers, rows with local keys),
 * how it becomes the request `ZCompetitionSetupInput` checks, and where each problem — the
 * schema's or the BFF's — is shown.
 */

export const GROUP_CODES: readonly TGroupCode[] = ZGroupCode.options

export const PUBLICATION_OPTIONS = ZPublication.options.map((value) => ({
  value,
  label: PUBLICATION_LABELS[value],
}))

export type TTradeRow = { key: string; code: string; name: string; groups: TGroupCode[] }
export type TVenueRow = { key: string; code: string; name: string; address: string }
export type TAgeRow = {
  key: string
  groupCode: TGroupCode | null
  /** The key of a trade row; null: every trade of the group. */
  tradeKey: string | null
  minAge: string
  maxAge: string
}
export type TParticipant = { id: string; name: string; code: string }

export type TSetupForm = {
  name: string
  organiser: string
  description: string
  publication: TPublication
  /** China time `YYYY-MM-DDTHH:mm:ss+08:00`, or '' until a date is picked. */
  opensAt: string
  closesAt: string
  groups: { code: TGroupCode; name: string }[]
  trades: TTradeRow[]
  unions: TParticipant[]
  /** Places as typed, per cell (see `quotaCell`); '' or absent: no quota for that cell. */
  quotas: Record<string, string>
  referenceDate: string
  ageRanges: TAgeRow[]
  excludedHonours: string[]
  workerResidenceRequired: boolean
  noFullTimeStudentsInWorkerGroup: boolean
  venues: TVenueRow[]
  /** Source of row keys. */
  nextKey: number
}

// ---- China time (UTC+8 all year, as in src/format/date.ts) ----

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
const pad = (n: number) => String(n).padStart(2, '0')

/** Any ISO date-time as `YYYY-MM-DDTHH:mm:ss+08:00`; '' for an unreadable one. */
export function toChinaIso(iso: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  const d = new Date(time + CHINA_OFFSET_MS)
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  return `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`
}

/** `YYYY-MM-DD` of a China-time ISO string from the form; '' when none. */
export const datePart = (iso: string): string => iso.slice(0, 10)
/** `HH:mm` of a China-time ISO string from the form; '' when none. */
export const timePart = (iso: string): string => iso.slice(11, 16)

/** Today in China, `YYYY-MM-DD`. */
export function chinaToday(now: Date = new Date()): string {
  return datePart(toChinaIso(now.toISOString()))
}

/** The picked day, keeping the time of day already set (or `time` for a first pick). */
export function withDate(iso: string, date: string, time: string): string {
  return `${date}T${iso ? iso.slice(11, 19) : time}+08:00`
}

/** The picked time (`HH:mm`) on the day already set. */
export function withTime(iso: string, time: string): string {
  return iso ? `${datePart(iso)}T${time}:00+08:00` : ''
}

// ---- The form, empty or from a competition ----

function key(form: Pick<TSetupForm, 'nextKey'>, prefix: string): [string, number] {
  return [`${prefix}${form.nextKey}`, form.nextKey + 1]
}

export function emptyForm(): TSetupForm {
  return {
    name: '',
    organiser: '',
    description: '',
    publication: 'draft',
    opensAt: '',
    closesAt: '',
    groups: GROUP_CODES.map((code) => ({ code, name: COMPETITION_GROUPS[code] })),
    trades: [{ key: 't1', code: 'trade-1', name: '', groups: ['worker'] }],
    unions: [],
    quotas: {},
    referenceDate: '',
    ageRanges: [],
    excludedHonours: [...DEFAULT_EXCLUDED_HONOURS],
    workerResidenceRequired: false,
    noFullTimeStudentsInWorkerGroup: true,
    venues: [],
    nextKey: 2,
  }
}

/** The cell of the quota table for a union, trade row and group. */
export const quotaCell = (unionId: string, tradeKey: string, group: TGroupCode) => `${unionId}|${tradeKey}|${group}`

/** The editor's form for a competition as the BFF sent it; `unions` names the participating unions. */
export function formFromSetup(setup: TCompetitionSetupView, unions: ReadonlyMap<string, { name: string; code: string }>): TSetupForm {
  let n = 1
  const next = (prefix: string) => `${prefix}${n++}`
  const trades = setup.trades.map((t) => ({ key: next('t'), code: t.code, name: t.name, groups: [...t.groups] }))
  const tradeKeyOf = new Map(trades.map((t) => [t.code, t.key]))
  const quotas: Record<string, string> = {}
  for (const q of setup.quotas) {
    const tradeKey = tradeKeyOf.get(q.tradeCode)
    if (tradeKey) quotas[quotaCell(q.unionId, tradeKey, q.groupCode)] = String(q.places)
  }
  const { eligibility } = setup
  return {
    name: setup.name,
    organiser: setup.organiser,
    description: setup.description,
    publication: setup.publication,
    opensAt: toChinaIso(setup.registrationOpensAt),
    closesAt: toChinaIso(setup.registrationClosesAt),
    groups: setup.groups.map((g) => ({ code: g.code, name: g.name })),
    trades,
    unions: setup.participatingUnionIds.map((id) => ({
      id,
      name: unions.get(id)?.name ?? '（工会不存在）',
      code: unions.get(id)?.code ?? '',
    })),
    quotas,
    referenceDate: eligibility.referenceDate ? toChinaIso(eligibility.referenceDate) : '',
    ageRanges: eligibility.ageRanges.map((r) => ({
      key: next('a'),
      groupCode: r.groupCode,
      tradeKey: r.tradeCode === null ? null : (tradeKeyOf.get(r.tradeCode) ?? null),
      minAge: String(r.minAge),
      maxAge: String(r.maxAge),
    })),
    excludedHonours: [...eligibility.excludedHonours],
    workerResidenceRequired: eligibility.workerResidenceRequired,
    noFullTimeStudentsInWorkerGroup: eligibility.noFullTimeStudentsInWorkerGroup,
    venues: setup.venues.map((v) => ({ key: next('v'), code: v.code, name: v.name, address: v.address })),
    nextKey: n,
  }
}

// ---- Changes that touch more than one field ----

/** A competition group on or off; trades lose a group the competition no longer has. */
export function toggleGroup(form: TSetupForm, code: TGroupCode): TSetupForm {
  if (form.groups.some((g) => g.code === code)) {
    return {
      ...form,
      groups: form.groups.filter((g) => g.code !== code),
      trades: form.trades.map((t) => ({ ...t, groups: t.groups.filter((g) => g !== code) })),
    }
  }
  const groups = GROUP_CODES.filter((c) => c === code || form.groups.some((g) => g.code === c)).map(
    (c) => form.groups.find((g) => g.code === c) ?? { code: c, name: COMPETITION_GROUPS[c] },
  )
  return { ...form, groups }
}

/** A new trade row with a free code (the person may change it) for the competition's first group. */
export function addTrade(form: TSetupForm): TSetupForm {
  const [rowKey, nextKey] = key(form, 't')
  const taken = new Set(form.trades.map((t) => t.code))
  let i = form.trades.length + 1
  while (taken.has(`trade-${i}`)) i += 1
  const first = form.groups[0]?.code
  return { ...form, nextKey, trades: [...form.trades, { key: rowKey, code: `trade-${i}`, name: '', groups: first ? [first] : [] }] }
}

/** Removes a trade row and its quotas. */
export function removeTrade(form: TSetupForm, tradeKey: string): TSetupForm {
  const quotas = Object.fromEntries(Object.entries(form.quotas).filter(([cell]) => cell.split('|')[1] !== tradeKey))
  return { ...form, trades: form.trades.filter((t) => t.key !== tradeKey), quotas }
}

export function toggleTradeGroup(form: TSetupForm, tradeKey: string, group: TGroupCode): TSetupForm {
  return {
    ...form,
    trades: form.trades.map((t) => {
      if (t.key !== tradeKey) return t
      const groups = t.groups.includes(group) ? t.groups.filter((g) => g !== group) : GROUP_CODES.filter((g) => g === group || t.groups.includes(g))
      return { ...t, groups }
    }),
  }
}

export function addUnion(form: TSetupForm, union: TParticipant): TSetupForm {
  if (form.unions.some((u) => u.id === union.id)) return form
  return { ...form, unions: [...form.unions, union] }
}

/** Removes a participating union and its quotas. */
export function removeUnion(form: TSetupForm, unionId: string): TSetupForm {
  const quotas = Object.fromEntries(Object.entries(form.quotas).filter(([cell]) => cell.split('|')[0] !== unionId))
  return { ...form, unions: form.unions.filter((u) => u.id !== unionId), quotas }
}

/** Every cell of the quota table set to `places`. */
export function fillQuotas(form: TSetupForm, places: string): TSetupForm {
  const quotas = { ...form.quotas }
  for (const table of quotaTables(form)) {
    for (const row of table.rows) for (const cell of row.cells) if (cell) quotas[cell.cell] = places
  }
  return { ...form, quotas }
}

export function addAgeRange(form: TSetupForm): TSetupForm {
  const [rowKey, nextKey] = key(form, 'a')
  const row: TAgeRow = { key: rowKey, groupCode: form.groups[0]?.code ?? null, tradeKey: null, minAge: '', maxAge: '' }
  return { ...form, nextKey, ageRanges: [...form.ageRanges, row] }
}

export function addVenue(form: TSetupForm): TSetupForm {
  const [rowKey, nextKey] = key(form, 'v')
  const taken = new Set(form.venues.map((v) => v.code))
  let i = form.venues.length + 1
  while (taken.has(`venue-${i}`)) i += 1
  return { ...form, nextKey, venues: [...form.venues, { key: rowKey, code: `venue-${i}`, name: '', address: '' }] }
}

/** Adds an honour to the exclusion list (trimmed, once). */
export function addHonour(form: TSetupForm, honour: string): TSetupForm {
  const text = honour.trim()
  if (text === '' || form.excludedHonours.includes(text)) return form
  return { ...form, excludedHonours: [...form.excludedHonours, text] }
}

// ---- The quota table: participating unions × trades × the trade's groups ----

export type TQuotaTable = {
  union: TParticipant
  /** The competition's groups, as the table's columns. */
  columns: { code: TGroupCode; name: string }[]
  rows: { tradeKey: string; tradeName: string; cells: ({ cell: string; value: string } | null)[] }[]
  total: number
}

export function quotaTables(form: TSetupForm): TQuotaTable[] {
  return form.unions.map((union) => {
    let total = 0
    const rows = form.trades.map((trade) => ({
      tradeKey: trade.key,
      tradeName: trade.name.trim() || trade.code,
      cells: form.groups.map((group) => {
        if (!trade.groups.includes(group.code)) return null
        const cell = quotaCell(union.id, trade.key, group.code)
        const value = form.quotas[cell] ?? ''
        const places = Number(value)
        if (value.trim() !== '' && Number.isInteger(places)) total += places
        return { cell, value }
      }),
    }))
    return { union, columns: form.groups, rows, total }
  })
}

// ---- Form → request, and problems → where they are shown ----

/** Where each item of the request came from, to place the problems the schema or the BFF report. */
export type TSentIndex = { trades: string[]; unions: string[]; quotas: string[]; ages: string[]; venues: string[] }

/**
 * Problems by the place they are shown: a field (`name`, `registrationClosesAt`), a section
 * (`trades`, `quotas`, `eligibility.excludedHonours`), a row field (`trade:<key>:name`,
 * `age:<key>:maxAge`, `venue:<key>:code`), a union (`union:<id>`) or a quota cell
 * (`quota:<cell>`); `general` holds what has no place in the form.
 */
export type TSetupErrors = { byKey: Record<string, string>; general: string[] }

const SCALAR_FIELDS = new Set(['name', 'organiser', 'description', 'publication', 'registrationOpensAt', 'registrationClosesAt', 'groups'])

/** Where a problem at `path` (in the request's terms) is shown; null: nowhere in particular. */
export function errorKeyOf(path: readonly PropertyKey[], sent: TSentIndex): string | null {
  const [head, i, field] = path
  const at = (list: string[]) => (typeof i === 'number' ? list[i] : undefined)
  if (typeof head !== 'string') return null
  if (SCALAR_FIELDS.has(head)) return head
  const row = (prefix: string, list: string[]) => {
    const rowKey = at(list)
    if (rowKey === undefined) return head
    return typeof field === 'string' ? `${prefix}:${rowKey}:${field}` : `${prefix}:${rowKey}`
  }
  switch (head) {
    case 'trades':
      return row('trade', sent.trades)
    case 'venues':
      return row('venue', sent.venues)
    case 'participatingUnionIds': {
      const id = at(sent.unions)
      return id === undefined ? head : `union:${id}`
    }
    case 'quotas': {
      const cell = at(sent.quotas)
      return cell === undefined ? head : `quota:${cell}`
    }
    case 'eligibility': {
      const [, part, j, ageField] = path
      if (part === 'ageRanges') {
        const rowKey = typeof j === 'number' ? sent.ages[j] : undefined
        if (rowKey === undefined) return 'eligibility.ageRanges'
        return typeof ageField === 'string' ? `age:${rowKey}:${ageField}` : `age:${rowKey}`
      }
      return typeof part === 'string' ? `eligibility.${part}` : 'eligibility'
    }
    default:
      return null
  }
}

function collect(issues: readonly { path: readonly PropertyKey[]; message: string }[], sent: TSentIndex, errors: TSetupErrors): void {
  for (const issue of issues) {
    const where = errorKeyOf(issue.path, sent)
    if (where === null) {
      if (!errors.general.includes(issue.message)) errors.general.push(issue.message)
    } else {
      errors.byKey[where] ??= issue.message
    }
  }
}

/** The BFF's field errors (`setup.trades.1.name` on a change, `trades.1.name` on a create) placed in the form. */
export function serverErrors(fields: readonly TFieldError[], sent: TSentIndex): TSetupErrors {
  const errors: TSetupErrors = { byKey: {}, general: [] }
  const issues = fields.map((f) => {
    const parts: PropertyKey[] = f.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
    if (parts[0] === 'setup') parts.shift()
    return { path: parts, message: f.message }
  })
  collect(issues, sent, errors)
  return errors
}

const numberOrNothing = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()))

/** The request for the form, checked by the same schema the BFF uses; or the problems, placed. */
export function toSetupInput(
  form: TSetupForm,
): { ok: true; input: TCompetitionSetupInput; sent: TSentIndex } | { ok: false; errors: TSetupErrors; sent: TSentIndex } {
  const tradeByKey = new Map(form.trades.map((t) => [t.key, t]))
  const quotas: { unionId: string; tradeCode: string; groupCode: TGroupCode; places: number | undefined }[] = []
  const quotaCells: string[] = []
  for (const table of quotaTables(form)) {
    for (const row of table.rows) {
      row.cells.forEach((cell, c) => {
        const group = table.columns[c]
        if (!cell || !group || cell.value.trim() === '') return
        quotas.push({
          unionId: table.union.id,
          tradeCode: tradeByKey.get(row.tradeKey)?.code.trim() ?? '',
          groupCode: group.code,
          places: numberOrNothing(cell.value),
        })
        quotaCells.push(cell.cell)
      })
    }
  }
  const sent: TSentIndex = {
    trades: form.trades.map((t) => t.key),
    unions: form.unions.map((u) => u.id),
    quotas: quotaCells,
    ages: form.ageRanges.map((r) => r.key),
    venues: form.venues.map((v) => v.key),
  }

  const errors: TSetupErrors = { byKey: {}, general: [] }
  // What the schema would word less helpfully for a form.
  if (!form.opensAt) errors.byKey.registrationOpensAt = '请选择报名开始时间'
  if (!form.closesAt) errors.byKey.registrationClosesAt = '请选择报名截止时间'
  for (const r of form.ageRanges) {
    if (r.groupCode === null) errors.byKey[`age:${r.key}:groupCode`] = '请选择组别'
    if (r.tradeKey !== null && !tradeByKey.has(r.tradeKey)) errors.byKey[`age:${r.key}:tradeCode`] = '所选工种已删除，请重新选择'
    if (Number.isNaN(numberOrNothing(r.minAge))) errors.byKey[`age:${r.key}:minAge`] = '年龄应为整数'
    if (Number.isNaN(numberOrNothing(r.maxAge))) errors.byKey[`age:${r.key}:maxAge`] = '年龄应为整数'
  }
  quotas.forEach((q, i) => {
    const cell = quotaCells[i]
    if (cell && Number.isNaN(q.places)) errors.byKey[`quota:${cell}`] = '名额应为整数'
  })

  const parsed = ZCompetitionSetupInput.safeParse({
    name: form.name,
    organiser: form.organiser,
    description: form.description,
    publication: form.publication,
    registrationOpensAt: form.opensAt || undefined,
    registrationClosesAt: form.closesAt || undefined,
    groups: form.groups,
    trades: form.trades.map((t) => ({ code: t.code.trim(), name: t.name, groups: t.groups })),
    participatingUnionIds: form.unions.map((u) => u.id),
    quotas,
    eligibility: {
      referenceDate: form.referenceDate || null,
      ageRanges: form.ageRanges.map((r) => ({
        groupCode: r.groupCode ?? undefined,
        tradeCode: r.tradeKey === null ? null : (tradeByKey.get(r.tradeKey)?.code.trim() ?? ''),
        minAge: numberOrNothing(r.minAge),
        maxAge: numberOrNothing(r.maxAge),
      })),
      excludedHonours: form.excludedHonours,
      workerResidenceRequired: form.workerResidenceRequired,
      noFullTimeStudentsInWorkerGroup: form.noFullTimeStudentsInWorkerGroup,
    },
    venues: form.venues.map((v) => ({ code: v.code.trim(), name: v.name, address: v.address })),
  })
  if (!parsed.success) collect(parsed.error.issues, sent, errors)
  if (!parsed.success || Object.keys(errors.byKey).length > 0 || errors.general.length > 0) return { ok: false, errors, sent }
  return { ok: true, input: parsed.data, sent }
}

/** How many problems there are, for the message beside the save button. */
export function errorCount(errors: TSetupErrors): number {
  return Object.keys(errors.byKey).length + errors.general.length
}

/** The error shown at `where`, dropped once the person changes that field. */
export function withoutError(errors: TSetupErrors, ...where: string[]): TSetupErrors {
  if (!where.some((w) => w in errors.byKey)) return errors
  const byKey = { ...errors.byKey }
  for (const w of where) delete byKey[w]
  return { ...errors, byKey }
}
