import { ZCheckInScan, type TCheckInResult, type TCheckInScanInput, type TVenueRoster } from '@contest/shared'
import { ApiClientError } from '../../api/errors'
import { judgeScanOffline, passSerialOfResult } from './offlineJudgement'
import { enqueueScan, uploadQueue, type TUploadOutcome } from './scanQueue'
import {
  deviceIdOf,
  localCheckInsOf,
  newNonce,
  queueOf,
  rememberCheckIn,
  rosterOf,
  saveQueue,
  saveRoster,
  type TKeyValueStorage,
} from './venueStore'

/**
 * One staff member's check-in desk for a session, online or not: each scan goes to the BFF while
 * there is signal; without it (or when the request fails for want of it) the phone answers from
 * the session's roster and queues the scan; `upload` sends the queue when the signal is back.
 * No Taro here: the page hands in storage and the BFF's calls.
 */

export interface TCheckInApi {
  checkIn(scan: TCheckInScanInput): Promise<TCheckInResult>
  checkInBatch(scans: TCheckInScanInput[]): Promise<TCheckInResult[]>
  roster(sessionId: string): Promise<TVenueRoster>
}

export type TScanInput = { token: string } | { passNumber: string }

/** Who answered: the BFF, or the phone from its roster (queued until uploaded). */
export type TScanAnswer = { result: TCheckInResult; answeredBy: 'bff' | 'phone' }

/** Offline with no roster of the session on the phone: nothing to judge a scan by. */
export class NoRosterError extends Error {
  constructor() {
    super('当前无网络，且未下载本场次名单，无法离线核验。请联网后下载名单。')
    this.name = 'NoRosterError'
  }
}

/** No answer at all from the BFF: the network, not the BFF, failed. */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof ApiClientError && error.code === 'NETWORK_FAILED'
}

export class CheckInDesk {
  private cachedRoster: TVenueRoster | null = null

  constructor(
    private readonly storage: TKeyValueStorage,
    private readonly api: TCheckInApi,
    readonly sessionId: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get deviceId(): string {
    return deviceIdOf(this.storage)
  }

  /** The roster kept on the phone for this session (read from storage once). */
  roster(): TVenueRoster | null {
    if (this.cachedRoster?.session.id !== this.sessionId) this.cachedRoster = rosterOf(this.storage, this.sessionId)
    return this.cachedRoster
  }

  /** Scans of every session waiting to upload. */
  waiting(): number {
    return queueOf(this.storage).length
  }

  async downloadRoster(): Promise<TVenueRoster> {
    const roster = await this.api.roster(this.sessionId)
    saveRoster(this.storage, roster)
    this.cachedRoster = roster
    return roster
  }

  /** One scan or typed pass number: to the BFF when `online`, else (or when the request finds no network) judged here. */
  async scan(input: TScanInput, online: boolean): Promise<TScanAnswer> {
    const now = this.clock()
    const scan: TCheckInScanInput = { sessionId: this.sessionId, nonce: newNonce(now), scannedAt: now.toISOString(), deviceId: this.deviceId, ...input }
    if (online) {
      try {
        const result = await this.api.checkIn(scan)
        this.remember(result, scan)
        return { result, answeredBy: 'bff' }
      } catch (error) {
        if (!isNetworkFailure(error)) throw error
      }
    }
    return { result: this.judgeHere(scan), answeredBy: 'phone' }
  }

  private judgeHere(scan: TCheckInScanInput): TCheckInResult {
    const roster = this.roster()
    if (!roster) throw new NoRosterError()
    const result = judgeScanOffline(roster, scan, localCheckInsOf(this.storage, this.sessionId))
    // Only what the BFF would take is queued: a QR code that is not a pass at all is answered, not uploaded.
    if (ZCheckInScan.safeParse(scan).success) saveQueue(this.storage, enqueueScan(queueOf(this.storage), { scan, local: result.outcome }))
    this.remember(result, scan)
    return result
  }

  /** A check-in this scan made, kept for offline scans later in the session. */
  private remember(result: TCheckInResult, scan: TCheckInScanInput): void {
    const passSerial = passSerialOfResult(result)
    if (result.outcome !== 'checked_in' || passSerial === null) return
    rememberCheckIn(this.storage, this.sessionId, { passSerial, nonce: scan.nonce, scannedAt: scan.scannedAt, deviceId: scan.deviceId })
  }

  /** Uploads every queued scan (all sessions: each names its own). */
  upload(): Promise<TUploadOutcome> {
    return uploadQueue(queueOf(this.storage), (scans) => this.api.checkInBatch(scans), (remaining) => saveQueue(this.storage, remaining))
  }
}
