import {
  ZCheckInBatchResponse,
  ZCheckInResponse,
  ZVenueRosterResponse,
  type TCheckInResult,
  type TCheckInScanInput,
  type TVenueRoster,
} from '@contest/shared'
import { call } from './client'

/** Venue staff checking contestants in (packageVenue's scan page): scans, queued scans, the offline roster. (Their sessions: venueBoard.ts.) */

/** A scan waits this long for the BFF before the phone answers it from the roster (poor signal at venues). */
const SCAN_TIMEOUT_MS = 5_000

/** One scan or typed pass number; the same nonce always answers the same. */
export function sendCheckIn(scan: TCheckInScanInput): Promise<TCheckInResult> {
  return call({ method: 'POST', path: '/venue/check-ins', body: scan, schema: ZCheckInResponse, timeoutMs: SCAN_TIMEOUT_MS })
}

/** Scans queued offline (up to 500), answered each on its own in the order sent. */
export async function sendCheckInBatch(scans: TCheckInScanInput[]): Promise<TCheckInResult[]> {
  return (await call({ method: 'POST', path: '/venue/check-ins/batch', body: { scans }, schema: ZCheckInBatchResponse })).results
}

/** What the phone keeps to check the session in offline. */
export function downloadVenueRoster(sessionId: string): Promise<TVenueRoster> {
  return call({ path: '/venue/roster', query: { session: sessionId }, schema: ZVenueRosterResponse })
}
