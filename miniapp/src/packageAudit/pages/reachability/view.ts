import { REGISTRATION_STATUS_LABELS, type TUnreachableWorker } from '@contest/shared'

export type TReachRow = { id: string; name: string; phone: string; union: string; waiting: string }

/** One worker to phone: name and masked phone, union, and what they are waiting for. */
export function reachRow(worker: TUnreachableWorker): TReachRow {
  return {
    id: worker.registrationId,
    name: worker.name,
    phone: worker.mobileMasked,
    union: worker.union.name,
    waiting: `${REGISTRATION_STATUS_LABELS[worker.status]} · 待接收：${worker.nextMessage}`,
  }
}
