import { AppError } from '@contest/shared'

/**
 * Failures that happen before the BFF could answer with an error envelope.
 * (Errors the BFF reports arrive as the shared `AppError` with the BFF's code.)
 */
export type TClientErrorCode = 'NETWORK_FAILED' | 'SERVER_UNAVAILABLE' | 'INVALID_RESPONSE' | 'WECHAT_LOGIN_FAILED'

export const CLIENT_ERRORS: Record<TClientErrorCode, string> = {
  /** No answer at all: offline, DNS, refused connection, timeout. */
  NETWORK_FAILED: '网络连接失败，请检查网络后重试',
  /** A 5xx without our envelope, e.g. from a gateway in front of the BFF. */
  SERVER_UNAVAILABLE: '服务暂不可用，请稍后重试',
  /** An answer that does not match the shared contract. */
  INVALID_RESPONSE: '服务器返回的数据有误，请稍后重试',
  /** wx.login failed on the phone, before the BFF was asked. */
  WECHAT_LOGIN_FAILED: '微信登录失败，请稍后重试',
}

export class ApiClientError extends Error {
  readonly code: TClientErrorCode

  constructor(code: TClientErrorCode, cause?: unknown) {
    super(CLIENT_ERRORS[code], { cause })
    this.name = 'ApiClientError'
    this.code = code
  }
}

/** The message a person reads for anything the API client throws. */
export function errorMessage(error: unknown): string {
  if (error instanceof AppError || error instanceof ApiClientError) return error.message
  return '出了点问题，请稍后重试'
}
