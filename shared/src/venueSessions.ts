import { z } from 'zod';
import { ZGroupCode } from './competition';
import { okEnvelope } from './envelope';
import { PASS_SESSION_CODE, PASS_VENUE_CODE } from './passToken';

/**
 * Sessions (场次) of a venue: when the competition runs there, how many stations (工位/考位) it has,
 * and which trades × groups it hosts. A resource of its own beside the competition set-up (whose
 * PUT replaces the whole document and would drop sessions an older editor did not know about).
 */

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A MongoDB id in a query or body (sessions, unions). */
export const ZObjectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确');

/** A calendar day `YYYY-MM-DD` that exists. */
const ZCalendarDate = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((date) => {
    const parsed = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
  }, '日期不存在');

export const ZSessionCode = z.string({ error: '请填写场次代码' }).regex(PASS_SESSION_CODE, '场次代码只能包含小写字母、数字和短横线，最长 16 位');

/** A trade × group the session hosts. */
export const ZSessionHost = z.object({
  tradeCode: z.string({ error: '请选择工种' }).min(1, '请选择工种').max(32),
  groupCode: z.enum(ZGroupCode.options, { error: '请选择组别' }),
});
export type TSessionHost = z.infer<typeof ZSessionHost>;

/** Everything of a session but its code (which never changes: passes and stations name it). */
const ZSessionFields = z.object({
  venueCode: z.string({ error: '请选择赛场' }).regex(PASS_VENUE_CODE, '赛场代码不正确'),
  /** e.g. 上午场; optional. */
  name: z.string().trim().max(40, '场次名称最长 40 个字').default(''),
  /** China time. */
  date: ZCalendarDate,
  startTime: z.string({ error: '请填写开始时间' }).regex(CLOCK, '时间格式应为 HH:mm'),
  endTime: z.string({ error: '请填写结束时间' }).regex(CLOCK, '时间格式应为 HH:mm'),
  /** Stations, numbered 1 … capacity. */
  capacity: z.number({ error: '请填写考位数' }).int('考位数应为整数').min(1, '考位数至少为 1').max(10_000, '考位数不能超过 10000'),
  /** Stations are named `<prefix>-<number>`, e.g. A-001. */
  stationPrefix: z.string().regex(/^[A-Z]{1,3}$/, '考位前缀为 1 至 3 个大写字母').default('A'),
  hosts: z.array(ZSessionHost, { error: '请选择承办的工种组别' }).min(1, '请选择至少一个承办的工种组别').max(200),
  /** What to bring and other instructions, printed on the pass (请携带身份证、准考证…). */
  instructions: z.string().trim().max(500, '须知最长 500 个字').default(''),
});

function checkSessionFields(fields: z.output<typeof ZSessionFields>, ctx: z.RefinementCtx, prefix: (string | number)[]): void {
  if (fields.endTime <= fields.startTime) ctx.addIssue({ code: 'custom', path: [...prefix, 'endTime'], message: '结束时间必须晚于开始时间' });
  const seen = new Set<string>();
  fields.hosts.forEach((host, i) => {
    const key = `${host.tradeCode}|${host.groupCode}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [...prefix, 'hosts', i], message: '工种组别重复' });
    seen.add(key);
  });
}

/** A new session (POST). */
export const ZVenueSessionInput = ZSessionFields.extend({ code: ZSessionCode }).superRefine((fields, ctx) => checkSessionFields(fields, ctx, []));
export type TVenueSessionInput = z.input<typeof ZVenueSessionInput>;
export type TVenueSession = z.output<typeof ZVenueSessionInput>;

/** A change to a session (PUT …/sessions/:code), made from the version read. */
export const ZVenueSessionUpdateInput = z
  .object({
    version: z.number({ error: '缺少版本号，请刷新后重试' }).int().min(0),
    session: ZSessionFields,
  })
  .superRefine((input, ctx) => checkSessionFields(input.session, ctx, ['session']));
export type TVenueSessionUpdateInput = z.input<typeof ZVenueSessionUpdateInput>;

/** A trade (or another code with its name) as answers name it. */
export const ZCodeName = z.object({ code: z.string(), name: z.string() });
export const ZGroupRef = z.object({ code: ZGroupCode, name: z.string() });
export const ZVenueRef = z.object({ code: z.string(), name: z.string(), address: z.string() });

/** What names a session in answers: its id, code, name, day and times (China time). */
export const ZSessionHeader = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
});

/** A session as the committee and venue staff see it. */
export const ZVenueSessionView = ZSessionHeader.extend({
  competitionId: z.string(),
  venue: ZVenueRef,
  /** The same moments as instants. */
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  capacity: z.number().int(),
  stationPrefix: z.string(),
  hosts: z.array(ZSessionHost.extend({ tradeName: z.string(), groupName: z.string() })),
  instructions: z.string(),
  /** Live (not revoked) passes placed in it. */
  placed: z.number().int(),
  version: z.number().int(),
});
export type TVenueSessionView = z.infer<typeof ZVenueSessionView>;
export const ZVenueSessionResponse = okEnvelope(ZVenueSessionView);
export const ZVenueSessionListResponse = okEnvelope(z.object({ items: z.array(ZVenueSessionView) }));

/** The instant a session's date and China wall-clock time name. */
export function sessionInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

/** A station's name on the pass: `A-001`. */
export function stationName(prefix: string, stationNumber: number): string {
  return `${prefix}-${String(stationNumber).padStart(3, '0')}`;
}

/** Automatic assignment of one trade × group's confirmed, not yet placed registrations. */
export const ZAssignmentInput = ZSessionHost.strict();
export type TAssignmentInput = z.infer<typeof ZAssignmentInput>;

export const ZAssignmentResult = z.object({
  tradeCode: z.string(),
  groupCode: ZGroupCode,
  /** Placed by this run (each got a pass). */
  assigned: z.number().int(),
  /** Confirmed registrations of the trade × group that already held a place (left where they are). */
  alreadyPlaced: z.number().int(),
  /** The hosting sessions in the order they were filled, with what this run placed and what is left. */
  sessions: z.array(z.object({ code: z.string(), assigned: z.number().int(), free: z.number().int() })),
});
export type TAssignmentResult = z.infer<typeof ZAssignmentResult>;
export const ZAssignmentResponse = okEnvelope(ZAssignmentResult);

/** Placing or moving one registration: to a session, at a station (the lowest free one when left out). */
export const ZPlacementInput = z
  .object({
    sessionCode: ZSessionCode,
    station: z.number().int('考位号应为整数').min(1, '考位号从 1 开始').max(10_000).optional(),
  })
  .strict();
export type TPlacementInput = z.infer<typeof ZPlacementInput>;
