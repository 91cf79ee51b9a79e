import {
  UNION_KIND_LABELS,
  unionPlacementProblem,
  ZUnionCreateInput,
  type TUnionCreateInput,
  type TUnionEntry,
  type TUnionKind,
} from '@contest/shared'

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

export function toUnionRows(items: readonly TUnionEntry[]): TUnionRow[] {
  return items.map((u) => ({
    id: u.id,
    name: u.name,
    detail: [u.code, UNION_KIND_LABELS[u.kind], u.childCount > 0 ? `下级 ${u.childCount} 个` : ''].filter(Boolean).join(' · '),
    childCount: u.childCount,
    trail: [...u.ancestry, { id: u.id, name: u.name, kind: u.kind }],
  }))
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
