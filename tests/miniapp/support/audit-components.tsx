/**
 * The stand-ins of ./register-components (Picker as a <select>, Input) plus Textarea, for the
 * audit pages' reason sheet. Use with
 * `jest.mock('@tarojs/components', () => require('./support/audit-components'))`.
 */
export { Button, Image, Input, Picker, Text, View } from './register-components'

type TextareaProps = {
  className?: string
  value?: string
  placeholder?: string
  maxlength?: number
  onInput?: (event: { detail: { value: string } }) => void
}

export function Textarea({ className, value, placeholder, maxlength, onInput }: TextareaProps) {
  return (
    <textarea
      className={className}
      value={value}
      placeholder={placeholder}
      maxLength={maxlength}
      onChange={(event) => onInput?.({ detail: { value: event.target.value } })}
    />
  )
}
