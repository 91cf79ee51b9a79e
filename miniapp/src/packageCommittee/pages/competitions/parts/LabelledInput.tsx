import { Input, View } from '@tarojs/components'
import FieldError from './FieldError'

export type Props = {
  /** Shown above the input; none where the row says what it is (a venue's address, a quota cell). */
  label?: string
  /** Names the input for the styles and tests, beside `committee__input`. */
  className: string
  value: string
  type?: 'number'
  maxLength?: number
  placeholder: string
  /** The problem shown under the input, if any. */
  error?: string
  onInput: (value: string) => void
}

/** A text field of the editor: its label, the input and the problem shown under it. */
export default function LabelledInput({ label, className, value, type, maxLength, placeholder, error, onInput }: Props) {
  return (
    <>
      {label !== undefined && <View className="committee__label">{label}</View>}
      <Input
        className={`committee__input ${className}`}
        type={type}
        value={value}
        maxlength={maxLength}
        placeholder={placeholder}
        onInput={(e) => onInput(e.detail.value)}
      />
      <FieldError message={error} />
    </>
  )
}
