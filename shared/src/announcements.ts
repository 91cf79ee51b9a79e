import { z } from 'zod';
import { ZGroupCode } from './competition';
import { okEnvelope } from './envelope';
import { KEYWORD_MAX_LENGTH } from './notifications';
import { REGISTRATION_STATUS_LABELS, ZRegistrationStatus, type TRegistrationStatus } from './registration';

/**
 * The committee's announcements (大赛通知): a notice for a competition's registrants, narrowed
 * optionally by trade, group, status and union, published to every matching person's inbox and
 * pushed through WeChat where a grant allows.
 */

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确');

/** The statuses a notice may address: every registrant except those who withdrew. */
export const ANNOUNCEMENT_STATUSES = ZRegistrationStatus.options.filter((status) => status !== 'withdrawn') as Exclude<TRegistrationStatus, 'withdrawn'>[];
export const ZAnnouncementStatus = z.enum(ANNOUNCEMENT_STATUSES as [Exclude<TRegistrationStatus, 'withdrawn'>, ...Exclude<TRegistrationStatus, 'withdrawn'>[]], {
  error: '报名状态不正确',
});
export type TAnnouncementStatus = z.infer<typeof ZAnnouncementStatus>;
export const ANNOUNCEMENT_STATUS_LABELS: Record<TAnnouncementStatus, string> = {
  submitted: REGISTRATION_STATUS_LABELS.submitted,
  union_approved: REGISTRATION_STATUS_LABELS.union_approved,
  union_rejected: REGISTRATION_STATUS_LABELS.union_rejected,
  confirmed: REGISTRATION_STATUS_LABELS.confirmed,
  committee_rejected: REGISTRATION_STATUS_LABELS.committee_rejected,
};

/**
 * Who a notice reaches. Each list narrows (a registration matches one of its entries); an empty
 * list does not narrow. A union includes every union below it.
 */
export const ZAnnouncementAudience = z
  .object({
    tradeCodes: z.array(z.string().min(1).max(32)).max(50).default([]),
    groupCodes: z.array(z.enum(ZGroupCode.options, { error: '组别不正确' })).max(2).default([]),
    statuses: z.array(ZAnnouncementStatus).max(ANNOUNCEMENT_STATUSES.length).default([]),
    unionIds: z.array(objectId).max(50, '最多选择50个工会').default([]),
  })
  .strict();
export type TAnnouncementAudience = z.infer<typeof ZAnnouncementAudience>;
export type TAnnouncementAudienceInput = z.input<typeof ZAnnouncementAudience>;

/** The title is what the WeChat message's 通知标题 shows: it fits the template's `thing` keyword whole. */
export const ANNOUNCEMENT_TITLE_MAX = KEYWORD_MAX_LENGTH.thing;
export const ANNOUNCEMENT_BODY_MAX = 1000;

/** POST …/announcements/preview: who would be reached. */
export const ZAnnouncementPreviewInput = z.object({ audience: ZAnnouncementAudience.default(ZAnnouncementAudience.parse({})) }).strict();
export type TAnnouncementPreviewInput = z.input<typeof ZAnnouncementPreviewInput>;

/** POST …/announcements (with an Idempotency-Key): the notice and who it is for. */
export const ZAnnouncementInput = z
  .object({
    title: z
      .string({ error: '请填写通知标题' })
      .trim()
      .min(2, '通知标题至少2个字')
      .refine((title) => Array.from(title).length <= ANNOUNCEMENT_TITLE_MAX, `通知标题最多${ANNOUNCEMENT_TITLE_MAX}个字（微信消息只显示这么多）`),
    body: z
      .string({ error: '请填写通知内容' })
      .trim()
      .min(1, '请填写通知内容')
      .refine((body) => Array.from(body).length <= ANNOUNCEMENT_BODY_MAX, `通知内容最多${ANNOUNCEMENT_BODY_MAX}个字`),
    audience: ZAnnouncementAudience.default(ZAnnouncementAudience.parse({})),
  })
  .strict();
export type TAnnouncementInput = z.input<typeof ZAnnouncementInput>;
export type TAnnouncementDraft = z.infer<typeof ZAnnouncementInput>;

/** How many people (not registrations) a notice reaches, and how many of them WeChat may be sent it now. */
export const ZAnnouncementReach = z.object({
  reached: z.number().int().nonnegative(),
  pushable: z.number().int().nonnegative(),
});
export type TAnnouncementReach = z.infer<typeof ZAnnouncementReach>;
export const ZAnnouncementReachResponse = okEnvelope(ZAnnouncementReach);

/** `publishing` while its messages are being written to the inboxes (resumed after a crash), then `published`. */
export const ZAnnouncementState = z.enum(['publishing', 'published']);
export type TAnnouncementState = z.infer<typeof ZAnnouncementState>;

/** A notice as the committee sees it in the list. */
export const ZAnnouncement = z.object({
  id: z.string(),
  competitionId: z.string(),
  title: z.string(),
  body: z.string(),
  audience: ZAnnouncementAudience,
  /** Who it is for, in words: 焊工 · 职工组 · 河西区总工会, or 全部报名人. */
  audienceText: z.string(),
  state: ZAnnouncementState,
  /** People whose inbox holds it (so far, while publishing). */
  reached: z.number().int().nonnegative(),
  /** Of them, those WeChat delivered it to. */
  pushed: z.number().int().nonnegative(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TAnnouncement = z.infer<typeof ZAnnouncement>;
export const ZAnnouncementResponse = okEnvelope(ZAnnouncement);
export const ZAnnouncementListResponse = okEnvelope(z.object({ items: z.array(ZAnnouncement) }));

/** A notice as a person it reached reads it (opened from the inbox or the WeChat message). */
export const ZReceivedAnnouncement = z.object({
  id: z.string(),
  competition: z.object({ id: z.string(), name: z.string() }),
  title: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TReceivedAnnouncement = z.infer<typeof ZReceivedAnnouncement>;
export const ZReceivedAnnouncementResponse = okEnvelope(ZReceivedAnnouncement);
