import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import type { TFieldKey } from './view'

/** The element id of a field, so the page can scroll to the first one with a problem. */
export function fieldId(key: TFieldKey): string {
  return `field-${key.replace('.', '-')}`
}

/** One field of the registration form: its label, its input and its problem. */
export default function Field({ field, label, error, children }: { field: TFieldKey; label: string; error?: string; children: ReactNode }) {
  return (
    <View id={fieldId(field)} className={`register-field register-field--${field.replace('.', '-')}`}>
      <View className="register-field__label">{label}</View>
      {children}
      {error && <View className="register__error register-field__error">{error}</View>}
    </View>
  )
}
