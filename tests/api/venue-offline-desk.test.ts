/**
 * The scan page's offline desk (miniapp/src/packageVenue/checkIn/scanDesk.ts) against the real BFF:
 * the roster it downloads verifies real passes on the phone, its queue uploads idempotently (an
 * upload whose answer was lost, sent again, records one check-in), a revoked pass is refused
 * offline as online, and two phones scanning one pass offline end in one check-in and one conflict.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { ZCheckInBatchResponse, ZCheckInResponse, ZVenueRosterResponse, type TCommitteePass } from '@contest/shared';
import { CheckInAnswerModel, CheckInConflictModel, CheckInModel } from '@contest/bff/src/models/checkIn';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { ApiClientError } from '../../miniapp/src/api/errors';
import { CheckInDesk, type TCheckInApi } from '../../miniapp/src/packageVenue/checkIn/scanDesk';
import type { TKeyValueStorage } from '../../miniapp/src/packageVenue/checkIn/venueStore';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

const NOW = new Date('2027-09-20T09:30:00+08:00');
let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;
let gateOne: TestPerson;
let gateTwo: TestPerson;
let sessionId = '';

const api = () => request(harness.app.callback());

/** The desk's calls as the mini-program's client makes them, through supertest. */
function bffFor(person: TestPerson): TCheckInApi {
  return {
    checkIn: async (scan) => ZCheckInResponse.parse((await api().post('/api/v1/venue/check-ins').set(person.auth).send(scan).expect(200)).body).data,
    checkInBatch: async (scans) => ZCheckInBatchResponse.parse((await api().post('/api/v1/venue/check-ins/batch').set(person.auth).send({ scans }).expect(200)).body).data.results,
    roster: async (session) => ZVenueRosterResponse.parse((await api().get('/api/v1/venue/roster').query({ session }).set(person.auth).expect(200)).body).data,
  };
}

function phoneStorage(): TKeyValueStorage & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, read: (key) => values.get(key), write: (key, value) => values.set(key, JSON.parse(JSON.stringify(value))) };
}

/** A desk on its own phone, its clock `minutesBefore` NOW. */
function phone(person: TestPerson, minutesBefore: number, bff = bffFor(person)) {
  return new CheckInDesk(phoneStorage(), bff, sessionId, () => new Date(NOW.getTime() - minutesBefore * 60_000));
}

async function placed(): Promise<TCommitteePass> {
  const id = await confirmedRegistration(competitionId, { union: setting.hexi });
  return place(harness, committee, competitionId, id, 'off-am');
}

const serialOf = (pass: TCommitteePass) => Number(pass.passNumber.slice(0, 7));

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
  harness = setting.harness;
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
  sessionId = (await createSession(harness, committee, competitionId, sessionInput({ code: 'off-am', capacity: 20, hosts: [{ tradeCode: 'welding', groupCode: 'worker' }] }))).id;
  gateOne = await signInAs([{ role: 'venue_staff', competitionId, venue: 'main' }]);
  gateTwo = await signInAs([{ role: 'venue_staff', competitionId, venue: 'main' }]);
});
afterAll(() => harness.stop());

it('checks a real pass in offline from the downloaded roster; an upload whose answer was lost, sent again, records one check-in', async () => {
  const pass = await placed();
  const bff = bffFor(gateOne);
  let answerLost = true;
  const desk = phone(gateOne, 5, {
    ...bff,
    // The first upload reaches the BFF, but its answer never comes back.
    checkInBatch: async (scans) => {
      const results = await bff.checkInBatch(scans);
      if (answerLost) {
        answerLost = false;
        throw new ApiClientError('NETWORK_FAILED');
      }
      return results;
    },
  });
  await desk.downloadRoster();

  const { result, answeredBy } = await desk.scan({ token: pass.token }, false);
  expect(answeredBy).toBe('phone');
  expect(result).toMatchObject({ outcome: 'checked_in', person: { passNumber: pass.passNumber, station: pass.station, nationalIdMasked: pass.nationalIdMasked } });
  expect(desk.waiting()).toBe(1);

  const lost = await desk.upload();
  expect(lost).toMatchObject({ uploaded: 0 });
  expect(desk.waiting()).toBe(1);

  const again = await desk.upload();
  expect(again).toMatchObject({ uploaded: 1, failure: null, revised: [] });
  expect(desk.waiting()).toBe(0);
  expect(await CheckInModel.countDocuments({ passSerial: serialOf(pass) })).toBe(1);
  expect(await CheckInAnswerModel.countDocuments({ userId: gateOne.userId, nonce: result.nonce })).toBe(1);
});

it('refuses a revoked pass offline, as the BFF does when the scan is uploaded', async () => {
  const pass = await placed();
  const registration = await RegistrationModel.findOne({ 'pass.number': pass.passNumber }).lean().orFail();
  await api()
    .post(`/api/v1/admin/competitions/${competitionId}/registrations/${registration._id.toHexString()}/disqualify`)
    .set(committee.auth)
    .send({ reason: '冒名顶替', version: registration.version })
    .expect(200);
  const desk = phone(gateOne, 4);
  await desk.downloadRoster();
  const { result } = await desk.scan({ token: pass.token }, false);
  expect(result.outcome).toBe('revoked');
  const uploaded = await desk.upload();
  expect(uploaded).toMatchObject({ uploaded: 1, revised: [] });
  expect(await CheckInModel.countDocuments({ passSerial: serialOf(pass) })).toBe(0);
});

it('two phones checking one pass in offline: one check-in (the earlier scan), one conflict, and the later phone told', async () => {
  const pass = await placed();
  const early = phone(gateTwo, 10);
  const late = phone(gateOne, 3);
  await Promise.all([early.downloadRoster(), late.downloadRoster()]);
  expect((await early.scan({ token: pass.token }, false)).result.outcome).toBe('checked_in');
  expect((await late.scan({ token: pass.token }, false)).result.outcome).toBe('checked_in');

  expect(await late.upload()).toMatchObject({ uploaded: 1, revised: [] });
  const synced = await early.upload();
  // The earlier scan takes the check-in over; the pair is a conflict for the supervisor.
  expect(synced.revised).toEqual([expect.objectContaining({ local: 'checked_in', result: expect.objectContaining({ outcome: 'checked_in', conflict: true }) })]);
  expect(await CheckInModel.countDocuments({ passSerial: serialOf(pass) })).toBe(1);
  expect((await CheckInModel.findOne({ passSerial: serialOf(pass) }).lean().orFail()).scan.deviceId).toBe(early.deviceId);
  expect(await CheckInConflictModel.countDocuments({ sessionId: new Types.ObjectId(sessionId), passSerial: serialOf(pass) })).toBe(1);
});
