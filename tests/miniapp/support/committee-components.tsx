/**
 * The stand-ins of ./taro-components plus the one the committee's set-up editor adds: Taro's
 * `Picker` (date and time), drawn as its children and an <input data-picker="date|time"> a test
 * can change. Use with `jest.mock('@tarojs/components', () => require('./support/committee-components'))`.
 */
import type { ReactNode } from 'react'

export * from './taro-components'

type PickerProps = {
  mode?: string
  value?: string
  disabled?: boolean
  children?: ReactNode
  onChange?: (event: { detail: { value: string } }) => void
}

export function Picker({ mode, value, disabled, children, onChange }: PickerProps) {
  return (
    <div className="picker-stand-in">
      <input
        data-picker={mode}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange?.({ detail: { value: event.target.value } })}
      />
      {children}
    </div>
  )
}
