import {
  AppError,
  SCORE_IMPORT_MAX_BYTES,
  SCORE_SHEET_COLUMNS,
  ZScoreInput,
  type TScore,
  type TScoreChange,
  type TScoreImportResult,
  type TScoreInput,
  type TScoreValues,
} from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { formatChinaDateTime } from '../../../format/date'

/** One score as typed: numbers stay text until saved; `version` the one the person saw (0: none yet). */
export type TScoreForm = {
  passNumber: string
  theory: string
  practical: string
  absent: boolean
  remarks: string
  version: number
}
export type TScoreField = 'passNumber' | 'theory' | 'practical' | 'absent' | 'remarks'
export type TScoreErrors = Partial<Record<TScoreField, string>>

export const EMPTY_SCORE_FORM: TScoreForm = { passNumber: '', theory: '', practical: '', absent: false, remarks: '', version: 0 }

/** The form for correcting `score` (or for the values a reload found, at `version`). */
export function scoreForm(passNumber: string, values: TScoreValues, version: number): TScoreForm {
  return {
    passNumber,
    theory: values.theory === null ? '' : String(values.theory),
    practical: values.practical === null ? '' : String(values.practical),
    absent: values.absent,
    remarks: values.remarks,
    version,
  }
}

const FIELDS: readonly TScoreField[] = ['passNumber', 'theory', 'practical', 'absent', 'remarks']

/** The problems a check or the BFF named, by the form's field (the first per field). */
export function scoreErrors(problems: readonly { path: string; message: string }[]): TScoreErrors {
  const errors: TScoreErrors = {}
  for (const problem of problems) {
    const field = FIELDS.find((f) => f === problem.path)
    if (field && !errors[field]) errors[field] = problem.message
  }
  return errors
}

/** The text of a score box as a number: undefined when empty, NaN when not a number. */
function typedNumber(text: string): number | undefined {
  const trimmed = text.trim()
  return trimmed === '' ? undefined : Number(trimmed)
}

/** The PUT body for the form, or its problems in Chinese (the range is the BFF's to check). */
export function toScoreInput(form: TScoreForm): { ok: true; passNumber: string; input: TScoreInput } | { ok: false; errors: TScoreErrors } {
  const passNumber = form.passNumber.trim()
  const errors: TScoreErrors = {}
  if (!/^\d{8}$/.test(passNumber)) errors.passNumber = '请填写 8 位准考证号'
  const theory = form.absent ? undefined : typedNumber(form.theory)
  const practical = form.absent ? undefined : typedNumber(form.practical)
  if (theory !== undefined && Number.isNaN(theory)) errors.theory = '理论成绩应为数字'
  if (practical !== undefined && Number.isNaN(practical)) errors.practical = '实操成绩应为数字'
  const parsed = ZScoreInput.safeParse({
    ...(form.absent ? { absent: true } : {}),
    ...(theory !== undefined && !Number.isNaN(theory) ? { theory } : {}),
    ...(practical !== undefined && !Number.isNaN(practical) ? { practical } : {}),
    remarks: form.remarks,
    version: form.version,
  })
  if (!parsed.success) {
    const found = scoreErrors(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })))
    for (const field of FIELDS) if (!errors[field] && found[field]) errors[field] = found[field]
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors }
  return { ok: true, passNumber, input: parsed.data }
}

/** `理论 85.5 · 实操 90` or `缺考`, with the remarks. */
export function valuesText(values: TScoreValues): string {
  const scores = values.absent ? '缺考' : `理论 ${values.theory ?? '—'} · 实操 ${values.practical ?? '—'}`
  return values.remarks ? `${scores}（备注：${values.remarks}）` : scores
}

export function scoreLine(score: TScore): { title: string; sub: string; when: string } {
  return {
    title: `${score.passNumber} ${score.name}`,
    sub: valuesText(score),
    when: `第 ${score.version} 版 · ${formatChinaDateTime(score.updatedAt)}`,
  }
}

const VIA_TEXT: Record<TScoreChange['via'], string> = { import: '导入成绩表', manual: '手工录入' }

/** One change as read: who, when, how, before → after. */
export function changeLine(change: TScoreChange): { head: string; change: string } {
  return {
    head: `第 ${change.version} 版 · ${formatChinaDateTime(change.at)} · ${change.by} · ${VIA_TEXT[change.via]}`,
    change: `${change.before ? valuesText(change.before) : '（无成绩）'} → ${valuesText(change.after)}`,
  }
}

/** What the sheet chosen is wrong in before it is sent, or null. */
export function scoreSheetProblem(file: { name: string; size: number }): string | null {
  if (!/\.xlsx$/i.test(file.name)) return '请选择 Excel（.xlsx）格式的成绩表'
  if (file.size === 0) return '文件是空的，请重新选择'
  if (file.size > SCORE_IMPORT_MAX_BYTES) return `成绩表不能超过 ${SCORE_IMPORT_MAX_BYTES / 1024 / 1024} MB，请分成几个表格导入`
  return null
}

export const SHEET_COLUMNS_HINT = `Excel 表格第一行为列名：${SCORE_SHEET_COLUMNS.passNumber}、${SCORE_SHEET_COLUMNS.theory}、${SCORE_SHEET_COLUMNS.practical}，可选${SCORE_SHEET_COLUMNS.remarks}、${SCORE_SHEET_COLUMNS.absent}（填“是”）。整张表无误才会录入；同一张表重复导入不会改动成绩。`

export function importSummary(result: TScoreImportResult): string {
  return `导入完成：新录入 ${result.created} 人，修改 ${result.changed} 人，${result.unchanged} 人成绩不变`
}

/** A refused save: CONFLICT (someone changed it since) apart from problems shown under their fields. */
export function saveRefusal(error: unknown): { conflict: boolean; message: string; errors: TScoreErrors } {
  if (error instanceof AppError && error.code === 'CONFLICT') return { conflict: true, message: errorMessage(error), errors: {} }
  const errors = error instanceof AppError ? scoreErrors(error.fields ?? []) : {}
  return { conflict: false, message: errorMessage(error), errors }
}
