import { Types } from 'mongoose';
import { notificationPage } from '@contest/shared';
import { NotificationModel } from '@contest/bff/src/models/notification';

/**
 * `count` union rejections of the worker queued straight in the store (a registration id each), all
 * due now, as the outbox relay leaves them; answers the registrations' ids.
 */
export async function queueUnionRejections(userId: Types.ObjectId, count: number): Promise<string[]> {
  const now = new Date();
  const registrationIds = Array.from({ length: count }, () => new Types.ObjectId());
  await NotificationModel.insertMany(
    registrationIds.map((registrationId, i) => ({
      eventId: `${registrationId.toHexString()}:1`,
      userId,
      registrationId,
      kind: 'union_rejected',
      templateKey: 'audit_result',
      data: { competition: '2026年天津市职工职业技能大赛', trade: '焊工', person: '王伟', note: `材料不全 ${i}`, at: now.toISOString() },
      page: notificationPage('union_rejected', registrationId.toHexString()),
      at: now,
      leaseUntil: now,
    })),
  );
  return registrationIds.map((id) => id.toHexString());
}
