import {
  AppError,
  UNION_IMPORT_MAX_BYTES,
  UNION_KIND_LABELS,
  chinaDate,
  unionPlacementProblem,
  ZUnionCreateInput,
  ZUnionRenameInput,
  type TUnionCreateInput,
  type TUnionEntry,
  type TUnionImportResult,
  type TUnionKind,
} from '@contest/shared'
import { errorMessage } from '../../../api/errors'

/** A union on the way down the directory; `kind` is known for the ones opened from a list. */
export type TTrailItem = { id: string; name: string; kind?: TUnionKind }

export type TUnionRow = {
  id: string
  name: string
  /** 工会代码 · 区总工会 */
  detail: string
  childCount: number
  /** Where drilling into this union leads: its ancestry and itself. */
  trail: TTrailItem[]
}

/** A row of the directory as the page shows it: the code on its own (a worker types it), then kind and children. */
export type TDirectoryRow = TUnionRow & { code: string }

export function toDirectoryRows(items: readonly TUnionEntry[]): TDirectoryRow[] {
  return items.map((u) => ({
    id: u.id,
    name: u.name,
    code: u.code,
    detail: [UNION_KIND_LABELS[u.kind], u.childCount > 0 ? `下级 ${u.childCount} 个` : ''].filter(Boolean).join(' · '),
    childCount: u.childCount,
    trail: [...u.ancestry, { id: u.id, name: u.name, kind: u.kind }],
  }))
}

/** The rows with the code in the one-line detail: `HXQ27 · 区总工会 · 下级 1 个`. */
export function toUnionRows(items: readonly TUnionEntry[]): TUnionRow[] {
  return toDirectoryRows(items).map(({ code, ...row }) => ({ ...row, detail: [code, row.detail].filter(Boolean).join(' · ') }))
}

export const KIND_OPTIONS = (Object.keys(UNION_KIND_LABELS) as TUnionKind[]).map((kind) => ({
  kind,
  label: UNION_KIND_LABELS[kind],
}))

export type TUnionForm = { name: string; kind: TUnionKind | null; code: string }
export const EMPTY_UNION_FORM: TUnionForm = { name: '', kind: null, code: '' }

export type TUnionFormErrors = Partial<Record<'name' | 'kind' | 'code', string>>

/** The create request under `parent` (null: a top-level union), checked by the shared schema and placement rule. */
export function toUnionCreateInput(
  form: TUnionForm,
  parent: TTrailItem | null,
): { ok: true; input: TUnionCreateInput } | { ok: false; errors: TUnionFormErrors } {
  const parsed = ZUnionCreateInput.safeParse({
    name: form.name,
    kind: form.kind ?? undefined,
    parentId: parent?.id ?? null,
    ...(form.code.trim() !== '' ? { code: form.code } : {}),
  })
  const errors: TUnionFormErrors = {}
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0]
      if (field === 'name' || field === 'kind' || field === 'code') errors[field] ??= issue.message
    }
  }
  // The parent's kind is known when it was opened from a list (not from a breadcrumb of names).
  if (form.kind !== null && (parent === null || parent.kind !== undefined)) {
    const misplaced = unionPlacementProblem(form.kind, parent?.kind ?? null)
    if (misplaced) errors.kind ??= misplaced
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, input: parsed.data }
}

/** The new name, checked by the shared schema; or the problem. */
export function toRenameInput(name: string): { ok: true; name: string } | { ok: false; error: string } {
  const parsed = ZUnionRenameInput.safeParse({ name })
  if (parsed.success) return { ok: true, name: parsed.data.name }
  return { ok: false, error: parsed.error.issues[0]?.message ?? '请填写工会名称' }
}

/** Why a chosen file cannot be the directory sheet, before it is sent; null when it may be. */
export function sheetFileProblem(file: { name: string; size: number }): string | null {
  if (!/\.xlsx$/i.test(file.name)) return '请选择 Excel（.xlsx）格式的工会名录'
  if (file.size > UNION_IMPORT_MAX_BYTES) return `工会名录文件不能超过 ${UNION_IMPORT_MAX_BYTES / 1024 / 1024} MB，请分成几个表格导入`
  if (file.size === 0) return '文件是空的，请重新选择'
  return null
}

/** What an import came to: counts, or why nothing was imported (with the bad rows the BFF listed). */
export type TImportOutcome = { kind: 'done'; summary: string } | { kind: 'refused'; message: string; rows: string[] }

export function importDone(result: TUnionImportResult): TImportOutcome {
  return { kind: 'done', summary: `导入完成：新增 ${result.imported} 个工会，${result.unchanged} 个已在名录中（未改动）` }
}

export function importRefused(error: unknown): TImportOutcome {
  const rows = error instanceof AppError ? (error.fields ?? []).map((f) => f.message) : []
  return { kind: 'refused', message: errorMessage(error), rows }
}

/** 工会名录-20261124.xlsx (China date). */
export function exportFileName(now: Date = new Date()): string {
  return `工会名录-${chinaDate(now).replace(/-/g, '')}.xlsx`
}
