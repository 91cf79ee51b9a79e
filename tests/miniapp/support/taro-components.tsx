/**
 * Light stand-ins for `@tarojs/components` in jsdom tests: the same props the pages use,
 * rendered as plain DOM elements so @testing-library can find texts, type and click things.
 * Use with `jest.mock('@tarojs/components', () => require('./support/taro-components'))`.
 */
import type { ReactNode } from 'react'

type Props = {
  className?: string
  children?: ReactNode
  onClick?: () => void
}

export function View({ className, children, onClick }: Props) {
  return (
    <div className={className} onClick={onClick}>
      {children}
    </div>
  )
}

export function Text({ className, children, onClick }: Props & { userSelect?: boolean }) {
  return (
    <span className={className} onClick={onClick}>
      {children}
    </span>
  )
}

type ButtonProps = Props & {
  id?: string
  size?: string
  openType?: string
  disabled?: boolean
  loading?: boolean
  onAgreePrivacyAuthorization?: () => void
}

/** `open-type` is kept as a data attribute so tests can see it; agreeing fires after the click, as in WeChat. */
export function Button({ id, className, children, onClick, openType, disabled, onAgreePrivacyAuthorization }: ButtonProps) {
  return (
    <button
      type="button"
      id={id}
      className={className}
      data-open-type={openType}
      disabled={disabled}
      onClick={() => {
        onClick?.()
        if (openType === 'agreePrivacyAuthorization') onAgreePrivacyAuthorization?.()
      }}
    >
      {children}
    </button>
  )
}

type InputProps = {
  className?: string
  value?: string
  placeholder?: string
  maxlength?: number
  onInput?: (event: { detail: { value: string } }) => void
  onConfirm?: () => void
}

export function Input({ className, value, placeholder, maxlength, onInput, onConfirm }: InputProps) {
  return (
    <input
      className={className}
      value={value}
      placeholder={placeholder}
      maxLength={maxlength}
      onChange={(event) => onInput?.({ detail: { value: event.target.value } })}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onConfirm?.()
      }}
    />
  )
}

export function Image({ className, src }: { className?: string; src: string; mode?: string; showMenuByLongpress?: boolean }) {
  return <img className={className} src={src} alt="" />
}
