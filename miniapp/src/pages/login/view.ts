import { AppError } from '@contest/shared'
import { errorMessage } from '../../api/errors'

/** Test users the WeChat emulator knows by any name; these match the demo's roles. */
export const SUGGESTED_TEST_USERS = ['committee-1', 'official-1', 'venue-1', 'worker-1'] as const

const TEST_USER = /^[A-Za-z0-9_-]{1,32}$/

/** null when the name can be sent; the message to show otherwise. */
export function testUserProblem(user: string): string | null {
  const trimmed = user.trim()
  if (trimmed === '') return '请输入测试用户名'
  if (!TEST_USER.test(trimmed)) return '测试用户名只能包含字母、数字、下划线和短横线'
  return null
}

/** A BFF without DEV_LOGIN_ENABLED has no /dev/login-code: say so instead of 找不到请求的内容. */
export function signInErrorMessage(error: unknown): string {
  if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'METHOD_NOT_ALLOWED')) {
    return '此环境未开启开发登录（BFF 需以 DEV_LOGIN_ENABLED=true 运行）'
  }
  return errorMessage(error)
}
