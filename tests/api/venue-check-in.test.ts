/**
 * Checking in at the venue (services/venue/checkIn.ts, roster.ts): one check-in per pass however
 * many scanners race, the same nonce answering the same, every refusal with its reason code, typed
 * pass numbers, offline uploads with conflicts, the roster a phone keeps and the board.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Types } from 'mongoose';
import {
  ZCheckInBatchResponse,
  ZCheckInConflictListResponse,
  ZCheckInResponse,
  ZErrorEnvelope,
  ZVenueBoardResponse,
  ZVenueRosterResponse,
  ZVenueSessionListResponse,
  formatPassNumber,
  type TCheckInScanInput,
  type TCommitteePass,
} from '@contest/shared';
import { CheckInAnswerModel, CheckInConflictModel, CheckInModel } from '@contest/bff/src/models/checkIn';
import { InvitationModel } from '@contest/bff/src/models/invitation';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { RoleGrantModel } from '@contest/bff/src/models/roleGrant';
import { PassSigner } from '@contest/bff/src/passSigning/signer';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

const NOW = new Date('2027-09-20T09:10:00+08:00');
let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;
/** Two staff members of the main venue (the first invited with a note), one of the branch venue (granted by its name). */
let gateOne: TestPerson;
let gateTwo: TestPerson;
let branchStaff: TestPerson;
const sessions: Record<'am' | 'pm' | 'branch', string> = { am: '', pm: '', branch: '' };
/** The pass the committee revokes (its registration disqualified) in the morning session. */
let revokedPassNumber = '';

const api = () => request(harness.app.callback());

async function placed(session: 'ck-am' | 'ck-pm' | 'ck-branch', overrides: Parameters<typeof confirmedRegistration>[1] = { union: setting.hexi }): Promise<TCommitteePass> {
  const groupCode = session === 'ck-branch' ? 'student' : 'worker';
  const id = await confirmedRegistration(competitionId, { groupCode, ...overrides });
  return place(harness, committee, competitionId, id, session);
}

function scan(person: TestPerson, body: Partial<TCheckInScanInput> & ({ token: string } | { passNumber: string }), session = sessions.am) {
  return api()
    .post('/api/v1/venue/check-ins')
    .set(person.auth)
    .send({ sessionId: session, nonce: randomUUID(), scannedAt: NOW.toISOString(), deviceId: 'gate-1', ...body });
}

async function outcomeOf(person: TestPerson, body: Parameters<typeof scan>[1], session?: string) {
  return ZCheckInResponse.parse((await scan(person, body, session).expect(200)).body).data;
}

const checkInsOf = (pass: TCommitteePass) => CheckInModel.countDocuments({ passSerial: Number(pass.passNumber.slice(0, 7)) }).exec();

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
  harness = setting.harness;
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
  const hosts = [{ tradeCode: 'welding', groupCode: 'worker' as const }];
  sessions.am = (await createSession(harness, committee, competitionId, sessionInput({ code: 'ck-am', capacity: 50, hosts }))).id;
  sessions.pm = (await createSession(harness, committee, competitionId, sessionInput({ code: 'ck-pm', startTime: '14:00', endTime: '17:00', hosts }))).id;
  sessions.branch = (
    await createSession(harness, committee, competitionId, sessionInput({ code: 'ck-branch', venueCode: 'branch', hosts: [{ tradeCode: 'welding', groupCode: 'student' }] }))
  ).id;
  gateOne = await signInAs([{ role: 'venue_staff', competitionId, venue: 'main' }]);
  const invitation = await InvitationModel.create({ codeHash: randomUUID(), role: 'venue_staff', competitionId, venue: 'main', note: '1号门 王老师', expiresAt: NOW });
  await RoleGrantModel.updateOne({ userId: gateOne.userId }, { $set: { invitationId: invitation._id } });
  gateTwo = await signInAs([{ role: 'venue_staff', competitionId, venue: 'main' }]);
  branchStaff = await signInAs([{ role: 'venue_staff', competitionId, venue: '天津市机电工艺技师学院分赛场' }]);
});
afterAll(() => harness.stop());

describe('scanning online', () => {
  it('checks a contestant in: name, trade, station and the masked ID to compare with the card', async () => {
    const pass = await placed('ck-am', { union: setting.hexi, name: '张伟' });
    const result = await outcomeOf(gateTwo, { token: pass.token });
    expect(result).toMatchObject({
      outcome: 'checked_in',
      accepted: true,
      message: '签到成功，请核对身份证',
      person: { passNumber: pass.passNumber, name: '张伟', trade: { name: '焊工' }, group: { name: '职工组' }, station: pass.station, nationalIdMasked: pass.nationalIdMasked },
      checkIn: { deviceId: 'gate-1', byYou: true, staff: '现场工作人员' },
      conflict: false,
    });
    expect(await checkInsOf(pass)).toBe(1);
  });

  it('two scanners racing one pass: one check-in, the other told when, by whom and on which device', async () => {
    const pass = await placed('ck-am');
    const [a, b] = await Promise.all([
      outcomeOf(gateOne, { token: pass.token, deviceId: 'gate-1' }),
      outcomeOf(gateTwo, { token: pass.token, deviceId: 'gate-2' }),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(['already_checked_in', 'checked_in']);
    expect(await checkInsOf(pass)).toBe(1);
    const late = a.outcome === 'already_checked_in' ? a : b;
    const first = a.outcome === 'checked_in' ? a : b;
    expect(late).toMatchObject({ accepted: false, checkIn: { deviceId: first.checkIn!.deviceId, byYou: false }, person: { nationalIdMasked: pass.nationalIdMasked } });
    const who = first === a ? '1号门 王老师' : '现场工作人员';
    expect(late.message).toBe(`已于 09:10 由${who}签到（设备 ${first.checkIn!.deviceId}），请勿重复签到`);
  });

  it('the same nonce uploaded twice (one after the other, or at once) answers the same and records one check-in', async () => {
    const pass = await placed('ck-am');
    const body = { token: pass.token, nonce: randomUUID() };
    const first = await outcomeOf(gateOne, body);
    const again = await outcomeOf(gateOne, body);
    expect(again).toEqual(first);
    expect(first.outcome).toBe('checked_in');

    const other = await placed('ck-am');
    const nonce = randomUUID();
    const both = await Promise.all([outcomeOf(gateTwo, { token: other.token, nonce }), outcomeOf(gateTwo, { token: other.token, nonce })]);
    expect(both.map((r) => r.outcome)).toEqual(['checked_in', 'checked_in']);
    expect(await checkInsOf(pass)).toBe(1);
    expect(await checkInsOf(other)).toBe(1);
    expect(await CheckInAnswerModel.countDocuments({ userId: gateTwo.userId, nonce })).toBe(1);
  });

  it('a nonce sent again with another pass (a device’s bug) gets its first answer and checks nothing in', async () => {
    const refused = await outcomeOf(gateOne, { token: (await placed('ck-pm')).token, nonce: randomUUID() });
    expect(refused.outcome).toBe('wrong_session');
    const admitted = await placed('ck-am');
    expect(await outcomeOf(gateOne, { token: admitted.token, nonce: refused.nonce })).toEqual(refused);
    const first = await placed('ck-am');
    const checkedIn = await outcomeOf(gateOne, { token: first.token });
    const other = await placed('ck-am');
    expect(await outcomeOf(gateOne, { token: other.token, nonce: checkedIn.nonce })).toEqual(checkedIn);
    expect([await checkInsOf(admitted), await checkInsOf(first), await checkInsOf(other)]).toEqual([0, 1, 0]);
  });

  it('an answer kept without its check-in (the upload stopped between the two writes): the nonce sent again records it', async () => {
    const pass = await placed('ck-am');
    const body = { token: pass.token, nonce: randomUUID() };
    const first = await outcomeOf(gateOne, body);
    // The state a crash after writing the answer and before the check-in leaves.
    await CheckInModel.deleteOne({ passSerial: Number(pass.passNumber.slice(0, 7)) }).exec();
    expect(await outcomeOf(gateOne, body)).toEqual(first);
    expect(await checkInsOf(pass)).toBe(1);

    // Meanwhile another gate checked the pass in: the nonce sent again says so, and keeps saying it.
    const taken = await placed('ck-am');
    const lost = { token: taken.token, nonce: randomUUID() };
    await outcomeOf(gateOne, lost);
    await CheckInModel.deleteOne({ passSerial: Number(taken.passNumber.slice(0, 7)) }).exec();
    const other = await outcomeOf(gateTwo, { token: taken.token, deviceId: 'gate-2' });
    expect(other.outcome).toBe('checked_in');
    const resent = await outcomeOf(gateOne, lost);
    expect(resent).toMatchObject({ outcome: 'already_checked_in', accepted: false, checkIn: { deviceId: 'gate-2', byYou: false } });
    expect(await outcomeOf(gateOne, lost)).toEqual(resent);
    expect(await checkInsOf(taken)).toBe(1);
  });

  it('refuses a revoked pass', async () => {
    const pass = await placed('ck-am');
    const registration = await RegistrationModel.findOne({ 'pass.number': pass.passNumber }).lean().orFail();
    await api()
      .post(`/api/v1/admin/competitions/${competitionId}/registrations/${registration._id.toHexString()}/disqualify`)
      .set(committee.auth)
      .send({ reason: '冒名顶替', version: registration.version })
      .expect(200);
    revokedPassNumber = pass.passNumber;
    const result = await outcomeOf(gateOne, { token: pass.token });
    expect(result).toMatchObject({ outcome: 'revoked', accepted: false, message: '准考证已作废（冒名顶替），不能签到', person: { nationalIdMasked: null } });
    expect(await checkInsOf(pass)).toBe(0);
  });

  it('staff of the branch venue scanning a main-venue pass: wrong venue, naming where it belongs', async () => {
    const pass = await placed('ck-am');
    const result = await outcomeOf(branchStaff, { token: pass.token }, sessions.branch);
    expect(result).toMatchObject({
      outcome: 'wrong_venue',
      accepted: false,
      message: `不是本赛场的考生：应到天津市职工宣传教育文化中心，2027-09-20 09:00–12:00 上午场，考位 ${pass.station}`,
      expected: { venue: { code: 'main' }, session: { code: 'ck-am' } },
    });
    expect(await checkInsOf(pass)).toBe(0);
  });

  it('a pass of the afternoon scanned in the morning: wrong session; after a move, the old QR counts for the new session', async () => {
    const pass = await placed('ck-pm');
    expect(await outcomeOf(gateOne, { token: pass.token })).toMatchObject({ outcome: 'wrong_session', expected: { session: { code: 'ck-pm', startTime: '14:00' } } });
    const registration = await RegistrationModel.findOne({ 'pass.number': pass.passNumber }).lean().orFail();
    const moved = await place(harness, committee, competitionId, registration._id.toHexString(), 'ck-am');
    expect(moved.version).toBe(2);
    expect(await outcomeOf(gateOne, { token: pass.token })).toMatchObject({ outcome: 'checked_in', person: { station: moved.station } });
  });

  it('forged and unknown: a flipped bit, another competition’s pass, an unlisted serial', async () => {
    const pass = await placed('ck-am');
    const bytes = Buffer.from(pass.token, 'base64url');
    bytes[5]! ^= 1;
    expect(await outcomeOf(gateOne, { token: bytes.toString('base64url') })).toMatchObject({ outcome: 'forged', message: '二维码无效，不是本赛事签发的准考证', person: null });
    expect(await outcomeOf(gateOne, { token: 'not a pass' })).toMatchObject({ outcome: 'forged' });
    const signer = PassSigner.fromConfig(harness.config);
    const fields = { passSerial: 9_999_998, passVersion: 1, venueCode: 'main', sessionCode: 'ck-am' };
    expect(await outcomeOf(gateOne, { token: signer.sign(new Types.ObjectId(), fields) })).toMatchObject({ outcome: 'forged' });
    expect(await outcomeOf(gateOne, { token: signer.sign(new Types.ObjectId(competitionId), fields) })).toMatchObject({ outcome: 'unknown', message: '查无此准考证' });
    // Refusals are kept by nonce like check-ins, with their reason code.
    expect(await CheckInAnswerModel.countDocuments({ userId: gateOne.userId, outcome: 'forged' })).toBeGreaterThanOrEqual(3);
  });

  it('takes a pass number typed by hand (H5 without a camera), full-width digits and spaces too', async () => {
    const pass = await placed('ck-am');
    const typed = pass.passNumber.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/^(.{4})/, '$1 ');
    expect(await outcomeOf(gateTwo, { passNumber: typed })).toMatchObject({ outcome: 'checked_in', person: { passNumber: pass.passNumber } });
    expect(await outcomeOf(gateTwo, { passNumber: formatPassNumber(9_999_990) })).toMatchObject({ outcome: 'unknown' });
    const wrongDigit = pass.passNumber.slice(0, 7) + String((Number(pass.passNumber[7]) + 1) % 10);
    const refused = await scan(gateTwo, { passNumber: wrongDigit }).expect(400);
    expect(ZErrorEnvelope.parse(refused.body).fields).toContainEqual({ path: 'passNumber', message: '准考证号有误，请核对后重新输入' });
    const both = await scan(gateTwo, { passNumber: pass.passNumber, token: pass.token }).expect(400);
    expect(ZErrorEnvelope.parse(both.body).code).toBe('VALIDATION_FAILED');
  });

  it('is for the staff of the session’s venue only', async () => {
    const pass = await placed('ck-am');
    expect(ZErrorEnvelope.parse((await scan(branchStaff, { token: pass.token }).expect(404)).body).code).toBe('SESSION_NOT_FOUND');
    expect(ZErrorEnvelope.parse((await scan(committee, { token: pass.token }).expect(403)).body).code).toBe('FORBIDDEN');
    const sessionList = ZVenueSessionListResponse.parse((await api().get('/api/v1/venue/sessions').set(branchStaff.auth).expect(200)).body).data.items;
    expect(sessionList.map((s) => s.code)).toEqual(['ck-branch']);
  });
});

describe('offline uploads', () => {
  function batch(person: TestPerson, scans: Array<{ token: string; nonce: string; scannedAt: string; deviceId: string }>) {
    return api()
      .post('/api/v1/venue/check-ins/batch')
      .set(person.auth)
      .send({ scans: scans.map((s) => ({ sessionId: sessions.am, ...s })) })
      .expect(200);
  }
  const results = (res: request.Response) => ZCheckInBatchResponse.parse(res.body).data.results;

  it('the same pass scanned on two phones offline: the earlier scan holds the check-in, one conflict is recorded, re-uploads add nothing', async () => {
    const pass = await placed('ck-am');
    const phoneA = { token: pass.token, nonce: randomUUID(), scannedAt: '2027-09-20T09:05:00+08:00', deviceId: 'phone-a' };
    const phoneB = { token: pass.token, nonce: randomUUID(), scannedAt: '2027-09-20T09:02:00+08:00', deviceId: 'phone-b' };

    const [a] = results(await batch(gateOne, [phoneA]));
    expect(a).toMatchObject({ outcome: 'checked_in', conflict: false });
    // Phone B comes back online later, with the earlier scan: it takes the check-in over.
    const [b] = results(await batch(gateTwo, [phoneB]));
    expect(b).toMatchObject({ outcome: 'checked_in', conflict: true, checkIn: { deviceId: 'phone-b', byYou: true } });

    for (let i = 0; i < 2; i += 1) {
      expect(results(await batch(gateOne, [phoneA]))).toEqual([a]);
      expect(results(await batch(gateTwo, [phoneB]))).toEqual([b]);
    }
    const checkIns = await CheckInModel.find({ passSerial: Number(pass.passNumber.slice(0, 7)) }).lean();
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0]!.scan).toMatchObject({ deviceId: 'phone-b', scannedAt: new Date(phoneB.scannedAt) });
    expect(await CheckInConflictModel.countDocuments({ passSerial: checkIns[0]!.passSerial })).toBe(1);

    const conflicts = ZCheckInConflictListResponse.parse((await api().get('/api/v1/venue/conflicts').query({ session: sessions.am }).set(committee.auth).expect(200)).body).data.items;
    expect(conflicts.find((c) => c.passNumber === pass.passNumber)).toMatchObject({
      kept: { deviceId: 'phone-b', staff: '现场工作人员' },
      other: { deviceId: 'phone-a', staff: '1号门 王老师' },
    });
  });

  it('a later offline scan from another phone loses: already checked in, recorded as a conflict; a batch is taken in scan order', async () => {
    const first = await placed('ck-am');
    const second = await placed('ck-am');
    const at = (minute: number) => `2027-09-20T09:0${minute}:00+08:00`;
    const queued = [
      { token: second.token, nonce: randomUUID(), scannedAt: at(4), deviceId: 'phone-c' },
      { token: second.token, nonce: randomUUID(), scannedAt: at(3), deviceId: 'phone-c' },
      { token: first.token, nonce: randomUUID(), scannedAt: at(1), deviceId: 'phone-c' },
    ];
    const answered = results(await batch(gateOne, queued));
    expect(answered.map((r) => r.outcome)).toEqual(['already_checked_in', 'checked_in', 'checked_in']);
    // The same phone scanning twice is no conflict.
    expect(answered.map((r) => r.conflict)).toEqual([false, false, false]);
    expect(answered[0]!.checkIn?.scannedAt).toBe(new Date(at(3)).toISOString());

    const [late] = results(await batch(gateTwo, [{ token: first.token, nonce: randomUUID(), scannedAt: at(6), deviceId: 'phone-d' }]));
    expect(late).toMatchObject({ outcome: 'already_checked_in', conflict: true, checkIn: { deviceId: 'phone-c' } });
    expect(await CheckInConflictModel.countDocuments({ passSerial: Number(first.passNumber.slice(0, 7)) })).toBe(1);
  });
});

describe('the roster a phone keeps for a session', () => {
  it('lists what checking in needs: passes, names, trades, stations, masked IDs, revocations, check-ins and the keys', async () => {
    const roster = ZVenueRosterResponse.parse((await api().get('/api/v1/venue/roster').query({ session: sessions.am }).set(gateOne.auth).expect(200)).body).data;
    expect(roster).toMatchObject({ format: 1, competition: { id: competitionId }, venue: { code: 'main' }, session: { code: 'ck-am' } });
    expect(roster.keys.map((k) => k.keyId).sort()).toEqual(['test0', 'test1']);
    const signer = PassSigner.fromConfig(harness.config);
    expect(roster.keys).toEqual(signer.publicKeys());
    expect(roster.entries.filter((e) => e.revoked).map((e) => e.passNumber)).toEqual([revokedPassNumber]);
    expect(roster.entries.find((e) => e.name === '张伟')).toMatchObject({ trade: { name: '焊工' }, checkedIn: { deviceId: 'gate-1' }, revoked: false });
    expect(roster.entries.every((e) => /^\d{6}\*{8}\d{3}[\dX]$/.test(e.nationalIdMasked))).toBe(true);
    expect(JSON.stringify(roster)).not.toMatch(/mobile|employer|138\*{4}|天津港/);

    // Anything new (a check-in) changes its version.
    const fresh = await placed('ck-am');
    const before = ZVenueRosterResponse.parse((await api().get('/api/v1/venue/roster').query({ session: sessions.am }).set(gateOne.auth).expect(200)).body).data.version;
    await outcomeOf(gateOne, { token: fresh.token });
    const after = ZVenueRosterResponse.parse((await api().get('/api/v1/venue/roster').query({ session: sessions.am }).set(gateOne.auth).expect(200)).body).data.version;
    expect(after).not.toBe(before);
  });

  it('is the session’s venue staff’s and the committee’s only', async () => {
    const res = await api().get('/api/v1/venue/roster').query({ session: sessions.am }).set(branchStaff.auth).expect(404);
    expect(ZErrorEnvelope.parse(res.body).code).toBe('SESSION_NOT_FOUND');
    await api().get('/api/v1/venue/roster').query({ session: sessions.am }).set(committee.auth).expect(200);
  });
});

describe('the board', () => {
  it('counts expected, checked in and missing per trade, and lists who is missing by station', async () => {
    await placed('ck-branch', { union: setting.heping, name: '孙杰', tradeCode: 'welding' });
    const board = ZVenueBoardResponse.parse((await api().get('/api/v1/venue/board').query({ session: sessions.branch }).set(committee.auth).expect(200)).body).data;
    expect(board).toMatchObject({ expected: 1, checkedIn: 0, missing: 1, conflicts: 0 });
    expect(board.byTrade).toEqual([{ trade: { code: 'welding', name: '焊工' }, group: { code: 'student', name: '学生组' }, expected: 1, checkedIn: 0, missing: 1 }]);
    expect(board.missingList).toEqual([expect.objectContaining({ name: '孙杰', station: 'A-001', union: '和平区总工会' })]);

    const am = ZVenueBoardResponse.parse((await api().get('/api/v1/venue/board').query({ session: sessions.am }).set(gateTwo.auth).expect(200)).body).data;
    const live = await RegistrationModel.countDocuments({ 'pass.sessionCode': 'ck-am', 'pass.revokedAt': null });
    const checkedIn = await CheckInModel.countDocuments({ sessionId: new Types.ObjectId(sessions.am) });
    const conflicts = await CheckInConflictModel.countDocuments({ sessionId: new Types.ObjectId(sessions.am) });
    expect(conflicts).toBe(2);
    expect(am).toMatchObject({ expected: live, checkedIn, missing: live - checkedIn, conflicts });
    expect(am.missingList.map((m) => m.station)).toEqual([...am.missingList.map((m) => m.station)].sort());
    await api().get('/api/v1/venue/board').query({ session: sessions.am }).set(branchStaff.auth).expect(404);
  });
});
