import type { TCheckInOutcome, TCheckInResult, TCheckInScanInput } from '@contest/shared'

/**
 * Scans made offline wait here, in scan order, each with its nonce and what the phone answered.
 * Uploading is idempotent at the BFF (the same nonce answers the same), so a batch sent twice —
 * the answer lost on the way back — records nothing twice; a scan leaves the queue only when the
 * BFF's answer names its nonce.
 */

export type TQueuedScan = { scan: TCheckInScanInput; local: TCheckInOutcome }

/** At most what `POST /venue/check-ins/batch` takes at once. */
export const UPLOAD_BATCH_SIZE = 500

export function enqueueScan(queue: readonly TQueuedScan[], item: TQueuedScan): TQueuedScan[] {
  return queue.some((queued) => queued.scan.nonce === item.scan.nonce) ? [...queue] : [...queue, item]
}

/** The queue less the scans the BFF answered. */
export function withoutAcknowledged(queue: readonly TQueuedScan[], results: readonly TCheckInResult[]): TQueuedScan[] {
  const answered = new Set(results.map((result) => result.nonce))
  return queue.filter((queued) => !answered.has(queued.scan.nonce))
}

/** An uploaded scan whose answer differs from the phone's: someone else was first, or the pass changed since the roster. */
export type TRevisedScan = { local: TCheckInOutcome; result: TCheckInResult }

export type TUploadOutcome = {
  remaining: TQueuedScan[]
  uploaded: number
  revised: TRevisedScan[]
  /** Why uploading stopped early (no signal, the BFF refused); the rest stays queued. */
  failure: unknown
}

/**
 * Uploads the queue batch by batch, saving what is left after each answered batch (a phone put
 * away mid-upload keeps its queue). Stops at the first failure or at a batch nothing of which
 * was acknowledged.
 */
export async function uploadQueue(
  queue: readonly TQueuedScan[],
  upload: (scans: TCheckInScanInput[]) => Promise<TCheckInResult[]>,
  save: (remaining: TQueuedScan[]) => void,
): Promise<TUploadOutcome> {
  let remaining = [...queue]
  let uploaded = 0
  const revised: TRevisedScan[] = []
  while (remaining.length > 0) {
    const batch = remaining.slice(0, UPLOAD_BATCH_SIZE)
    let results: TCheckInResult[]
    try {
      results = await upload(batch.map((queued) => queued.scan))
    } catch (failure) {
      return { remaining, uploaded, revised, failure }
    }
    const next = withoutAcknowledged(remaining, results)
    const acknowledged = remaining.length - next.length
    for (const result of results) {
      const queued = batch.find((q) => q.scan.nonce === result.nonce)
      if (queued && (queued.local !== result.outcome || result.conflict)) revised.push({ local: queued.local, result })
    }
    remaining = next
    uploaded += acknowledged
    save(remaining)
    if (acknowledged === 0) return { remaining, uploaded, revised, failure: new Error('the BFF acknowledged none of the batch') }
  }
  return { remaining, uploaded, revised, failure: null }
}
