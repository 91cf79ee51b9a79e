import {
  CHECK_IN_OUTCOME_TEXT,
  chinaIsoString,
  decodePassToken,
  passSerialOf,
  type TCheckInOutcome,
  type TCheckInRecord,
  type TCheckInResult,
  type TCheckInScan,
  type TVenueRoster,
} from '@contest/shared'
import { passSignatureHolds } from './passSignature'

/**
 * Checking in without the BFF: the same rules, judged against the session's roster on the phone.
 * The signature is verified with the roster's public key (by the token's key id) for the roster's
 * competition; the pass serial is then looked up in the roster. As online, the pass decides, not
 * the token's copy of its place: a pass listed here was moved into this session and checks in,
 * one not listed is wrong_venue / wrong_session by what its token names, else unknown.
 * Answers have the BFF's shape (`TCheckInResult`), so the screen shows both alike.
 */

/** A check-in this phone made (offline, or online and remembered for when the signal goes). */
export type TLocalCheckIn = { passSerial: number; nonce: string; scannedAt: string; deviceId: string }

type TRosterEntry = TVenueRoster['entries'][number]

type TVerdict =
  | { outcome: 'forged' | 'unknown' }
  | { outcome: 'wrong_venue' | 'wrong_session'; named: string }
  | { outcome: 'revoked' | 'admit'; entry: TRosterEntry }

function verdictFor(roster: TVenueRoster, scan: Pick<TCheckInScan, 'token' | 'passNumber'>): TVerdict {
  let serial: number | null
  let place: { venueCode: string; sessionCode: string } | null = null
  if (scan.token !== undefined) {
    const decoded = decodePassToken(scan.token)
    const key = decoded && roster.keys.find((k) => k.keyId === decoded.fields.keyId)
    if (!decoded || !key || !passSignatureHolds(roster.competition.id, decoded, key.publicKey)) return { outcome: 'forged' }
    serial = decoded.fields.passSerial
    place = decoded.fields
  } else {
    serial = passSerialOf(scan.passNumber ?? '')
  }
  const entry = serial === null ? undefined : roster.entries.find((e) => e.passSerial === serial)
  if (entry) return { outcome: entry.revoked ? 'revoked' : 'admit', entry }
  if (place && place.venueCode !== roster.venue.code) return { outcome: 'wrong_venue', named: place.venueCode }
  if (place && place.sessionCode !== roster.session.code) return { outcome: 'wrong_session', named: place.sessionCode }
  return { outcome: 'unknown' }
}

/** `HH:mm` in China. */
const chinaClock = (at: string) => chinaIsoString(new Date(at)).slice(11, 16)

/** The check-in the pass already holds: one this phone made, else the one the roster was downloaded with. */
function heldCheckIn(entry: TRosterEntry, localCheckIns: readonly TLocalCheckIn[], deviceId: string): TCheckInRecord | null {
  const local = localCheckIns.find((c) => c.passSerial === entry.passSerial)
  if (local) return { scannedAt: local.scannedAt, recordedAt: local.scannedAt, deviceId: local.deviceId, staff: '本机', byYou: true }
  if (!entry.checkedIn) return null
  const here = entry.checkedIn.deviceId === deviceId
  return { scannedAt: entry.checkedIn.scannedAt, recordedAt: entry.checkedIn.scannedAt, deviceId: entry.checkedIn.deviceId, staff: here ? '本机' : '现场工作人员', byYou: here }
}

function messageFor(outcome: TCheckInOutcome, verdict: TVerdict, held: TCheckInRecord | null): string {
  const standard = CHECK_IN_OUTCOME_TEXT[outcome].message
  if (outcome === 'already_checked_in' && held) return `已于 ${chinaClock(held.scannedAt)} 由${held.staff}签到（设备 ${held.deviceId}），请勿重复签到`
  if (verdict.outcome === 'wrong_venue') return `${standard}：准考证的赛场是 ${verdict.named}`
  if (verdict.outcome === 'wrong_session') return `${standard}：准考证的场次是 ${verdict.named}`
  return standard
}

/**
 * The answer to one scan judged on the phone. `checked_in` means this scan now holds the pass's
 * check-in here: the caller records it (`TLocalCheckIn`) and queues the scan for upload.
 */
export function judgeScanOffline(
  roster: TVenueRoster,
  scan: Pick<TCheckInScan, 'nonce' | 'scannedAt' | 'deviceId' | 'token' | 'passNumber'>,
  localCheckIns: readonly TLocalCheckIn[],
): TCheckInResult {
  const verdict = verdictFor(roster, scan)
  const entry = 'entry' in verdict ? verdict.entry : null
  const held = verdict.outcome === 'admit' && entry ? heldCheckIn(entry, localCheckIns, scan.deviceId) : null
  const outcome: TCheckInOutcome = verdict.outcome === 'admit' ? (held ? 'already_checked_in' : 'checked_in') : verdict.outcome
  const checkIn: TCheckInRecord | null =
    outcome === 'checked_in' ? { scannedAt: scan.scannedAt, recordedAt: scan.scannedAt, deviceId: scan.deviceId, staff: '本机', byYou: true } : held
  return {
    nonce: scan.nonce,
    outcome,
    accepted: outcome === 'checked_in',
    message: messageFor(outcome, verdict, held),
    person: entry && {
      passNumber: entry.passNumber,
      name: entry.name,
      trade: entry.trade,
      group: entry.group,
      station: entry.station,
      // As online: the masked ID only to the staff letting the person in.
      nationalIdMasked: checkIn ? entry.nationalIdMasked : null,
    },
    checkIn,
    expected: null,
    conflict: false,
  }
}

/** The pass serial a result names (to remember a check-in made online for later offline scans). */
export function passSerialOfResult(result: TCheckInResult): number | null {
  return result.person ? passSerialOf(result.person.passNumber) : null
}
