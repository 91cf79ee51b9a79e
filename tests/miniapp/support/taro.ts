/**
 * Stand-in for `@tarojs/taro` in jsdom tests: only what the mini-program's code calls.
 * Use with `jest.mock('@tarojs/taro', () => require('./support/taro'))`, then reach the
 * mocks through `taroMock` (the same module instance jest hands to the code under test).
 */
const routerParams: { current: Record<string, string | undefined> } = { current: {} }

export const taroMock = {
  request: jest.fn(),
  navigateTo: jest.fn(() => Promise.resolve({ errMsg: 'navigateTo:ok' })),
  routerParams,
}

export function useRouter() {
  return { params: routerParams.current, path: '' }
}

export default taroMock
