/**
 * Stand-in for `@tarojs/taro` in jsdom tests: only what the mini-program's code calls.
 * Use with `jest.mock('@tarojs/taro', () => require('./support/taro'))`, then reach the
 * mocks through `taroMock` (the same module instance jest hands to the code under test).
 * `resetTaroMock()` in a beforeEach gives every test empty storage and fresh mocks.
 */
import { useEffect, useRef } from 'react'

const routerParams: { current: Record<string, string | undefined> } = { current: {} }
const storage = new Map<string, unknown>()

export const taroMock = {
  request: jest.fn(),
  login: jest.fn(),
  navigateTo: jest.fn((_options: { url: string }) => Promise.resolve({ errMsg: 'navigateTo:ok' })),
  navigateBack: jest.fn(() => Promise.resolve({ errMsg: 'navigateBack:ok' })),
  redirectTo: jest.fn((_options: { url: string }) => Promise.resolve({ errMsg: 'redirectTo:ok' })),
  getCurrentPages: jest.fn((): unknown[] => []),
  showModal: jest.fn((_options: object) => Promise.resolve({ confirm: true, cancel: false, errMsg: 'showModal:ok' })),
  showToast: jest.fn((_options: object) => Promise.resolve({ errMsg: 'showToast:ok' })),
  setClipboardData: jest.fn((_options: { data: string }) => Promise.resolve({ errMsg: 'setClipboardData:ok' })),
  onNeedPrivacyAuthorization: jest.fn(),
  /** WeChat's subscribe dialog; answers nothing for any template unless a test says otherwise. */
  requestSubscribeMessage: jest.fn((_options: { tmplIds: string[] }): Promise<Record<string, unknown>> => Promise.resolve({ errMsg: 'requestSubscribeMessage:ok' })),
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, value)
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key)
  }),
  routerParams,
  storage,
}

export function resetTaroMock(): void {
  storage.clear()
  routerParams.current = {}
  for (const value of Object.values(taroMock)) {
    if (typeof value === 'function' && 'mockClear' in value) (value as jest.Mock).mockClear()
  }
  taroMock.request.mockReset()
  taroMock.login.mockReset()
  taroMock.requestSubscribeMessage.mockReset()
  taroMock.requestSubscribeMessage.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok' })
  taroMock.getCurrentPages.mockReturnValue([])
  taroMock.showModal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' })
}

export function useRouter() {
  return { params: routerParams.current, path: '' }
}

type TPageEvent = 'show' | 'hide' | 'reachBottom'
const pageListeners: Record<TPageEvent, Set<{ current: () => void }>> = { show: new Set(), hide: new Set(), reachBottom: new Set() }

function usePageEvent(event: TPageEvent, callback: () => void): void {
  const latest = useRef(callback)
  latest.current = callback
  useEffect(() => {
    pageListeners[event].add(latest)
    return () => {
      pageListeners[event].delete(latest)
    }
  }, [event])
}

export function useDidShow(callback: () => void): void {
  usePageEvent('show', callback)
}
export function useDidHide(callback: () => void): void {
  usePageEvent('hide', callback)
}
export function useReachBottom(callback: () => void): void {
  usePageEvent('reachBottom', callback)
}

/** Plays the rendered page being covered by another page (`hide`), shown again (`show`), scrolled to its end (`reachBottom`). */
export const pageLifecycle = {
  hide: () => pageListeners.hide.forEach((listener) => listener.current()),
  show: () => pageListeners.show.forEach((listener) => listener.current()),
  reachBottom: () => pageListeners.reachBottom.forEach((listener) => listener.current()),
}

export default taroMock
