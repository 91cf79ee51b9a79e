import { z } from 'zod';
import { okEnvelope } from './envelope';
import { ZPassNumber } from './pass';
import { ZCodeName, ZGroupRef, ZObjectId, ZSessionHeader, ZVenueRef } from './venueSessions';

/**
 * Checking contestants in at a venue: what a scan (or a typed pass number) answers, the roster a
 * phone downloads to check in offline, and the board of who has arrived. One check-in per pass;
 * every scan carries a nonce, and the same nonce always answers the same outcome.
 */

export const CHECK_IN_OUTCOMES = [
  'checked_in',
  'already_checked_in',
  'not_confirmed',
  'wrong_venue',
  'wrong_session',
  'revoked',
  'unknown',
  'forged',
] as const;
export const ZCheckInOutcome = z.enum(CHECK_IN_OUTCOMES);
export type TCheckInOutcome = z.infer<typeof ZCheckInOutcome>;

/**
 * What the staff member reads at a glance, per outcome, and how the screen shows it: `ok` (green,
 * let them in), `warn` (look again: already in, or in the wrong place), `stop` (do not let them in).
 * The BFF's message may add specifics (the right venue, when and where the earlier check-in was).
 */
export const CHECK_IN_OUTCOME_TEXT: Record<TCheckInOutcome, { message: string; tone: 'ok' | 'warn' | 'stop' }> = {
  checked_in: { message: '签到成功，请核对身份证', tone: 'ok' },
  already_checked_in: { message: '已签到过，请勿重复签到', tone: 'warn' },
  not_confirmed: { message: '报名未确认，不能签到', tone: 'stop' },
  wrong_venue: { message: '不是本赛场的考生', tone: 'warn' },
  wrong_session: { message: '不是本场次的考生', tone: 'warn' },
  revoked: { message: '准考证已作废，不能签到', tone: 'stop' },
  unknown: { message: '查无此准考证', tone: 'stop' },
  forged: { message: '二维码无效，不是本赛事签发的准考证', tone: 'stop' },
};

/** One scan, as the scanning device records it (also queued offline and uploaded later). */
export const ZCheckInScan = z
  .object({
    /** The session the staff member is checking in for (picked on the scan page). */
    sessionId: ZObjectId,
    /** Made by the device for each scan (e.g. a UUID); the same nonce is the same scan. */
    nonce: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '扫码编号格式不正确'),
    /** When the device scanned, by its clock. */
    scannedAt: z.iso.datetime({ offset: true, error: '扫码时间格式不正确' }),
    deviceId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '设备编号格式不正确'),
    /** The QR code's text, or … */
    token: z.string().min(1).max(512).optional(),
    /** … the pass number typed by hand (H5 without a camera). */
    passNumber: ZPassNumber.optional(),
  })
  .strict()
  .refine((scan) => (scan.token === undefined) !== (scan.passNumber === undefined), { message: '请扫描二维码或填写准考证号（二选一）', path: ['token'] });
export type TCheckInScan = z.infer<typeof ZCheckInScan>;
export type TCheckInScanInput = z.input<typeof ZCheckInScan>;

/** Scans queued offline, uploaded together; each answered on its own, in the order sent. */
export const ZCheckInBatchInput = z.object({ scans: z.array(ZCheckInScan).min(1).max(500) }).strict();
export type TCheckInBatchInput = z.input<typeof ZCheckInBatchInput>;

/** The contestant a scan named, as far as the outcome needs. */
export const ZCheckInPerson = z.object({
  passNumber: z.string(),
  name: z.string(),
  trade: ZCodeName,
  group: ZGroupRef,
  station: z.string(),
  /** Only when checked in (now or before): for comparing with the ID card. */
  nationalIdMasked: z.string().nullable(),
});
export type TCheckInPerson = z.infer<typeof ZCheckInPerson>;

/** The check-in a pass has: the earliest scan by scan time. */
export const ZCheckInRecord = z.object({
  scannedAt: z.iso.datetime({ offset: true }),
  recordedAt: z.iso.datetime({ offset: true }),
  deviceId: z.string(),
  /** Who scanned: the note the committee gave the staff member's invitation (e.g. 1号门 王老师), else 现场工作人员. */
  staff: z.string(),
  /** Scanned by the caller. */
  byYou: z.boolean(),
});
export type TCheckInRecord = z.infer<typeof ZCheckInRecord>;

export const ZCheckInResult = z.object({
  nonce: z.string(),
  outcome: ZCheckInOutcome,
  accepted: z.boolean(),
  message: z.string(),
  person: ZCheckInPerson.nullable(),
  /** checked_in and already_checked_in: the check-in the pass holds. */
  checkIn: ZCheckInRecord.nullable(),
  /** wrong_venue and wrong_session: where the pass belongs. */
  expected: z
    .object({
      venue: ZCodeName,
      session: ZSessionHeader.omit({ id: true }),
    })
    .nullable(),
  /** An offline scan that met another device's check-in of the same pass: recorded as a conflict. */
  conflict: z.boolean(),
});
export type TCheckInResult = z.infer<typeof ZCheckInResult>;
export const ZCheckInResponse = okEnvelope(ZCheckInResult);
export const ZCheckInBatchResponse = okEnvelope(z.object({ results: z.array(ZCheckInResult) }));

/**
 * What a phone keeps to check in one session offline: only what checking in needs. It verifies a
 * token's signature with `keys` (by the token's key id) and `competition.id`, then looks the pass
 * serial up in `entries`: a revoked entry is refused, a token of another venue or session (its
 * fields) is wrong_venue / wrong_session, a serial not listed is unknown here (or moved to another
 * session since its token was signed: the BFF tells, online). Verifying: Ed25519 over
 * `passTokenSigningMessage(competition.id, body)` (shared/src/passToken.ts).
 */
export const ZVenueRoster = z.object({
  format: z.literal(1),
  /** Changes whenever anything listed changes: a phone holding this version is up to date. */
  version: z.string(),
  generatedAt: z.iso.datetime({ offset: true }),
  competition: z.object({ id: z.string(), name: z.string() }),
  venue: ZVenueRef,
  session: ZSessionHeader,
  /** Ed25519 public keys (32 bytes, 64 hex digits) by key id: the active one and those still verifying older passes. */
  keys: z.array(z.object({ keyId: z.string(), publicKey: z.string() })),
  entries: z.array(
    z.object({
      passSerial: z.number().int(),
      passNumber: z.string(),
      passVersion: z.number().int(),
      name: z.string(),
      nationalIdMasked: z.string(),
      trade: ZCodeName,
      group: ZGroupRef,
      station: z.string(),
      revoked: z.boolean(),
      /** Already checked in when the roster was made. */
      checkedIn: z.object({ scannedAt: z.iso.datetime({ offset: true }), deviceId: z.string() }).nullable(),
    }),
  ),
});
export type TVenueRoster = z.infer<typeof ZVenueRoster>;
export const ZVenueRosterResponse = okEnvelope(ZVenueRoster);

/** `?session=<session id>` for the roster, the board and the conflicts. */
export const ZVenueSessionQuery = z.object({ session: ZObjectId }).strict();

const ZCounts = z.object({ expected: z.number().int(), checkedIn: z.number().int(), missing: z.number().int() });

/** Who has arrived for a session: counts, per trade × group, and who is still missing. */
export const ZVenueBoard = ZCounts.extend({
  generatedAt: z.iso.datetime({ offset: true }),
  competition: z.object({ id: z.string(), name: z.string() }),
  venue: ZVenueRef,
  session: ZSessionHeader,
  byTrade: z.array(ZCounts.extend({ trade: ZCodeName, group: ZGroupRef })),
  /** Live passes not yet checked in, by station. */
  missingList: z.array(
    z.object({ passNumber: z.string(), name: z.string(), trade: ZCodeName, group: ZGroupRef, station: z.string(), union: z.string() }),
  ),
  /** Offline double scans recorded for the session (GET /venue/conflicts lists them). */
  conflicts: z.number().int(),
});
export type TVenueBoard = z.infer<typeof ZVenueBoard>;
export const ZVenueBoardResponse = okEnvelope(ZVenueBoard);

/** The same pass checked in on two devices offline: the earlier scan holds the check-in, the other is kept here. */
export const ZCheckInConflict = z.object({
  id: z.string(),
  passNumber: z.string(),
  name: z.string(),
  station: z.string(),
  kept: ZCheckInRecord.omit({ byYou: true }),
  other: ZCheckInRecord.omit({ byYou: true }),
  recordedAt: z.iso.datetime({ offset: true }),
});
export type TCheckInConflict = z.infer<typeof ZCheckInConflict>;
export const ZCheckInConflictListResponse = okEnvelope(z.object({ items: z.array(ZCheckInConflict) }));
