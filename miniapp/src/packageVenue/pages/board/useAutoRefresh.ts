import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { errorMessage } from '../../../api/errors'
import { toFailure, type TPageData } from '../../../loading/usePageData'

export type TAutoRefresh<T> = {
  state: TPageData<T>
  /** A refresh after the first load failed: the last data stays on screen with this message. */
  lastFailure: string | null
  refresh: () => void
}

/**
 * Loads `load` now and every `intervalMs` while the page is shown: the timer stops when the page
 * is hidden (another page over it, the app in the background) or unloaded, and showing it again
 * refreshes at once and starts the timer again. `load` null loads nothing (no session chosen).
 */
export function useAutoRefresh<T>(load: (() => Promise<T>) | null, intervalMs: number, deps: readonly unknown[]): TAutoRefresh<T> {
  const [state, setState] = useState<TPageData<T>>({ kind: 'loading' })
  const [lastFailure, setLastFailure] = useState<string | null>(null)
  const [shown, setShown] = useState(true)
  const mounted = useRef(true)
  const hasData = useRef(false)
  /** Bumped when `load` changes: an answer for the session shown before is dropped. */
  const generation = useRef(0)
  // The caller lists what `load` depends on, as for useCallback.
  const stableLoad = useCallback(() => (load ? load() : Promise.resolve(null)), deps)

  const refresh = useCallback(() => {
    const asked = generation.current
    const current = () => mounted.current && asked === generation.current
    stableLoad().then(
      (data) => {
        if (!current() || data === null) return
        hasData.current = true
        setLastFailure(null)
        setState({ kind: 'ready', data })
      },
      (error: unknown) => {
        if (!current()) return
        // A board that showed once keeps showing through a bad signal; the first load shows the failure.
        if (hasData.current) setLastFailure(errorMessage(error))
        else setState(toFailure(error))
      },
    )
  }, [stableLoad])

  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  useEffect(() => {
    generation.current += 1
    hasData.current = false
    setState({ kind: 'loading' })
  }, [stableLoad])

  const active = shown && load !== null
  useEffect(() => {
    if (!active) return undefined
    refresh()
    const timer = setInterval(refresh, intervalMs)
    return () => clearInterval(timer)
  }, [active, refresh, intervalMs])

  useDidHide(() => setShown(false))
  useDidShow(() => setShown(true))

  return { state, lastFailure, refresh }
}
