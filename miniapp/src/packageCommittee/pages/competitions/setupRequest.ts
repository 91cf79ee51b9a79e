import { ZCompetitionSetupInput, type TCompetitionSetupInput, type TFieldError, type TGroupCode } from '@contest/shared'
import { hostUnitRows, quotaTables, type TSetupForm } from './form'
import { resultsErrorKey, resultsRequest } from './resultsForm'

/**
 * The 赛事设置 form as a request, checked by the schema the BFF uses, and each problem — the
 * schema's or the BFF's — placed where the editor shows it.
 */

/** Where each item of the request came from, to place the problems the schema or the BFF report. */
export type TSentIndex = { trades: string[]; unions: string[]; quotas: string[]; ages: string[]; venues: string[]; weights: string[]; honours: string[]; hosts: string[] }

/**
 * Problems by the place they are shown: a field (`name`, `registrationClosesAt`), a section
 * (`trades`, `quotas`, `eligibility.excludedHonours`), a row field (`trade:<key>:name`,
 * `age:<key>:maxAge`, `venue:<key>:code`), a union (`union:<id>`), a quota cell
 * (`quota:<cell>`), a results setting (`results.precision`, `results.awards.gold`, a trade's
 * weights `weight:<key>`, an honour `honour:<key>`); `general` holds what has no place in the form.
 */
export type TSetupErrors = { byKey: Record<string, string>; general: string[] }

const SCALAR_FIELDS = new Set(['name', 'organiser', 'description', 'publication', 'registrationOpensAt', 'registrationClosesAt', 'groups', 'auditLevels', 'groupPaths'])

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
    case 'hostUnits': {
      const cell = at(sent.hosts)
      return cell === undefined ? head : `host:${cell}`
    }
    case 'results':
      return resultsErrorKey(path.slice(1), sent.weights, sent.honours)
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
  const results = resultsRequest(form.results, form.trades)
  // Host units of the school-path rows only: a row whose group went back to the union path drops its host.
  const hosts = hostUnitRows(form).flatMap((row) => (row.host ? [{ cell: row.cell, tradeCode: row.trade.code.trim(), groupCode: row.group, unionId: row.host.id }] : []))
  const sent: TSentIndex = {
    hosts: hosts.map((h) => h.cell),
    weights: results.weightKeys,
    honours: results.honourKeys,
    trades: form.trades.map((t) => t.key),
    unions: form.unions.map((u) => u.id),
    quotas: quotaCells,
    ages: form.ageRanges.map((r) => r.key),
    venues: form.venues.map((v) => v.key),
  }

  const errors: TSetupErrors = { byKey: { ...results.problems }, general: [] }
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
    auditLevels: form.auditLevels,
    groupPaths: form.groupPaths,
    hostUnits: hosts.map(({ cell: _cell, ...host }) => host),
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
      requirements: form.requirements,
    },
    venues: form.venues.map((v) => ({ code: v.code.trim(), name: v.name, address: v.address })),
    results: results.results,
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
