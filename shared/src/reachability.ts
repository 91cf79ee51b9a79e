import { z } from 'zod';
import { okEnvelope } from './envelope';
import type { TNotificationTemplateKey } from './notifications';
import { ZRegistrationStatus, type TRegistrationStatus } from './registration';

/**
 * Reachability: whether a registered worker can still be sent, through WeChat, the next message
 * their registration waits for. One-time grants are spent by each send, so officials see who
 * holds none and phone them instead.
 */

/**
 * The one message a registration waits for next, by its status: the union's decision, then the
 * committee's confirmation (its likely outcome), then the committee's notices. Not every template
 * still ahead (subscribeTemplatesAhead, what the mini-program asks grants for): an official asks
 * whether the next step will reach the worker. A rejected or withdrawn registration waits for none
 * (after a union rejection the next step is the worker's own).
 */
export const NEXT_MESSAGE: Partial<Record<TRegistrationStatus, { templateKey: TNotificationTemplateKey; label: string }>> = {
  submitted: { templateKey: 'audit_result', label: '工会审核结果' },
  union_approved: { templateKey: 'registration_confirmed', label: '组委会确认结果' },
  confirmed: { templateKey: 'competition_notice', label: '大赛通知' },
};
export const STATUSES_WITH_NEXT_MESSAGE = ZRegistrationStatus.options.filter((status) => NEXT_MESSAGE[status] !== undefined);

export const ZReachabilityQuery = z
  .object({
    /** The last id of the previous page of those who cannot be reached. */
    cursor: z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确').optional(),
  })
  .strict();
export type TReachabilityQuery = z.infer<typeof ZReachabilityQuery>;

/** A registered worker WeChat cannot send the next message to: whom to phone. */
export const ZUnreachableWorker = z.object({
  registrationId: z.string(),
  name: z.string(),
  mobileMasked: z.string(),
  union: z.object({ id: z.string(), name: z.string() }),
  status: ZRegistrationStatus,
  /** What they would miss: 工会审核结果, 组委会确认结果, 大赛通知. */
  nextMessage: z.string(),
});
export type TUnreachableWorker = z.infer<typeof ZUnreachableWorker>;

export const ZReachability = z.object({
  /** Registrations in the desk's scope waiting for a message. */
  waiting: z.number().int().nonnegative(),
  /** Of them, those WeChat can send it to now. */
  reachable: z.number().int().nonnegative(),
  /** Those it cannot, oldest registration first, a page at a time. */
  unreachable: z.array(ZUnreachableWorker),
  nextCursor: z.string().nullable(),
});
export type TReachability = z.infer<typeof ZReachability>;
export const ZReachabilityResponse = okEnvelope(ZReachability);
