/**
 * The stand-ins of ./taro-components plus what the registration pages also use: Picker (as a
 * <select> beside its display, so tests pick an option with fireEvent.change) and Input with its
 * `type`, `disabled` and `onBlur`. Use with
 * `jest.mock('@tarojs/components', () => require('./support/register-components'))`.
 */
import type { ReactNode } from 'react'

export { Button, Image, Text, View } from './taro-components'

type PickerProps = {
  range: string[]
  value?: number
  disabled?: boolean
  children?: ReactNode
  onChange?: (event: { detail: { value: number } }) => void
}

export function Picker({ range, value, disabled, children, onChange }: PickerProps) {
  return (
    <div className="picker">
      {children}
      <select
        value={String(value ?? 0)}
        disabled={disabled}
        onChange={(event) => onChange?.({ detail: { value: Number(event.target.value) } })}
      >
        {range.map((label, i) => (
          <option key={label} value={String(i)}>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}

type InputProps = {
  className?: string
  value?: string
  type?: string
  placeholder?: string
  maxlength?: number
  disabled?: boolean
  onInput?: (event: { detail: { value: string } }) => void
  onBlur?: (event: { detail: { value: string } }) => void
  onConfirm?: () => void
}

export function Input({ className, value, type, placeholder, maxlength, disabled, onInput, onBlur, onConfirm }: InputProps) {
  return (
    <input
      className={className}
      value={value}
      data-type={type}
      placeholder={placeholder}
      maxLength={maxlength}
      disabled={disabled}
      onChange={(event) => onInput?.({ detail: { value: event.target.value } })}
      onBlur={(event) => onBlur?.({ detail: { value: event.target.value } })}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onConfirm?.()
      }}
    />
  )
}
