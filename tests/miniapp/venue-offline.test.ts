/**
 * @jest-environment node
 *
 * Checking in offline on the phone (packageVenue/checkIn): the token's Ed25519 signature verified
 * with @noble/ed25519 against the roster's key (the shared test vectors), the roster deciding
 * revoked / unknown / wrong session, check-ins made here remembered, and the upload queue letting
 * go only of what the BFF acknowledged.
 */
import { Types } from 'mongoose';
import {
  CHECK_IN_OUTCOME_TEXT,
  decodeBase64Url,
  encodeBase64Url,
  formatPassNumber,
  type TCheckInResult,
  type TCheckInScanInput,
  type TVenueRoster,
} from '@contest/shared';
import { PassSigner } from '@contest/bff/src/passSigning/signer';
import { judgeScanOffline, type TLocalCheckIn } from '../../miniapp/src/packageVenue/checkIn/offlineJudgement';
import { enqueueScan, uploadQueue, type TQueuedScan } from '../../miniapp/src/packageVenue/checkIn/scanQueue';
import vectors from '../fixtures/pass-token-vectors.json';

const COMPETITION = vectors.competitionId;
const signer = new PassSigner(new Map([[vectors.keyId, Buffer.from(vectors.seedBase64, 'base64')]]), vectors.keyId);
const sign = (passSerial: number, place: { venueCode?: string; sessionCode?: string } = {}) =>
  signer.sign(new Types.ObjectId(COMPETITION), { passSerial, passVersion: 1, venueCode: place.venueCode ?? 'main', sessionCode: place.sessionCode ?? 'main-am' });

const vector = vectors.valid[0]!;
const welding = { code: 'welding', name: '焊工' };
const worker = { code: 'worker' as const, name: '职工组' };

function entry(passSerial: number, overrides: Partial<TVenueRoster['entries'][number]> = {}): TVenueRoster['entries'][number] {
  return {
    passSerial,
    passNumber: formatPassNumber(passSerial),
    passVersion: 1,
    name: `选手${passSerial}`,
    nationalIdMasked: `120103********${String(passSerial).slice(-4).padStart(4, '0')}`,
    trade: welding,
    group: worker,
    station: `A-${String(passSerial % 1000).padStart(3, '0')}`,
    revoked: false,
    checkedIn: null,
    ...overrides,
  };
}

/** The morning session of the main venue, as GET /venue/roster answers it, with the vectors' public key. */
function roster(entries: TVenueRoster['entries'], competitionId = COMPETITION): TVenueRoster {
  return {
    format: 1,
    version: 'v-test',
    generatedAt: '2027-09-20T00:30:00.000Z',
    competition: { id: competitionId, name: '2027年天津市职工职业技能大赛' },
    venue: { code: 'main', name: '主赛场', address: '天津市河西区' },
    session: { id: '65f0a1b2c3d4e5f6000000a1', code: 'main-am', name: '上午场', date: '2027-09-20', startTime: '09:00', endTime: '12:00' },
    keys: [{ keyId: vectors.keyId, publicKey: vectors.publicKey }],
    entries,
  };
}

let nonces = 0;
function scan(input: { token: string } | { passNumber: string }, deviceId = 'd-phone1'): TCheckInScanInput {
  nonces += 1;
  return { sessionId: '65f0a1b2c3d4e5f6000000a1', nonce: `nonce-${String(nonces).padStart(4, '0')}`, scannedAt: '2027-09-20T01:10:00.000Z', deviceId, ...input };
}

const listed = roster([entry(vector.fields.passSerial, { name: '张伟', station: 'A-007' }), entry(77, { revoked: true }), entry(78)]);

describe('judging a scan on the phone', () => {
  it('checks in the vectors’ valid token: name, trade, station and the masked ID', () => {
    const result = judgeScanOffline(listed, scan({ token: vector.token }), []);
    expect(result).toMatchObject({
      outcome: 'checked_in',
      accepted: true,
      message: CHECK_IN_OUTCOME_TEXT.checked_in.message,
      person: { passNumber: vector.passNumber, name: '张伟', trade: welding, station: 'A-007', nationalIdMasked: '120103********1234' },
      checkIn: { deviceId: 'd-phone1', byYou: true },
    });
  });

  it('a pass checked in on this phone is already checked in: when, by whom, which device', () => {
    const here: TLocalCheckIn = { passSerial: vector.fields.passSerial, nonce: 'nonce-first', scannedAt: '2027-09-20T01:05:00.000Z', deviceId: 'd-phone1' };
    const result = judgeScanOffline(listed, scan({ token: vector.token }), [here]);
    expect(result).toMatchObject({ outcome: 'already_checked_in', accepted: false, checkIn: { scannedAt: here.scannedAt, deviceId: 'd-phone1', staff: '本机' } });
    expect(result.message).toBe('已于 09:05 由本机签到（设备 d-phone1），请勿重复签到');
  });

  it('a pass the roster says was checked in elsewhere is already checked in, naming that device', () => {
    const before = roster([entry(78, { checkedIn: { scannedAt: '2027-09-20T01:01:00.000Z', deviceId: 'd-gate2' } })]);
    const result = judgeScanOffline(before, scan({ token: sign(78) }), []);
    expect(result).toMatchObject({ outcome: 'already_checked_in', checkIn: { deviceId: 'd-gate2', byYou: false } });
    expect(result.message).toBe('已于 09:01 由现场工作人员签到（设备 d-gate2），请勿重复签到');
  });

  it('refuses a revoked pass, by token and by typed number', () => {
    expect(judgeScanOffline(listed, scan({ token: sign(77) }), []).outcome).toBe('revoked');
    expect(judgeScanOffline(listed, scan({ passNumber: formatPassNumber(77) }), []).outcome).toBe('revoked');
  });

  it('every invalid vector token is forged', () => {
    for (const invalid of vectors.invalid) {
      const result = judgeScanOffline(roster(listed.entries, invalid.competitionId), scan({ token: invalid.token }), []);
      expect({ why: invalid.why, outcome: result.outcome }).toEqual({ why: invalid.why, outcome: 'forged' });
      expect(result.person).toBeNull();
    }
  });

  it('every single bit flipped anywhere in the token makes it forged', () => {
    const bytes = decodeBase64Url(vector.token)!;
    for (let bit = 0; bit < bytes.length * 8; bit += 1) {
      const flipped = Uint8Array.from(bytes);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect({ bit, outcome: judgeScanOffline(listed, scan({ token: encodeBase64Url(flipped) }), []).outcome }).toEqual({ bit, outcome: 'forged' });
    }
  });

  it('a token signed by a key the roster does not list is forged', () => {
    const other = new PassSigner(new Map([[vectors.keyId, Buffer.alloc(32, 9)]]), vectors.keyId);
    const token = other.sign(new Types.ObjectId(COMPETITION), { passSerial: 78, passVersion: 1, venueCode: 'main', sessionCode: 'main-am' });
    expect(judgeScanOffline(listed, scan({ token }), []).outcome).toBe('forged');
  });

  it('a genuine pass of another session or venue is wrong_session / wrong_venue, naming where it belongs', () => {
    const afternoon = judgeScanOffline(listed, scan({ token: sign(501, { sessionCode: 'main-pm' }) }), []);
    expect(afternoon).toMatchObject({ outcome: 'wrong_session', accepted: false, person: null });
    expect(afternoon.message).toContain('main-pm');
    expect(judgeScanOffline(listed, scan({ token: sign(502, { venueCode: 'branch', sessionCode: 'branch-am' }) }), []).outcome).toBe('wrong_venue');
  });

  it('a pass moved into this session since its token was signed checks in (the roster decides)', () => {
    expect(judgeScanOffline(listed, scan({ token: sign(78, { sessionCode: 'main-pm' }) }), []).outcome).toBe('checked_in');
  });

  it('a genuine token of this session, or a typed number, the roster does not list is unknown', () => {
    expect(judgeScanOffline(listed, scan({ token: sign(999) }), []).outcome).toBe('unknown');
    expect(judgeScanOffline(listed, scan({ passNumber: formatPassNumber(999) }), []).outcome).toBe('unknown');
  });
});

describe('the upload queue', () => {
  const queued = (n: number): TQueuedScan => ({ scan: scan({ passNumber: formatPassNumber(n) }), local: 'checked_in' });
  const answer = (item: TQueuedScan, overrides: Partial<TCheckInResult> = {}): TCheckInResult => ({
    nonce: item.scan.nonce,
    outcome: 'checked_in',
    accepted: true,
    message: CHECK_IN_OUTCOME_TEXT.checked_in.message,
    person: null,
    checkIn: null,
    expected: null,
    conflict: false,
    ...overrides,
  });

  it('keeps one entry per nonce', () => {
    const item = queued(1);
    expect(enqueueScan(enqueueScan([], item), item)).toHaveLength(1);
  });

  it('removes only the scans the BFF acknowledged, and says which answers differ from the phone’s', async () => {
    const [a, b, c] = [queued(1), queued(2), queued(3)];
    const saved: TQueuedScan[][] = [];
    const outcome = await uploadQueue(
      [a!, b!, c!],
      async () => [answer(a!), answer(b!, { outcome: 'already_checked_in', accepted: false, conflict: true })],
      (remaining) => saved.push(remaining),
    );
    expect(outcome.remaining.map((q) => q.scan.nonce)).toEqual([c!.scan.nonce]);
    expect(outcome.uploaded).toBe(2);
    expect(outcome.revised.map((r) => r.result.nonce)).toEqual([b!.scan.nonce]);
    expect(outcome.failure).toBeInstanceOf(Error);
    expect(saved.at(-1)).toEqual([c]);
  });

  it('keeps everything when the upload fails (no signal)', async () => {
    const items = [queued(4), queued(5)];
    const failure = new Error('network');
    const outcome = await uploadQueue(items, () => Promise.reject(failure), () => undefined);
    expect(outcome).toMatchObject({ remaining: items, uploaded: 0, failure });
  });

  it('sends at most 500 scans a batch, in scan order', async () => {
    const items = Array.from({ length: 1203 }, (_, i) => queued(1000 + i));
    const batches: string[][] = [];
    const outcome = await uploadQueue(
      items,
      async (scans) => {
        batches.push(scans.map((s) => s.nonce));
        return scans.map((s) => answer(items.find((q) => q.scan.nonce === s.nonce)!));
      },
      () => undefined,
    );
    expect(batches.map((b) => b.length)).toEqual([500, 500, 203]);
    expect(batches.flat()).toEqual(items.map((q) => q.scan.nonce));
    expect(outcome).toMatchObject({ remaining: [], uploaded: 1203, failure: null });
  });
});
