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
  WECHAT_CODE_INVALID: { status: 401, message: '微信登录已失效，请重新进入小程序' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  PRIVACY_CONSENT_REQUIRED: { status: 403, message: '请先阅读并同意隐私政策' },
  INVITATION_NOT_FOUND: { status: 404, message: '邀请码不存在，请核对后重新输入' },
  INVITATION_USED: { status: 409, message: '该邀请已被使用' },
  INVITATION_EXPIRED: { status: 410, message: '该邀请已过期，请联系邀请人重新发送' },
  INVITATION_REVOKED: { status: 410, message: '该邀请已被撤销' },
  INVITATION_OWN: { status: 403, message: '不能接受自己创建的邀请，请把邀请码交给被邀请人' },
  ROLE_NOT_FOUND: { status: 404, message: '找不到该角色授权' },
  UNION_NOT_FOUND: { status: 404, message: '找不到该工会' },
  UNION_CODE_MISTYPED: { status: 400, message: '工会代码有误，请核对后重新输入' },
  UNION_CODE_TAKEN: { status: 409, message: '该工会代码已被使用' },
  COMPETITION_CHANGE_REFUSED: { status: 409, message: '此修改会影响已有报名，不能保存' },
  UNION_CODE_UNKNOWN: { status: 404, message: '没有找到这个工会代码，请向所在工会确认' },
  UNION_NOT_PARTICIPATING: { status: 409, message: '该工会未参加本赛事，请向所在工会确认报名渠道' },
  REGISTRATION_NOT_OPEN: { status: 409, message: '本赛事尚未开始报名' },
  REGISTRATION_CLOSED: { status: 409, message: '本赛事报名已截止' },
  NOT_ELIGIBLE: { status: 422, message: '不符合本赛事的参赛条件' },
  // Says nothing of where or when: ID numbers are not secret, so the answer must not tell a stranger about the registration.
  ALREADY_REGISTERED: { status: 409, message: '该身份证号已在本赛事报名。如是您本人所报，请在“我的报名”中查看；如不是您本人所报，请联系您的工会核实' },
  REGISTRATION_NOT_FOUND: { status: 404, message: '找不到该报名' },
  ACTION_NOT_ALLOWED: { status: 409, message: '当前状态下不能进行此操作' },
  QUOTA_FULL: { status: 409, message: '该工种组别的名额已满' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: '请求缺少幂等键，请刷新后重试' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: '同一请求编号不能用于不同的提交内容' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器开小差了，请稍后再试' },
  NOT_IMPLEMENTED: { status: 501, message: '不支持此请求方式' },
  WECHAT_UNAVAILABLE: { status: 503, message: '微信服务暂时不可用，请稍后再试' },
  NOT_READY: { status: 503, message: '服务暂不可用，请稍后再试' },
  UNION_IMPORT_INVALID: { status: 400, message: '工会名录有误，未导入任何工会，请按提示修改后重新导入' },
  UNION_NAME_TAKEN: { status: 409, message: '同一上级工会下已有同名工会' },
  ACCOUNT_REGISTRATION_LIMIT: { status: 409, message: '本微信账号在本赛事的有效报名已达上限，请本人使用自己的微信报名' },
  ANNOUNCEMENT_NOT_FOUND: { status: 404, message: '找不到该通知' },
  ANNOUNCEMENT_NO_RECIPIENTS: { status: 409, message: '没有符合条件的报名人，通知未发布' },
  SESSION_NOT_FOUND: { status: 404, message: '找不到该场次' },
  SESSION_CODE_TAKEN: { status: 409, message: '本赛事已有相同代码的场次' },
  SESSION_CHANGE_REFUSED: { status: 409, message: '此修改会影响已发放的准考证，不能保存' },
  SESSION_CAPACITY_SHORT: { status: 409, message: '场次考位不足，未作任何安排' },
  STATION_TAKEN: { status: 409, message: '该考位已安排了其他考生，请换一个考位' },
  PLACEMENT_BUSY: { status: 409, message: '其他组委会成员正在安排考场，请稍后再试' },
  PASS_NOT_FOUND: { status: 404, message: '尚未安排考场，准考证暂未发放' },
  PASS_PRINT_UNAVAILABLE: { status: 503, message: '服务器缺少打印准考证所需的中文字体，暂不能打印，请联系管理员' },
  PLACEMENT_IMPORT_INVALID: { status: 400, message: '考场安排表有误，未作任何安排，请按提示修改后重新导入' },
  // The installed working-day calendar lacks the year: an administrator updates it (README, decisions).
  CALENDAR_NOT_COVERED: { status: 503, message: '工作日历尚未收录该年份的节假日安排，请联系管理员更新' },
  SCORE_IMPORT_INVALID: { status: 400, message: '成绩表有误，未录入任何成绩，请按提示修改后重新导入' },
  SCORE_PASS_NOT_FOUND: { status: 404, message: '找不到该准考证号的考生' },
  SCORE_REFUSED: { status: 409, message: '该考生的成绩不能录入' },
  SCORES_FINAL: { status: 409, message: '成绩已公示结束并确定，不能再修改' },
  RESULTS_NOT_FOUND: { status: 404, message: '成绩尚未公示' },
  RESULTS_ANNOUNCEMENT_REFUSED: { status: 409, message: '现在不能发布成绩公示' },
  OBJECTION_PERIOD_OVER: { status: 409, message: '公示期已结束，不能再提出异议' },
  OBJECTION_NOT_FOUND: { status: 404, message: '没有找到该异议' },
  RESULTS_CLOSE_REFUSED: { status: 409, message: '现在不能结束公示' },
  CERTIFICATE_NOT_FOUND: { status: 404, message: '没有可下载的证书：成绩确定后，获奖者才有证书' },
  CERTIFICATE_PRINT_UNAVAILABLE: { status: 503, message: '服务器缺少打印荣誉证书所需的中文字体，暂不能打印，请联系管理员' },
  EVIDENCE_NOT_FOUND: { status: 404, message: '找不到该证明材料' },
  AUDIT_LEVEL_REFUSED: { status: 403, message: '该报名不在您所在工会的审核层级，不能审核' },
  TEAM_NOT_FOUND: { status: 404, message: '找不到该参赛队' },
  TEAM_SHEET_INVALID: { status: 400, message: '报名表有误，未录入任何人，请按提示修改后重新导入' },
  TEAM_ENTRY_NOT_FOUND: { status: 404, message: '确认链接无效，请向为您报名的工会索取正确的链接' },
  TEAM_ENTRY_EXPIRED: { status: 409, message: '报名截止前未确认，这份代报名已失效' },
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

/** With a 409 on a guarded change: the state the record is in now, so the page can show it. */
export const ZCurrentState = z.object({ status: z.string(), version: z.number().int() });
export type TCurrentState = z.infer<typeof ZCurrentState>;

export const ZErrorEnvelope = z.object({
  ok: z.literal(false),
  code: ZErrorCode,
  message: z.string(),
  requestId: z.string().optional(),
  fields: z.array(ZFieldError).optional(),
  current: ZCurrentState.optional(),
});
export type TErrorEnvelope = z.infer<typeof ZErrorEnvelope>;

/** Thrown by BFF services and by the mini-program's API client alike. */
export class AppError extends Error {
  readonly code: TErrorCode;
  readonly status: number;
  readonly fields?: TFieldError[];
  readonly current?: TCurrentState;

  constructor(code: TErrorCode, message?: string, fields?: TFieldError[], current?: TCurrentState) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.fields = fields;
    this.current = current;
  }
}
