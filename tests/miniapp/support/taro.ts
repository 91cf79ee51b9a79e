/**
 * Stand-in for `@tarojs/taro` in jsdom tests: only what the mini-program's code calls.
 * Use with `jest.mock('@tarojs/taro', () => require('./support/taro'))`, then reach the
 * mocks through `taroMock` (the same module instance jest hands to the code under test).
 * `resetTaroMock()` in a beforeEach gives every test empty storage and fresh mocks.
 */
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
  taroMock.getCurrentPages.mockReturnValue([])
  taroMock.showModal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' })
}

export function useRouter() {
  return { params: routerParams.current, path: '' }
}

/** Pages are never hidden in these tests; the hooks only need to exist. */
export function useDidShow(_callback: () => void): void {}
export function useDidHide(_callback: () => void): void {}

export default taroMock
