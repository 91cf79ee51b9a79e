/**
 * What a person may grant is bounded by what they hold, an invitation dies with its creator's
 * authority, and a union official's grant for one competition reaches that competition only.
 * (Who may call which route at all is tests/api/permissions.test.ts.)
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { ZCreatedInvitationResponse, type TRole } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { InvitationModel } from '@contest/bff/src/models/invitation';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { RoleGrantModel } from '@contest/bff/src/models/roleGrant';
import { UnionModel } from '@contest/bff/src/models/union';
import { signInAs, type TestGrant, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { createOtherCompetition } from '../support/otherCompetition';

let harness: TestHarness;
const logLines: string[] = [];
const api = () => request(harness.app.callback());

let compA: string;
let compB: string;
let hexi: Types.ObjectId;
let tianjin: Types.ObjectId;

beforeAll(async () => {
  harness = await startHarness({
    seed: true,
    logLines,
    env: { RATE_LIMIT_SIGNIN_PER_MINUTE: '100000', RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_LOOKUPS_PER_MINUTE: '100000' },
  });
  compA = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
  compB = await createOtherCompetition('authority-b');
  hexi = (await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail())._id;
  tianjin = (await UnionModel.findOne({ name: '天津市总工会' }).lean().orFail())._id;
});
afterAll(() => harness.stop());

function invite(by: TestPerson, body: object) {
  return api().post('/api/v1/invitations').set(by.auth).send(body);
}

async function createdCode(by: TestPerson, body: object): Promise<{ id: string; code: string }> {
  const res = await invite(by, body).expect(201);
  const { id, code } = ZCreatedInvitationResponse.parse(res.body).data;
  return { id, code };
}

type Inviter = 'admin' | 'committee (all)' | 'committee (A)' | 'union_official' | 'venue_staff' | 'worker';
type Offer = `${TRole} (${'all' | 'A' | 'B'})`;

const INVITERS: Record<Inviter, () => TestGrant[]> = {
  admin: () => [{ role: 'admin' }],
  'committee (all)': () => [{ role: 'committee', competitionId: null }],
  'committee (A)': () => [{ role: 'committee', competitionId: compA }],
  union_official: () => [{ role: 'union_official', unionId: hexi }],
  venue_staff: () => [{ role: 'venue_staff', competitionId: compA, venue: '主赛场' }],
  worker: () => [],
};

function offerBody(offer: Offer): object {
  const [role, scope] = offer.replace(')', '').split(' (') as [TRole, 'all' | 'A' | 'B'];
  const competitionId = scope === 'all' ? null : scope === 'A' ? compA : compB;
  if (role === 'union_official') return { role, unionId: tianjin.toHexString(), competitionId };
  if (role === 'venue_staff') return { role, competitionId, venue: '主赛场' };
  return { role, competitionId };
}

const OFFERS: Offer[] = [
  'admin (all)',
  'committee (all)',
  'committee (A)',
  'committee (B)',
  'union_official (all)',
  'union_official (A)',
  'union_official (B)',
  'venue_staff (A)',
  'venue_staff (B)',
];

/** inviter's grant × role invited × scope → the status of the create request (201 made, 403 refused, 404 outside the inviter's competitions). */
const MATRIX: Record<Inviter, Partial<Record<Offer, number>> & { otherwise: number }> = {
  admin: { otherwise: 201 },
  'committee (all)': { 'admin (all)': 403, 'committee (all)': 403, otherwise: 201 },
  'committee (A)': {
    'committee (A)': 201,
    'union_official (A)': 201,
    'venue_staff (A)': 201,
    'committee (B)': 404,
    'union_official (B)': 404,
    'venue_staff (B)': 404,
    otherwise: 403,
  },
  union_official: { otherwise: 403 },
  venue_staff: { otherwise: 403 },
  worker: { otherwise: 403 },
};

describe('the permission matrix of invitations', () => {
  const cases = (Object.keys(MATRIX) as Inviter[]).flatMap((inviter) =>
    OFFERS.map((offer) => [inviter, offer, MATRIX[inviter][offer] ?? MATRIX[inviter].otherwise] as const),
  );
  it.each(cases)('%s inviting %s → %i', async (inviter, offer, status) => {
    const person = await signInAs(INVITERS[inviter]());
    const res = await invite(person, offerBody(offer));
    expect(res.status).toBe(status);
    if (status === 404) expect(res.body.code).toBe('COMPETITION_NOT_FOUND');
    if (status === 403) expect(res.body.code).toBe('FORBIDDEN');
  });
});

describe('the escalation a review found', () => {
  it('a committee member of competition A can neither grant a city-wide union desk nor accept their own invitation', async () => {
    const admin = await signInAs([{ role: 'admin' }]);
    const member = await signInAs();
    const { code: memberCode } = await createdCode(admin, { role: 'committee', competitionId: compA });
    await api().post('/api/v1/invitations/accept').set(member.auth).send({ code: memberCode }).expect(200);

    // 天津市总工会 for every competition: more than a member of A holds.
    const cityWide = await invite(member, { role: 'union_official', unionId: tianjin.toHexString() }).expect(403);
    expect(cityWide.body.message).toContain('不能');

    // For competition A they may; but the invitation is for someone else.
    const { code } = await createdCode(member, { role: 'union_official', unionId: tianjin.toHexString(), competitionId: compA });
    const own = await api().post('/api/v1/invitations/accept').set(member.auth).send({ code }).expect(403);
    expect(own.body).toMatchObject({ code: 'INVITATION_OWN', message: '不能接受自己创建的邀请，请把邀请码交给被邀请人' });
    expect(await RoleGrantModel.countDocuments({ userId: member.userId, role: 'union_official' })).toBe(0);
    const invitation = await InvitationModel.findOne({ createdBy: member.userId, role: 'union_official' }).lean().orFail();
    expect(invitation.acceptedAt).toBeNull();
  });
});

describe('an invitation dies with its creator’s authority', () => {
  it('revoking the grant it was issued under revokes it while pending, not the ones already accepted', async () => {
    const admin = await signInAs([{ role: 'admin' }]);
    const member = await signInAs([{ role: 'committee', competitionId: compA }]);
    const pending = await createdCode(member, { role: 'venue_staff', competitionId: compA, venue: '主赛场' });
    const accepted = await createdCode(member, { role: 'venue_staff', competitionId: compA, venue: '主赛场' });
    const staff = await signInAs();
    await api().post('/api/v1/invitations/accept').set(staff.auth).send({ code: accepted.code }).expect(200);

    const grant = await RoleGrantModel.findOne({ userId: member.userId }).lean().orFail();
    await api().post(`/api/v1/roles/${grant._id.toHexString()}/revoke`).set(admin.auth).expect(200);

    const listed = await api().get('/api/v1/invitations').set(admin.auth).expect(200);
    const statusOf = (id: string) => listed.body.data.items.find((i: { id: string }) => i.id === id)?.status;
    expect(statusOf(pending.id)).toBe('revoked');
    expect(statusOf(accepted.id)).toBe('accepted');
    const late = await signInAs();
    const res = await api().post('/api/v1/invitations/accept').set(late.auth).send({ code: pending.code }).expect(410);
    expect(res.body.code).toBe('INVITATION_REVOKED');
    expect(await RoleGrantModel.countDocuments({ userId: late.userId })).toBe(0);
  });

  it('accepting re-checks that the creator still holds a role that may grant it', async () => {
    const member = await signInAs([{ role: 'committee', competitionId: compA }]);
    const { code } = await createdCode(member, { role: 'union_official', unionId: hexi.toHexString(), competitionId: compA });
    // The creator's authority went without passing through the revoke route (e.g. an invitation made before grants were recorded on it).
    await RoleGrantModel.updateMany({ userId: member.userId }, { $set: { revokedAt: new Date() } });
    await InvitationModel.updateOne({ createdBy: member.userId }, { $set: { issuedUnderGrantId: null } });
    const person = await signInAs();
    const res = await api().post('/api/v1/invitations/accept').set(person.auth).send({ code }).expect(410);
    expect(res.body).toMatchObject({ code: 'INVITATION_REVOKED', message: '邀请人已无权授予该角色，邀请已失效' });
    expect(await RoleGrantModel.countDocuments({ userId: person.userId })).toBe(0);
  });
});

describe('invitation codes never reach the logs', () => {
  it('are previewed and accepted through request bodies, and the access log names route patterns', async () => {
    const admin = await signInAs([{ role: 'admin' }]);
    const { id, code } = await createdCode(admin, { role: 'venue_staff', competitionId: compA, venue: '主赛场' });
    const person = await signInAs();
    logLines.length = 0;
    const preview = await api().post('/api/v1/invitations/preview').set(person.auth).send({ code }).expect(200);
    expect(preview.body.data).toMatchObject({ role: 'venue_staff', scope: { venue: '主赛场' } });
    await api().post('/api/v1/invitations/accept').set(person.auth).send({ code }).expect(200);
    await api().post(`/api/v1/invitations/${id}/revoke`).set(admin.auth);
    // The old route that carried the code in its path is gone.
    await api().get(`/api/v1/invitations/by-code/${code}`).set(person.auth).expect(404);

    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(code))).toEqual([]);
    const paths = logLines.map((line) => JSON.parse(line) as { msg: string; path?: string }).filter((l) => l.msg === 'request').map((l) => l.path);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/invitations/preview', '/api/v1/invitations/accept', '/api/v1/invitations/:id/revoke']));
  });
});

describe('a union official’s grant for one competition', () => {
  /** A registration at 河西区 written straight to the database, waiting for the union. */
  async function registrationIn(competitionId: string): Promise<string> {
    const created = await RegistrationModel.create({
      competitionId: new Types.ObjectId(competitionId),
      unionId: hexi,
      unionPath: [tianjin, hexi],
      userId: new Types.ObjectId(),
      nationalIdHash: new Types.ObjectId().toHexString(),
      name: '范围测试',
      age: 30,
      sex: 'male',
      tradeCode: 'welding',
      groupCode: 'worker',
      status: 'submitted',
    });
    return created._id.toHexString();
  }

  it('reaches that competition only: lists, search, summary, export, detail, decision and reveal', async () => {
    const official = await signInAs([{ role: 'union_official', unionId: hexi, competitionId: compA }]);
    const inA = await registrationIn(compA);
    const inB = await registrationIn(compB);
    const desk = '/api/v1/audit/union';

    const competitions = await api().get(`${desk}/competitions`).set(official.auth).expect(200);
    expect(competitions.body.data.items.map((c: { id: string }) => c.id)).toEqual([compA]);

    await api().get(`${desk}/competitions/${compA}/registrations`).set(official.auth).expect(200);
    await api().get(`${desk}/registrations/${inA}`).set(official.auth).expect(200);
    const outside: Array<[string, string, object?]> = [
      ['get', `${desk}/competitions/${compB}/summary`],
      ['get', `${desk}/competitions/${compB}/registrations`],
      ['get', `${desk}/competitions/${compB}/registrations?q=${encodeURIComponent('范围')}`],
      ['get', `${desk}/competitions/${compB}/export`],
      ['get', `${desk}/registrations/${inB}`],
      ['post', `${desk}/registrations/${inB}/reveal`],
      ['post', `${desk}/registrations/${inB}/decision`, { decision: 'approve', version: 0 }],
    ];
    for (const [method, path, body] of outside) {
      const res = method === 'get' ? await api().get(path).set(official.auth) : await api().post(path).set(official.auth).send(body ?? {});
      expect([path, res.status]).toEqual([path, 404]);
    }
    const batch = await api()
      .post(`${desk}/decisions`)
      .set(official.auth)
      .send({ decision: 'approve', items: [{ id: inB, version: 0 }] })
      .expect(200);
    expect(batch.body.data).toMatchObject({ done: 0, results: [{ id: inB, outcome: 'not_found' }] });
    expect((await RegistrationModel.findById(inB).lean().orFail()).status).toBe('submitted');

    // An unscoped grant of the same union reaches both.
    const everywhere = await signInAs([{ role: 'union_official', unionId: hexi }]);
    const all = await api().get(`${desk}/competitions`).set(everywhere.auth).expect(200);
    expect(all.body.data.items.map((c: { id: string }) => c.id).sort()).toEqual([compA, compB].sort());
    await api().get(`${desk}/registrations/${inB}`).set(everywhere.auth).expect(200);
  });
});
