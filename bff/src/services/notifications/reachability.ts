import { Types, trusted } from 'mongoose';
import { NEXT_MESSAGE, STATUSES_WITH_NEXT_MESSAGE, type TReachabilityQuery } from '@contest/shared';
import { RegistrationModel, type RegistrationRecord } from '../../models/registration';
import { scopeFilter } from '../auditQueue';
import type { DeskScope } from '../auditScope';
import { unionNamesById, type UnionNames } from '../scopeNames';
import { pushableStages, type PushSettings } from './reach';

/**
 * Reachability for officials: of the registrations in their desk's scope that wait for a message
 * (NEXT_MESSAGE), how many WeChat can be sent it now, and, a page at a time, those it cannot —
 * whom the official should phone.
 */

export const UNREACHABLE_PAGE_SIZE = 20;

export type UnreachableRegistration = Pick<RegistrationRecord, '_id' | 'name' | 'mobileMasked' | 'unionId' | 'status'>;

export interface DeskReachability {
  waiting: number;
  reachable: number;
  unreachable: UnreachableRegistration[];
  nextCursor: string | null;
  unions: UnionNames;
}

/** The template of the next message, by the registration's status. */
const NEXT_TEMPLATE_KEY = {
  $switch: {
    branches: STATUSES_WITH_NEXT_MESSAGE.map((status) => ({ case: { $eq: ['$status', status] }, then: NEXT_MESSAGE[status]?.templateKey })),
    default: null,
  },
};

export async function deskReachability(scope: DeskScope, settings: PushSettings, query: TReachabilityQuery): Promise<DeskReachability> {
  const match = await scopeFilter(scope, undefined);
  match.status = trusted({ $in: STATUSES_WITH_NEXT_MESSAGE });
  const page = { ...match, ...(query.cursor ? { _id: trusted({ $gt: new Types.ObjectId(query.cursor) }) } : {}) };
  const [counts, found] = await Promise.all([
    RegistrationModel.aggregate<{ waiting: number; reachable: number }>([
      { $match: match },
      { $project: { userId: 1, status: 1 } },
      ...pushableStages(settings, NEXT_TEMPLATE_KEY),
      { $group: { _id: null, waiting: { $sum: 1 }, reachable: { $sum: { $cond: ['$pushable', 1, 0] } } } },
    ]).exec(),
    // Oldest first, by keyset on _id, as the queues page.
    RegistrationModel.aggregate<UnreachableRegistration>([
      { $match: page },
      { $sort: { _id: 1 } },
      { $project: { userId: 1, status: 1, name: 1, mobileMasked: 1, unionId: 1 } },
      ...pushableStages(settings, NEXT_TEMPLATE_KEY),
      { $match: { pushable: false } },
      { $limit: UNREACHABLE_PAGE_SIZE + 1 },
    ]).exec(),
  ]);
  const unreachable = found.slice(0, UNREACHABLE_PAGE_SIZE);
  const last = unreachable[unreachable.length - 1];
  return {
    waiting: counts[0]?.waiting ?? 0,
    reachable: counts[0]?.reachable ?? 0,
    unreachable,
    nextCursor: found.length > UNREACHABLE_PAGE_SIZE && last ? last._id.toHexString() : null,
    unions: await unionNamesById(unreachable.map((r) => r.unionId)),
  };
}
