import {
  COMPETITION_GROUPS,
  chinaIsoString,
  DEFAULT_EXCLUDED_HONOURS,
  ZGroupCode,
  resolveRequirements,
  ZPublication,
  type TAuditLevels,
  type TCompetitionSetupView,
  type TEligibilityRequirements,
  type TGroupCode,
  type TGroupPaths,
  type TParticipatingUnion,
  type TPublication,
} from '@contest/shared'
import { emptyResultsForm, resultsFormOf, type TResultsForm } from './resultsForm'
import { PUBLICATION_LABELS } from './view'

/**
 * The 赛事设置 editor's form: what the person types (text for numbers, rows with local keys) and
 * the changes that touch more than one field. As a request, with its problems placed: setupRequest.ts.
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
  unions: TParticipatingUnion[]
  /** Union levels auditing before the committee: 1, or 2 (基层工会, then its parent). */
  auditLevels: TAuditLevels
  /** Each group's audit path (shared/src/schoolPath.ts): a group not named takes the union path. */
  groupPaths: TGroupPaths
  /** Host units (承办单位) by `hostCell` (trade row × group), as picked from the directory. */
  hostUnits: Record<string, TParticipatingUnion>
  /** Places as typed, per cell (see `quotaCell`); '' or absent: no quota for that cell. */
  quotas: Record<string, string>
  referenceDate: string
  ageRanges: TAgeRow[]
  excludedHonours: string[]
  workerResidenceRequired: boolean
  noFullTimeStudentsInWorkerGroup: boolean
  /** The eligibility fields and evidence photos asked for (shared/eligibilityEvidence.ts). */
  requirements: TEligibilityRequirements
  venues: TVenueRow[]
  /** 成绩与奖项: weights, precision, tie rule, awards, honours, team standings, the 公示's working days. */
  results: TResultsForm
  /** Source of row keys. */
  nextKey: number
}

// ---- China time (shared/src/chinaTime.ts), as the form holds it: `YYYY-MM-DDTHH:mm:ss+08:00` ----

/** `YYYY-MM-DD` of a China-time ISO string from the form; '' when none. */
export const datePart = (iso: string): string => iso.slice(0, 10)
/** `HH:mm` of a China-time ISO string from the form; '' when none. */
export const timePart = (iso: string): string => iso.slice(11, 16)

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
  let n = 2
  const results = emptyResultsForm(() => `h${n++}`)
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
    auditLevels: 1,
    groupPaths: {},
    hostUnits: {},
    quotas: {},
    referenceDate: '',
    ageRanges: [],
    excludedHonours: [...DEFAULT_EXCLUDED_HONOURS],
    workerResidenceRequired: false,
    noFullTimeStudentsInWorkerGroup: true,
    requirements: resolveRequirements(null),
    venues: [],
    results,
    nextKey: n,
  }
}

/** The cell of the quota table for a union, trade row and group. */
export const quotaCell = (unionId: string, tradeKey: string, group: TGroupCode) => `${unionId}|${tradeKey}|${group}`

/** The host unit's place in the form: a trade row and a group. */
export const hostCell = (tradeKey: string, group: TGroupCode) => `${tradeKey}|${group}`

/** The trade rows × groups that take the school path, each needing a host unit (承办单位). */
export function hostUnitRows(form: Pick<TSetupForm, 'trades' | 'groups' | 'groupPaths' | 'hostUnits'>) {
  return form.trades.flatMap((trade) =>
    trade.groups
      .filter((group) => form.groupPaths[group] === 'school_host')
      .map((group) => ({
        cell: hostCell(trade.key, group),
        trade,
        group,
        groupName: form.groups.find((g) => g.code === group)?.name ?? COMPETITION_GROUPS[group],
        host: form.hostUnits[hostCell(trade.key, group)] ?? null,
      })),
  )
}

/** The editor's form for a competition as the BFF sent it, with its participating unions' names. */
export function formFromSetup(setup: TCompetitionSetupView): TSetupForm {
  const unions = new Map(setup.participatingUnions.map((union) => [union.id, union]))
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
    opensAt: chinaIsoString(setup.registrationOpensAt),
    closesAt: chinaIsoString(setup.registrationClosesAt),
    groups: setup.groups.map((g) => ({ code: g.code, name: g.name })),
    trades,
    unions: setup.participatingUnionIds.map((id) => ({
      id,
      name: unions.get(id)?.name ?? '（工会不存在）',
      code: unions.get(id)?.code ?? '',
    })),
    auditLevels: setup.auditLevels,
    groupPaths: { ...setup.groupPaths },
    hostUnits: Object.fromEntries(
      setup.hostUnits.flatMap((h) => {
        const tradeKey = tradeKeyOf.get(h.tradeCode)
        return tradeKey ? [[hostCell(tradeKey, h.groupCode), { id: h.unionId, name: h.unionName || '（单位不存在）', code: h.unionCode }]] : []
      }),
    ),
    quotas,
    referenceDate: eligibility.referenceDate ? chinaIsoString(eligibility.referenceDate) : '',
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
    requirements: resolveRequirements(eligibility.requirements),
    venues: setup.venues.map((v) => ({ key: next('v'), code: v.code, name: v.name, address: v.address })),
    results: resultsFormOf(setup.results, tradeKeyOf, () => next('h')),
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

export function addUnion(form: TSetupForm, union: TParticipatingUnion): TSetupForm {
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
  union: TParticipatingUnion
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
