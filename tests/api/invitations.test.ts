import request from 'supertest';
import { MINIAPP_PAGES, invitationCodeFromScene, ZCreatedInvitationResponse, ZInvitationListResponse, ZMeResponse, ZRoleGrantResponse } from '@contest/shared';
import { hashSecret } from '@contest/bff/src/auth/tokens';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { InvitationModel } from '@contest/bff/src/models/invitation';
import { RoleGrantModel } from '@contest/bff/src/models/roleGrant';
import { UnionModel } from '@contest/bff/src/models/union';
import { DEMO_UNIONS, demoUnionCode } from '@contest/bff/src/seed/demoData';
import { createBootstrapAdminInvitation } from '@contest/bff/src/services/invitations';
import { signInAs, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { decodeQrPng, EmulatorControl } from '../support/wechatEmulator';
import { createOtherCompetition } from '../support/otherCompetition';

let harness: TestHarness;
let now = new Date('2026-11-24T09:00:00+08:00');
const api = () => request(harness.app.callback());

const hexiCode = demoUnionCode(DEMO_UNIONS.children!.find((u) => u.name === '河西区总工会')!);
let hexiId: string;
let competitionId: string;
let committee: TestPerson;

beforeAll(async () => {
  harness = await startHarness({ seed: true, wechatEmulator: true, clock: () => now, env: { RATE_LIMIT_SIGNIN_PER_MINUTE: '1000' } });
  hexiId = (await UnionModel.findOne({ code: hexiCode }).lean())!._id.toHexString();
  competitionId = (await CompetitionModel.findOne({}).lean())!._id.toHexString();
  committee = await signInAs([{ role: 'committee', competitionId: null }]);
});
afterAll(() => harness.stop());

function invite(by: TestPerson, body: object) {
  return api().post('/api/v1/invitations').set(by.auth).send(body);
}

describe('the first admin', () => {
  it('comes from a one-time invitation made on the command line', async () => {
    const { code } = await createBootstrapAdminInvitation(now);
    const person = await signInAs();
    const accepted = await api().post('/api/v1/invitations/accept').set(person.auth).send({ code }).expect(200);
    expect(ZRoleGrantResponse.parse(accepted.body).data.role).toBe('admin');
    const other = await signInAs();
    const again = await api().post('/api/v1/invitations/accept').set(other.auth).send({ code }).expect(409);
    expect(again.body.code).toBe('INVITATION_USED');
    expect(await RoleGrantModel.countDocuments({ userId: other.userId })).toBe(0);
  });
});

describe('inviting a union official', () => {
  it('binds the role and scope to whoever accepts, shown on /me with the union’s name', async () => {
    const created = await invite(committee, { role: 'union_official', unionId: hexiId, note: '河西区审核' }).expect(201);
    const invitation = ZCreatedInvitationResponse.parse(created.body).data;
    expect(invitation).toMatchObject({ status: 'pending', role: 'union_official', scope: { unionName: '河西区总工会' } });
    expect(invitation.code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);

    const official = await signInAs();
    const preview = await api().post('/api/v1/invitations/preview').set(official.auth).send({ code: invitation.code.toLowerCase() }).expect(200);
    expect(preview.body.data).toMatchObject({ role: 'union_official', scope: { unionName: '河西区总工会' } });
    expect(preview.body.data.code).toBeUndefined();

    await api().post('/api/v1/invitations/accept').set(official.auth).send({ code: invitation.code }).expect(200);
    const me = ZMeResponse.parse((await api().get('/api/v1/me').set(official.auth).expect(200)).body).data;
    expect(me.roles).toEqual([
      expect.objectContaining({ role: 'union_official', scope: expect.objectContaining({ unionId: hexiId, unionName: '河西区总工会' }) }),
    ]);
    const listed = ZInvitationListResponse.parse((await api().get('/api/v1/invitations').set(committee.auth).expect(200)).body);
    expect(listed.data.items.find((i) => i.id === invitation.id)?.status).toBe('accepted');
  });

  it('needs a union that exists, and answers field errors in Chinese', async () => {
    const missingUnion = await invite(committee, { role: 'union_official' }).expect(400);
    expect(missingUnion.body.fields).toEqual([{ path: 'unionId', message: '请选择工会' }]);
    const unknown = await invite(committee, { role: 'union_official', unionId: '0123456789abcdef01234567' }).expect(404);
    expect(unknown.body.code).toBe('UNION_NOT_FOUND');
  });
});

describe('the invitation QR', () => {
  it('is a mini-program code that opens the invitation page with the code in its scene', async () => {
    const created = ZCreatedInvitationResponse.parse((await invite(committee, { role: 'union_official', unionId: hexiId }).expect(201)).body).data;
    expect(created.qrImage).toMatch(/^data:image\/png;base64,/);
    const content = decodeQrPng(Buffer.from(created.qrImage!.split(',')[1]!, 'base64'));
    const url = new URL(content!);
    expect(url.searchParams.get('page')).toBe(MINIAPP_PAGES.invite);
    expect(invitationCodeFromScene(url.searchParams.get('scene')!)).toBe(created.code);
  });

  it('is left out, and the invitation still made, when WeChat cannot draw it', async () => {
    await new EmulatorControl(harness.wechat!.baseUrl).fault({ api: 'getwxacodeunlimit', errcode: 47003, times: 1 });
    const created = ZCreatedInvitationResponse.parse((await invite(committee, { role: 'union_official', unionId: hexiId }).expect(201)).body).data;
    expect(created.qrImage).toBeNull();
    expect(created.code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
  });
});

describe('invitations end', () => {
  it('after expiry (410 INVITATION_EXPIRED)', async () => {
    const { code } = ZCreatedInvitationResponse.parse(
      (await invite(committee, { role: 'union_official', unionId: hexiId, expiresInHours: 1 }).expect(201)).body,
    ).data;
    const person = await signInAs();
    now = new Date(now.getTime() + 2 * 3_600_000);
    try {
      const res = await api().post('/api/v1/invitations/accept').set(person.auth).send({ code }).expect(410);
      expect(res.body.code).toBe('INVITATION_EXPIRED');
    } finally {
      now = new Date(now.getTime() - 2 * 3_600_000);
    }
    expect(await RoleGrantModel.countDocuments({ userId: person.userId })).toBe(0);
  });

  it('when revoked (410 INVITATION_REVOKED); an accepted one cannot be revoked', async () => {
    const created = ZCreatedInvitationResponse.parse((await invite(committee, { role: 'union_official', unionId: hexiId }).expect(201)).body).data;
    await api().post(`/api/v1/invitations/${created.id}/revoke`).set(committee.auth).expect(200);
    const person = await signInAs();
    const res = await api().post('/api/v1/invitations/accept').set(person.auth).send({ code: created.code }).expect(410);
    expect(res.body.code).toBe('INVITATION_REVOKED');
  });

  it('are accepted once even when two people try at the same moment', async () => {
    const { code } = ZCreatedInvitationResponse.parse((await invite(committee, { role: 'union_official', unionId: hexiId }).expect(201)).body).data;
    const people = await Promise.all([signInAs(), signInAs(), signInAs(), signInAs()]);
    const answers = await Promise.all(people.map((p) => api().post('/api/v1/invitations/accept').set(p.auth).send({ code })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    const invitation = await InvitationModel.findOne({ codeHash: hashSecret(code) }).lean();
    const winner = people[answers.findIndex((a) => a.status === 200)]!;
    expect(invitation!.acceptedBy?.toHexString()).toBe(winner.userId.toHexString());
    expect(await RoleGrantModel.countDocuments({ invitationId: invitation!._id })).toBe(1);
  });

  it('answers a code that never existed with 404', async () => {
    const person = await signInAs();
    const res = await api().post('/api/v1/invitations/accept').set(person.auth).send({ code: 'ABCDEFGHJK' }).expect(404);
    expect(res.body).toMatchObject({ code: 'INVITATION_NOT_FOUND', message: '邀请码不存在，请核对后重新输入' });
    const malformed = await api().post('/api/v1/invitations/accept').set(person.auth).send({ code: 'O0O0' }).expect(400);
    expect(malformed.body.fields[0].message).toBe('邀请码应为 10 位字母或数字');
  });
});

describe('who may invite whom', () => {
  it('only admins make admins', async () => {
    const res = await invite(committee, { role: 'admin' }).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('a committee member of one competition invites venue staff for it, and not for another', async () => {
    const other = await createOtherCompetition('other', now);
    const scoped = await signInAs([{ role: 'committee', competitionId }]);
    await invite(scoped, { role: 'venue_staff', competitionId, venue: '主赛场' }).expect(201);
    const res = await invite(scoped, { role: 'venue_staff', competitionId: other, venue: '主赛场' }).expect(404);
    expect(res.body.code).toBe('COMPETITION_NOT_FOUND');
    // An unscoped committee member is not theirs to make.
    await invite(scoped, { role: 'committee', competitionId: null }).expect(403);
  });

  it('union officials, venue staff and workers may not invite (403)', async () => {
    for (const grants of [[{ role: 'union_official' as const, unionId: hexiId }], [{ role: 'venue_staff' as const, competitionId, venue: 'A' }], []]) {
      const person = await signInAs(grants);
      await invite(person, { role: 'union_official', unionId: hexiId }).expect(403);
    }
  });
});

describe('revoking a role', () => {
  it('takes effect on the next request', async () => {
    const official = await signInAs([{ role: 'union_official', unionId: hexiId }]);
    const grant = await RoleGrantModel.findOne({ userId: official.userId }).lean();
    await api().post(`/api/v1/roles/${grant!._id.toHexString()}/revoke`).set(committee.auth).expect(200);
    const me = ZMeResponse.parse((await api().get('/api/v1/me').set(official.auth).expect(200)).body).data;
    expect(me.roles).toEqual([]);
    const again = await api().post(`/api/v1/roles/${grant!._id.toHexString()}/revoke`).set(committee.auth).expect(404);
    expect(again.body.code).toBe('ROLE_NOT_FOUND');
  });

  it('the committee cannot see or revoke an admin’s role', async () => {
    const admin = await signInAs([{ role: 'admin' }]);
    const grant = await RoleGrantModel.findOne({ userId: admin.userId }).lean();
    await api().post(`/api/v1/roles/${grant!._id.toHexString()}/revoke`).set(committee.auth).expect(404);
    const listed = await api().get('/api/v1/roles').set(committee.auth).expect(200);
    expect(listed.body.data.items.map((g: { role: string }) => g.role)).not.toContain('admin');
  });
});
