import { Schema, Types, model } from 'mongoose';
import { ZNotificationKind, ZNotificationTemplateKey, type NotificationValues, type TNotificationKind, type TNotificationTemplateKey } from '@contest/shared';

/**
 * Where a notification is in its life: `queued` and `retry` wait for a dispatcher; the rest are
 * final. Every notification stays stored (the worker's inbox), whatever WeChat answered.
 * - sent: WeChat accepted it;
 * - no_grant: the worker holds no credit for its template (or none is configured), so it was not sent;
 * - refused: WeChat answered 43101 (no subscription), never retried;
 * - failed: WeChat refused it for good (errcode kept), the retries ran out, or the outcome of a
 *   send is unknown (a timeout: WeChat may have delivered it, and a second send could double it).
 */
export const NOTIFICATION_STATES = ['queued', 'retry', 'sent', 'no_grant', 'refused', 'failed'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];
export const PENDING_NOTIFICATION_STATES: NotificationState[] = ['queued', 'retry'];

/** The delivery fields of a notification not yet tried, due at `at`: for writes that bypass the model's defaults (bulk inserts through the driver). */
export function queuedDeliveryFields(at: Date) {
  return {
    state: 'queued' as NotificationState,
    leaseUntil: at,
    leaseOwner: null,
    attempts: 0,
    creditTaken: false,
    errcode: null,
    failure: null,
    sentAt: null,
    readAt: null,
  };
}

/** One message to one worker: the inbox keeps it; the dispatcher pushes it through WeChat when it may. */
const notificationSchema = new Schema(
  {
    /** The outbox's deterministic id: relaying the same event twice finds this one. */
    eventId: { type: String, required: true },
    userId: { type: Types.ObjectId, default: null },
    registrationId: { type: Types.ObjectId, default: null },
    /** The committee announcement it delivers (kind `announcement`). */
    announcementId: { type: Types.ObjectId, default: undefined },
    kind: { type: String, required: true, enum: ZNotificationKind.options },
    templateKey: { type: String, required: true, enum: ZNotificationTemplateKey.options },
    data: { type: Schema.Types.Mixed, required: true },
    /** The mini-program page it opens, with query. */
    page: { type: String, required: true },
    /** When the event happened. */
    at: { type: Date, required: true },
    state: { type: String, required: true, enum: NOTIFICATION_STATES, default: 'queued' },
    /** Not before this may a dispatcher claim it: the end of a dispatcher's lease, or of a retry's back-off. */
    leaseUntil: { type: Date, required: true },
    leaseOwner: { type: String, default: null },
    /**
     * A dispatcher started sending it to WeChat then and has not recorded the answer yet. One that
     * takes the notification over (its lease ran out: that dispatcher died) cannot know whether
     * WeChat delivered it, so it ends it `failed` rather than send it twice.
     */
    sendingAt: { type: Date, default: null },
    /** Sends tried through WeChat. */
    attempts: { type: Number, required: true, default: 0 },
    /** A grant credit was consumed for it (a retry does not consume another). */
    creditTaken: { type: Boolean, default: false },
    /** WeChat's errcode of the last failed attempt (null for network errors and timeouts). */
    errcode: { type: Number, default: null },
    /** Why it ended as it did, for the people who run the BFF (no personal data). */
    failure: { type: String, default: null },
    sentAt: { type: Date, default: null },
    readAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'notifications' },
);

notificationSchema.index({ eventId: 1 }, { unique: true, name: 'one_notification_per_event' });
// Dispatchers claim the due ones (state queued/retry, leaseUntil passed).
notificationSchema.index({ state: 1, leaseUntil: 1 }, { name: 'due' });
// A dispatcher reads back the notifications its claim took (leaseOwner names one claim).
notificationSchema.index({ leaseOwner: 1 }, { name: 'claims' });
// The inbox, newest first (keyset by _id).
notificationSchema.index({ userId: 1, _id: -1 }, { name: 'inbox' });
// The inbox's unread count, and marking all read.
notificationSchema.index({ userId: 1, readAt: 1 }, { name: 'inbox_unread' });
// An announcement's reach and pushes (sparse: registration events have no announcement).
notificationSchema.index({ announcementId: 1, state: 1 }, { sparse: true, name: 'by_announcement' });

export interface NotificationRecord {
  _id: Types.ObjectId;
  eventId: string;
  userId: Types.ObjectId | null;
  registrationId: Types.ObjectId | null;
  announcementId?: Types.ObjectId;
  kind: TNotificationKind;
  templateKey: TNotificationTemplateKey;
  data: NotificationValues;
  page: string;
  at: Date;
  state: NotificationState;
  leaseUntil: Date;
  leaseOwner: string | null;
  sendingAt: Date | null;
  attempts: number;
  creditTaken: boolean;
  errcode: number | null;
  failure: string | null;
  sentAt: Date | null;
  readAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
export const NotificationModel = model('Notification', notificationSchema);
