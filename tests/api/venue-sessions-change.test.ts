/**
 * A session changed after its passes were issued (services/venue/sessionNotices.ts): the worker of
 * every live pass told once per change of what the pass says, the pass showing the new time, a
 * revoked pass's worker left alone, notices a crash left due finished by the sweeper, and changes
 * that would strand passes refused.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { ZErrorEnvelope, formatPassNumber, ZInboxPageResponse, ZMyPassResponse, ZVenueSessionResponse, type TVenueSessionView } from '@contest/shared';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { QuotaCounterModel } from '@contest/bff/src/models/quotaCounter';
import { RegistrationModel, type RegistrationRecord } from '@contest/bff/src/models/registration';
import { VenueSessionModel } from '@contest/bff/src/models/venueSession';
import { resumeSessionNotices } from '@contest/bff/src/services/venue/sessionNotices';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

const NOW = new Date('2027-09-01T10:00:00+08:00');
let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;

const api = () => request(harness.app.callback());
const admin = (path: string) => `/api/v1/admin/competitions/${competitionId}${path}`;
const stored = (id: string) => RegistrationModel.findById(id).lean<RegistrationRecord>().orFail().exec();
const passNotices = (id: string) => NotificationModel.find({ registrationId: new Types.ObjectId(id), kind: 'pass_issued' }).sort({ at: 1, eventId: 1 }).lean().exec();

/** The session's fields as the committee last saw them, with `changes`, saved from `version`. */
function change(code: string, version: number, fields: ReturnType<typeof sessionInput>, changes: Partial<ReturnType<typeof sessionInput>> = {}) {
  const { code: _code, ...session } = { ...fields, ...changes };
  return api().put(admin(`/sessions/${code}`)).set(committee.auth).send({ version, session });
}

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
  harness = setting.harness;
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
});
afterAll(() => harness.stop());

describe('changing a session with passes issued', () => {
  it('tells each placed worker once, the pass shows the new time, and a revoked pass’s worker hears nothing', async () => {
    const fields = sessionInput({ code: 'chg', capacity: 5, hosts: [{ tradeCode: 'auto-repair', groupCode: 'student' }] });
    let session: TVenueSessionView = await createSession(harness, committee, competitionId, fields);
    const owner = await signInAs([], { privacyAccepted: true });
    const mine = await confirmedRegistration(competitionId, { union: setting.youyi, tradeCode: 'auto-repair', groupCode: 'student', userId: owner.userId });
    const other = await confirmedRegistration(competitionId, { union: setting.heping, tradeCode: 'auto-repair', groupCode: 'student' });
    const revoked = await confirmedRegistration(competitionId, { union: setting.hexi, tradeCode: 'auto-repair', groupCode: 'student' });
    for (const id of [mine, other, revoked]) await place(harness, committee, competitionId, id, 'chg');
    await QuotaCounterModel.create({
      competitionId: new Types.ObjectId(competitionId),
      unionId: setting.hexi._id,
      tradeCode: 'auto-repair',
      groupCode: 'student',
      holders: [new Types.ObjectId(revoked)],
      used: 1,
      confirmedHolders: [new Types.ObjectId(revoked)],
      confirmed: 1,
    });
    await api()
      .post(admin(`/registrations/${revoked}/disqualify`))
      .set(committee.auth)
      .send({ reason: '资格复核不符', version: (await stored(revoked)).version })
      .expect(200);

    const res = await change('chg', session.version, fields, { startTime: '13:30', endTime: '16:30' }).expect(200);
    session = ZVenueSessionResponse.parse(res.body).data;
    expect(session).toMatchObject({ startTime: '13:30', placed: 2 });

    for (const id of [mine, other]) {
      const notices = await passNotices(id);
      expect(notices).toHaveLength(2);
      expect(notices[1]?.data).toMatchObject({ note: '考场安排已变更，请以最新准考证为准', startsAt: '2027-09-20T05:30:00.000Z' });
    }
    expect(await passNotices(revoked)).toHaveLength(1);
    const inbox = ZInboxPageResponse.parse((await api().get('/api/v1/me/notifications').set(owner.auth).expect(200)).body).data.items;
    expect(inbox[0]).toMatchObject({ kind: 'pass_issued', title: '汽车维修工准考证已更新', summary: expect.stringContaining('2027年9月20日 13:30') });
    const pass = ZMyPassResponse.parse((await api().get(`/api/v1/me/registrations/${mine}/pass`).set(owner.auth).expect(200)).body).data;
    expect(pass.session).toMatchObject({ startTime: '13:30', endTime: '16:30', startsAt: '2027-09-20T05:30:00.000Z' });
    // The token does not carry the time: the pass is not re-issued.
    expect(pass.version).toBe(1);

    // Saving it again unchanged, or changing only what the pass does not say, tells nobody.
    session = ZVenueSessionResponse.parse((await change('chg', session.version, fields, { startTime: '13:30', endTime: '16:30' }).expect(200)).body).data;
    await change('chg', session.version, fields, { startTime: '13:30', endTime: '16:30', capacity: 8 }).expect(200);
    for (const id of [mine, other]) expect(await passNotices(id)).toHaveLength(2);
  });

  it('refuses a capacity below a station in use, and a venue change, with the reason in Chinese', async () => {
    const fields = sessionInput({ code: 'cap', capacity: 6, hosts: [{ tradeCode: 'cnc-turning', groupCode: 'student' }] });
    const session = await createSession(harness, committee, competitionId, fields);
    const id = await confirmedRegistration(competitionId, { union: setting.hexi, tradeCode: 'cnc-turning', groupCode: 'student' });
    await place(harness, committee, competitionId, id, 'cap', 5);

    const refusal = ZErrorEnvelope.parse((await change('cap', session.version, fields, { capacity: 4, venueCode: 'branch' }).expect(409)).body);
    expect(refusal).toMatchObject({ code: 'SESSION_CHANGE_REFUSED' });
    expect(refusal.fields).toEqual([
      { path: 'session.venueCode', message: '已有 1 张准考证，不能更换赛场' },
      { path: 'session.capacity', message: '已安排到第 5 号考位，考位数不能少于 5' },
    ]);
    await change('cap', session.version, fields, { capacity: 5 }).expect(200);
    expect(await passNotices(id)).toHaveLength(1);
  });

  it('finishes notices a crash left due at the next sweep, nobody told twice', async () => {
    const fields = sessionInput({ code: 'crash', capacity: 5, hosts: [{ tradeCode: 'cnc-turning', groupCode: 'worker' }] });
    const session = await createSession(harness, committee, competitionId, fields);
    const ids = [
      await confirmedRegistration(competitionId, { union: setting.hexi, tradeCode: 'cnc-turning' }),
      await confirmedRegistration(competitionId, { union: setting.heping, tradeCode: 'cnc-turning' }),
    ];
    for (const id of ids) await place(harness, committee, competitionId, id, 'crash');
    // The session's update as a BFF that died right after it leaves it: the change stored, nobody told yet.
    await VenueSessionModel.updateOne(
      { _id: new Types.ObjectId(session.id) },
      { $set: { date: '2027-09-21', startsAt: new Date('2027-09-21T01:00:00Z'), passNewsVersion: 1, passNoticesDue: true }, $inc: { version: 1 } },
    );

    expect(await resumeSessionNotices()).toBe(2);
    expect(await resumeSessionNotices()).toBe(0);
    for (const id of ids) {
      const notices = await passNotices(id);
      // Its pass, then the change (the sweeper stamps its own clock, so not sorted by `at`).
      expect(notices.map((n) => n.data.startsAt).sort()).toEqual(['2027-09-20T01:00:00.000Z', '2027-09-21T01:00:00.000Z']);
      expect((await stored(id)).outbox ?? []).toEqual([]);
    }
    expect(await VenueSessionModel.findById(session.id).lean().orFail()).toMatchObject({ passNoticesDue: false });
  });

  it('tells a session of more than one batch (500) every worker, the rest after the answer', async () => {
    const fields = sessionInput({ code: 'big', capacity: 530, hosts: [{ tradeCode: 'welding', groupCode: 'student' }] });
    const session = await createSession(harness, committee, competitionId, fields);
    const sessionId = new Types.ObjectId(session.id);
    const count = 520;
    // Passes written as placing leaves them (placing 520 through the API would only slow the test down).
    const base = await confirmedRegistration(competitionId, { union: setting.hexi, tradeCode: 'welding', groupCode: 'student' });
    const template = await stored(base);
    await RegistrationModel.deleteOne({ _id: template._id });
    await RegistrationModel.insertMany(
      Array.from({ length: count }, (_, i) => ({
        ...template,
        _id: new Types.ObjectId(),
        userId: new Types.ObjectId(),
        nationalIdHash: `big-${i}`,
        stationKey: `big#${i + 1}`,
        pass: {
          serial: 900_000 + i,
          number: formatPassNumber(900_000 + i),
          version: 1,
          keyId: 'k',
          token: 't',
          sessionId,
          venueCode: 'main',
          sessionCode: 'big',
          stationNumber: i + 1,
          station: `A-${String(i + 1).padStart(3, '0')}`,
          issuedAt: NOW,
          toldSessionVersion: 0,
        },
      })),
    );

    await change('big', session.version, fields, { instructions: '请携带身份证、准考证和劳保鞋' }).expect(200);
    const told = () => NotificationModel.countDocuments({ eventId: new RegExp(`^session:${session.id}:1:`) }).exec();
    expect(await told()).toBeGreaterThanOrEqual(500);
    for (let waited = 0; (await told()) < count && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await told()).toBe(count);
    expect(await VenueSessionModel.findById(sessionId).lean().orFail()).toMatchObject({ passNoticesDue: false });
    expect(await RegistrationModel.countDocuments({ 'pass.sessionId': sessionId, 'pass.toldSessionVersion': 1 })).toBe(count);
  }, 60_000);
});
