import { z } from 'zod';

/**
 * Every error the API can answer, with its HTTP status and the message a person reads.
 * Clients branch on `code`, never on message text.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容有误，请检查后重试' },
  MALFORMED_JSON: { status: 400, message: '请求格式错误' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  NOT_FOUND: { status: 404, message: '找不到请求的内容' },
  COMPETITION_NOT_FOUND: { status: 404, message: '找不到该赛事' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持此请求方式' },
  CONFLICT: { status: 409, message: '数据已被修改，请刷新后重试' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容类型' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器开小差了，请稍后再试' },
  NOT_IMPLEMENTED: { status: 501, message: '不支持此请求方式' },
  NOT_READY: { status: 503, message: '服务暂不可用，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type TErrorCode = keyof typeof ERRORS;

const errorCodes = Object.keys(ERRORS) as [TErrorCode, ...TErrorCode[]];
export const ZErrorCode = z.enum(errorCodes);

/** A problem with one field, shown beside that field in the form. */
export const ZFieldError = z.object({
  path: z.string(),
  message: z.string(),
});
export type TFieldError = z.infer<typeof ZFieldError>;

export const ZErrorEnvelope = z.object({
  ok: z.literal(false),
  code: ZErrorCode,
  message: z.string(),
  requestId: z.string().optional(),
  fields: z.array(ZFieldError).optional(),
});
export type TErrorEnvelope = z.infer<typeof ZErrorEnvelope>;

/** Thrown by BFF services and by the mini-program's API client alike. */
export class AppError extends Error {
  readonly code: TErrorCode;
  readonly status: number;
  readonly fields?: TFieldError[];

  constructor(code: TErrorCode, message?: string, fields?: TFieldError[]) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.fields = fields;
  }
}
