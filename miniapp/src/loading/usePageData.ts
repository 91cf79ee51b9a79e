import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { isSessionLost } from '../api/client'
import { errorMessage } from '../api/errors'

/** What a page that loads data shows. 'signed-out': only the sign-in page can help (H5). */
export type TPageData<T> =
  | { kind: 'loading' }
  | { kind: 'signed-out' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; data: T }

export function toFailure(error: unknown): { kind: 'signed-out' } | { kind: 'error'; message: string } {
  return isSessionLost(error) ? { kind: 'signed-out' } : { kind: 'error', message: errorMessage(error) }
}

export type TPageDataOptions = {
  /**
   * false: load once, not again when the page is shown after being hidden; for data the person
   * edits on the page (a reload would drop their unsaved changes). Default true.
   */
  reloadOnShow?: boolean
}

/**
 * Loads a page's data on mount and again whenever the page is shown after being hidden (back
 * from sign-in, or from accepting an invitation), keeping what it shows while it reloads.
 */
export function usePageData<T>(load: () => Promise<T>, deps: DependencyList, { reloadOnShow = true }: TPageDataOptions = {}) {
  const [state, setState] = useState<TPageData<T>>({ kind: 'loading' })
  const mounted = useRef(true)
  const hidden = useRef(false)
  // The caller lists what `load` depends on, as for useCallback.
  const stableLoad = useCallback(load, deps)

  const reload = useCallback(
    async (options: { quiet?: boolean } = {}) => {
      if (!options.quiet) setState({ kind: 'loading' })
      try {
        const data = await stableLoad()
        if (mounted.current) setState({ kind: 'ready', data })
      } catch (error) {
        if (mounted.current) setState(toFailure(error))
      }
    },
    [stableLoad],
  )

  useEffect(() => {
    mounted.current = true
    void reload()
    return () => {
      mounted.current = false
    }
  }, [reload])

  useDidHide(() => {
    hidden.current = true
  })
  useDidShow(() => {
    if (!hidden.current || !reloadOnShow) return
    hidden.current = false
    void reload({ quiet: true })
  })

  /** Replaces the data after a change the page made itself (no request). */
  const update = useCallback((change: (data: T) => T) => {
    setState((current) => (current.kind === 'ready' ? { kind: 'ready', data: change(current.data) } : current))
  }, [])

  return { state, reload, update }
}
