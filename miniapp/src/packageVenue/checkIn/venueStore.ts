import { z } from 'zod'
import { ZCheckInOutcome, ZCheckInScan, ZVenueRoster, ZVenueSessionView, type TVenueRoster, type TVenueSessionView } from '@contest/shared'
import type { TLocalCheckIn } from './offlineJudgement'
import type { TQueuedScan } from './scanQueue'

/**
 * What the scan page keeps on the phone: its device id, each session's roster, the check-ins made
 * here, and the queue of scans waiting to upload. Behind a small key-value interface (Taro storage
 * on the phone, a Map in tests); everything read back is checked, and anything unreadable counts
 * as absent rather than stopping the page.
 */
export interface TKeyValueStorage {
  read(key: string): unknown
  write(key: string, value: unknown): void
}

const KEYS = {
  deviceId: 'venue.deviceId',
  queue: 'venue.queue',
  session: 'venue.session',
  sessions: 'venue.sessions',
  roster: (sessionId: string) => `venue.roster.${sessionId}`,
  checkIns: (sessionId: string) => `venue.checkIns.${sessionId}`,
}

const ZQueue = z.array(z.object({ scan: ZCheckInScan, local: ZCheckInOutcome }))
const ZLocalCheckIns = z.array(z.object({ passSerial: z.number().int(), nonce: z.string(), scannedAt: z.string(), deviceId: z.string() }))

const randomChars = (count: number) =>
  Array.from({ length: count }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 36)]).join('')

/** A new scan's nonce: the time and randomness, unique enough per staff member (the BFF keys nonces per person). */
export function newNonce(now: Date): string {
  return `${now.getTime().toString(36)}${randomChars(12)}`
}

/** This phone's id, made once and kept: the BFF shows it on a check-in (已由…在设备 … 签到). */
export function deviceIdOf(storage: TKeyValueStorage): string {
  const kept = storage.read(KEYS.deviceId)
  if (typeof kept === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(kept)) return kept
  const made = `d-${randomChars(10)}`
  storage.write(KEYS.deviceId, made)
  return made
}

export function chosenSessionOf(storage: TKeyValueStorage): string | null {
  const kept = storage.read(KEYS.session)
  return typeof kept === 'string' && kept !== '' ? kept : null
}

export function chooseSession(storage: TKeyValueStorage, sessionId: string): void {
  storage.write(KEYS.session, sessionId)
}

/** The sessions the staff member works, as last listed online: the page opens without signal too. */
export function sessionsOf(storage: TKeyValueStorage): TVenueSessionView[] {
  const parsed = z.array(ZVenueSessionView).safeParse(storage.read(KEYS.sessions))
  return parsed.success ? parsed.data : []
}

export function saveSessions(storage: TKeyValueStorage, sessions: readonly TVenueSessionView[]): void {
  storage.write(KEYS.sessions, sessions)
}

export function rosterOf(storage: TKeyValueStorage, sessionId: string): TVenueRoster | null {
  const parsed = ZVenueRoster.safeParse(storage.read(KEYS.roster(sessionId)))
  return parsed.success ? parsed.data : null
}

export function saveRoster(storage: TKeyValueStorage, roster: TVenueRoster): void {
  storage.write(KEYS.roster(roster.session.id), roster)
}

export function queueOf(storage: TKeyValueStorage): TQueuedScan[] {
  const parsed = ZQueue.safeParse(storage.read(KEYS.queue))
  return parsed.success ? parsed.data : []
}

export function saveQueue(storage: TKeyValueStorage, queue: readonly TQueuedScan[]): void {
  storage.write(KEYS.queue, queue)
}

export function localCheckInsOf(storage: TKeyValueStorage, sessionId: string): TLocalCheckIn[] {
  const parsed = ZLocalCheckIns.safeParse(storage.read(KEYS.checkIns(sessionId)))
  return parsed.success ? parsed.data : []
}

/** Keeps the first check-in of each pass made on this phone. */
export function rememberCheckIn(storage: TKeyValueStorage, sessionId: string, checkIn: TLocalCheckIn): void {
  const kept = localCheckInsOf(storage, sessionId)
  if (kept.some((c) => c.passSerial === checkIn.passSerial)) return
  storage.write(KEYS.checkIns(sessionId), [...kept, checkIn])
}
