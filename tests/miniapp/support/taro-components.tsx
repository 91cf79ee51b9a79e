/**
 * Light stand-ins for `@tarojs/components` in jsdom tests: the same props the pages use,
 * rendered as plain DOM elements so @testing-library can find texts and click things.
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

export function Text({ className, children, onClick }: Props) {
  return (
    <span className={className} onClick={onClick}>
      {children}
    </span>
  )
}

export function Button({ className, children, onClick }: Props & { size?: string }) {
  return (
    <button type="button" className={className} onClick={onClick}>
      {children}
    </button>
  )
}
