import { NEXT_MESSAGE, type TReachability } from '@contest/shared';
import type { DeskReachability } from '../services/notifications/reachability';

/** Reachability as the desk shows it: whom to phone, with the phone masked as in the queues. */
export function presentReachability(reach: DeskReachability): TReachability {
  return {
    waiting: reach.waiting,
    reachable: reach.reachable,
    unreachable: reach.unreachable.map((registration) => ({
      registrationId: registration._id.toHexString(),
      name: registration.name,
      mobileMasked: registration.mobileMasked ?? '',
      union: { id: registration.unionId.toHexString(), name: reach.unions.get(registration.unionId.toHexString())?.name ?? '' },
      status: registration.status,
      nextMessage: NEXT_MESSAGE[registration.status]?.label ?? '',
    })),
    nextCursor: reach.nextCursor,
  };
}
