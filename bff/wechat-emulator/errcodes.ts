/** The WeChat errcodes the emulator answers, with WeChat's own (English) errmsg texts. */
export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code been used',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
};

/** An error reply as WeChat shapes it (always HTTP 200). */
export interface ErrorReply {
  errcode: number;
  errmsg: string;
}

export function errorReply(errcode: number, detail?: string): ErrorReply {
  const base = ERRMSG[errcode] ?? 'emulated error';
  return { errcode, errmsg: detail ? `${base} ${detail}` : base };
}
