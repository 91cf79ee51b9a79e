import { z } from 'zod';
import { ZGroupCode } from './competition';
import { okEnvelope } from './envelope';
import { MAX_PASS_SERIAL } from './passToken';
import { normalizePassNumber } from './typedInput';
import { ZCodeName, ZGroupRef, ZObjectId, ZSessionHeader, ZVenueRef } from './venueSessions';

/**
 * The admission pass (准考证) of a confirmed and placed registration, and its number: 8 digits, a
 * serial unique within the competition (7 digits) and a Luhn check digit, which catches every
 * single mistyped digit and almost every swap of neighbours when staff type it in. The number
 * stays the same when the pass is re-issued (a move to another session); the version goes up.
 */

/** Luhn's check digit for the digits of `body`. */
export function passNumberCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The pass number of a serial: `0000123` + its check digit. */
export function formatPassNumber(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_PASS_SERIAL) throw new Error('pass serial out of range');
  const body = String(serial).padStart(7, '0');
  return body + passNumberCheckDigit(body);
}

/** The serial a pass number names, or null when it is not 8 digits with the right check digit. */
export function passSerialOf(passNumber: string): number | null {
  const digits = normalizePassNumber(passNumber);
  if (!/^\d{8}$/.test(digits)) return null;
  const body = digits.slice(0, 7);
  const serial = Number(body);
  return serial >= 1 && passNumberCheckDigit(body) === digits[7] ? serial : null;
}

/** A pass number as typed by venue staff (manual entry): full-width digits, spaces and dashes allowed. */
export const ZPassNumber = z
  .string({ error: '请填写准考证号' })
  .overwrite(normalizePassNumber)
  .regex(/^\d{8}$/, '准考证号应为 8 位数字')
  .refine((value) => passSerialOf(value) !== null, '准考证号有误，请核对后重新输入');

/** Where and when: the venue, the session, the station. */
export const ZPassPlace = z.object({
  venue: ZVenueRef,
  session: ZSessionHeader.extend({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }) }),
  station: z.string(),
  /** What to bring and other instructions (the session's). */
  instructions: z.string(),
});
export type TPassPlace = z.infer<typeof ZPassPlace>;

/** A pass revoked (the registration disqualified), with when and why. */
export const ZPassRevocation = z.object({ at: z.iso.datetime({ offset: true }), reason: z.string() });

/** A pass as its owner sees it in 我的报名 (the page draws `token` as the QR code). */
export const ZMyPass = ZPassPlace.extend({
  registrationId: z.string(),
  passNumber: z.string(),
  /** 1 on issue, +1 on every re-issue; the token carries it. */
  version: z.number().int(),
  /** The signed QR payload (shared/src/passToken.ts); holds no personal data. Empty once revoked. */
  token: z.string(),
  issuedAt: z.iso.datetime({ offset: true }),
  revoked: ZPassRevocation.nullable(),
  competition: z.object({ id: z.string(), name: z.string() }),
  name: z.string(),
  nationalIdMasked: z.string(),
  trade: ZCodeName,
  group: ZGroupRef,
});
export type TMyPass = z.infer<typeof ZMyPass>;
export const ZMyPassResponse = okEnvelope(ZMyPass);

/** A pass in the committee's list: what printing (a PDF per union or trade) and the roster sheet need. */
export const ZCommitteePass = ZMyPass.omit({ competition: true }).extend({
  /** The union the worker registered with, and the participating union above it that sent them. */
  union: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  delegation: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
});
export type TCommitteePass = z.infer<typeof ZCommitteePass>;
export const ZCommitteePassResponse = okEnvelope(ZCommitteePass);

/** Filters of the committee's pass list; pages of up to `limit` in pass-number order, `cursor` the last number seen. */
export const ZPassListQuery = z
  .object({
    /** Registrations whose union chain passes through this union (a district and its grassroots unions). */
    unionId: ZObjectId.optional(),
    tradeCode: z.string().min(1).max(32).optional(),
    groupCode: z.enum(ZGroupCode.options).optional(),
    sessionCode: z.string().min(1).max(16).optional(),
    /** 1: revoked passes too. */
    includeRevoked: z.enum(['0', '1']).default('0'),
    cursor: z.string().regex(/^\d{8}$/).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type TPassListQuery = z.infer<typeof ZPassListQuery>;
export const ZPassListPage = z.object({ items: z.array(ZCommitteePass), nextCursor: z.string().nullable() });
export type TPassListPage = z.infer<typeof ZPassListPage>;
export const ZPassListResponse = okEnvelope(ZPassListPage);

/** The committee disqualifies a confirmed registration: its pass is revoked in the same update. */
export const ZDisqualifyInput = z
  .object({
    reason: z.string({ error: '请填写取消资格的原因' }).trim().min(2, '请填写取消资格的原因').max(200, '原因最长 200 个字'),
    version: z.number().int().min(0),
  })
  .strict();
export type TDisqualifyInput = z.infer<typeof ZDisqualifyInput>;
export const ZDisqualifyResult = z.object({
  registrationId: z.string(),
  status: z.string(),
  version: z.number().int(),
  /** The pass number revoked with it, when the registration had a pass. */
  revokedPassNumber: z.string().nullable(),
});
export type TDisqualifyResult = z.infer<typeof ZDisqualifyResult>;
export const ZDisqualifyResponse = okEnvelope(ZDisqualifyResult);

/** What to bring, shown on the pass when its session's `instructions` name nothing. */
export const PASS_WHAT_TO_BRING = [
  '本人有效居民身份证原件（入场时核对）',
  '准考证：手机出示本页二维码，或打印件',
  '请提前 30 分钟到达考点，按工位号就位',
] as const;

/** Filters of the printed passes and the roster sheet: the pass list's, all pages at once. */
export const ZPassExportQuery = ZPassListQuery.omit({ cursor: true, limit: true });
export type TPassExportQuery = z.infer<typeof ZPassExportQuery>;

/** Passes are printed per union or per trade (a session narrows either); revoked passes never are. */
export const ZPassPrintQuery = ZPassExportQuery.omit({ includeRevoked: true }).refine((query) => query.unionId !== undefined || query.tradeCode !== undefined, {
  message: '请选择要打印准考证的工会或工种',
  path: ['unionId'],
});
export type TPassPrintQuery = z.infer<typeof ZPassPrintQuery>;

/** At most this many passes in one PDF (about 2 MB and a few seconds); more are printed per session. */
export const PASS_PRINT_MAX = 2000;

export const PASS_ROSTER_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * The roster sheet's columns. 准考证号, 报名ID, 场次代码 and 考位 are also the placement import's
 * (PLACEMENT_SHEET_COLUMNS): a roster edited in those columns imports back as the new placement.
 */
export const PASS_ROSTER_COLUMNS = ['准考证号', '姓名', '身份证号', '工会', '工种', '组别', '赛场', '场次代码', '场次', '考位', '状态', '报名ID'] as const;

/** The placement import's columns, found by header: a registration by 准考证号 or 报名ID; an empty 考位 takes the lowest free one. */
export const PLACEMENT_SHEET_COLUMNS = { passNumber: '准考证号', registrationId: '报名ID', sessionCode: '场次代码', station: '考位' } as const;
export const PLACEMENT_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const PLACEMENT_IMPORT_MAX_ROWS = 5000;

/** What an import did: first passes issued, passes re-issued by a move, rows already as the sheet says. */
export const ZPlacementImportResult = z.object({ placed: z.number().int(), moved: z.number().int(), unchanged: z.number().int() });
export type TPlacementImportResult = z.infer<typeof ZPlacementImportResult>;
export const ZPlacementImportResponse = okEnvelope(ZPlacementImportResult);
