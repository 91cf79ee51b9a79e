import { NOTIFICATION_EVENTS, formatKeywordTime, type NotificationValues, type TInboxNotification, type TNotificationKind } from '@contest/shared';
import type { NotificationRecord } from '../models/notification';

/** What a message's title says, per kind; registration events name the trade it is about. */
const TITLES: Record<TNotificationKind, (values: NotificationValues) => string> = {
  union_approved: (v) => `${v.trade ?? ''}报名工会审核通过`,
  union_rejected: (v) => `${v.trade ?? ''}报名工会审核未通过`,
  committee_confirmed: (v) => `${v.trade ?? ''}报名成功`,
  committee_rejected: (v) => `${v.trade ?? ''}报名组委会审核未通过`,
  announcement: (v) => v.title ?? '大赛通知',
  pass_issued: (v) => `${v.trade ?? ''}准考证${v.note ? '已更新' : '已发放'}`,
  committee_disqualified: (v) => `${v.trade ?? ''}参赛资格已取消`,
  results_announced: (v) => v.title ?? '成绩公示',
  results_final: (v) => v.title ?? '成绩已确定',
};

/** The line under the title: who decided (the catalogue's note), or the result with the reason (未通过, 取消资格), or the notice's text. */
function summaryOf(kind: TNotificationKind, values: NotificationValues): string {
  if (kind === 'announcement' || kind === 'results_announced' || kind === 'results_final') return values.body ?? '';
  if (kind === 'pass_issued') {
    const when = values.startsAt ? formatKeywordTime(values.startsAt, 'time') : null;
    return [values.note, `准考证号${values.passNumber ?? ''}`, when, values.place].filter(Boolean).join('，');
  }
  const result = NOTIFICATION_EVENTS[kind].result;
  const note = values.note ?? '';
  if (kind === 'union_rejected' || kind === 'committee_rejected' || kind === 'committee_disqualified') return `${result}：${note}`;
  if (kind === 'committee_confirmed') return `${note}已确认${values.person ?? ''}的报名`;
  return note;
}

/** A notification as the worker's inbox shows it: never the openid, the WeChat template, errcodes or leases. */
export function presentInboxNotification(notification: NotificationRecord): TInboxNotification {
  const values = notification.data;
  return {
    id: notification._id.toHexString(),
    kind: notification.kind,
    title: TITLES[notification.kind](values),
    summary: summaryOf(notification.kind, values),
    competition: values.competition,
    page: notification.page,
    createdAt: notification.createdAt.toISOString(),
    read: notification.readAt !== null,
    pushed: notification.state === 'sent',
  };
}
