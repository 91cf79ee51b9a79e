import { useState } from 'react'
import type { TCompetitionDetailData, TDeclarationKey, TMyRegistration, TUnionLookup } from '@contest/shared'
import { readDraft, saveDraftFields } from '../../draft'
import {
  EMPTY_FIELDS,
  asLeft,
  asTyped,
  fieldsFromRegistration,
  withTrade,
  type TFieldErrors,
  type TFieldKey,
  type TFormFields,
  type TFormTarget,
  type TOption,
  type TTextField,
} from './view'

/**
 * The form's fields and the errors beside them. Every change is kept on the phone as a draft and
 * clears the errors of the fields it touched.
 */
export function useFormFields(options: {
  competition: TCompetitionDetailData
  target: TFormTarget
  registration: TMyRegistration | null
  /** The union a new registration's draft keeps; null for a resubmit (the registration's stays). */
  draftUnion: TUnionLookup | null
  onChange: () => void
}) {
  const { competition, target, registration, draftUnion, onChange } = options
  const [fields, setFields] = useState<TFormFields>(
    () => readDraft(target)?.fields ?? (registration ? fieldsFromRegistration(registration) : EMPTY_FIELDS),
  )
  const [errors, setErrors] = useState<TFieldErrors>({})

  /**
   * Applies a change to the fields as they are when React applies it, not as this render saw them:
   * two taps or inputs before a re-render (a fast double tap, a slow phone) must both count.
   */
  function change(update: (current: TFormFields) => TFormFields, touched: TFieldKey[]) {
    setFields((current) => {
      const next = update(current)
      saveDraftFields(target, draftUnion, next)
      return next
    })
    setErrors((current) => {
      const rest = { ...current }
      for (const key of touched) delete rest[key]
      return rest
    })
    onChange()
  }

  return {
    fields,
    errors,
    setErrors,
    setText: (key: TTextField, value: string) => change((current) => ({ ...current, [key]: asTyped(key, value) }), [key]),
    leaveText: (key: TTextField, value: string) => {
      if (asLeft(key, value) !== fields[key]) change((current) => ({ ...current, [key]: asLeft(key, value) }), [key])
    },
    pick(key: 'tradeCode' | 'groupCode' | 'skillLevel', choices: TOption[], index: unknown) {
      const option = choices[Number(index)]
      if (!option) return
      if (key === 'tradeCode') change((current) => withTrade(current, competition, option.value), ['tradeCode', 'groupCode'])
      else change((current) => ({ ...current, [key]: option.value }), [key])
    },
    toggleDeclaration: (key: TDeclarationKey, field: TFieldKey) =>
      change((current) => ({ ...current, declarations: { ...current.declarations, [key]: !current.declarations[key] } }), [field]),
  }
}
