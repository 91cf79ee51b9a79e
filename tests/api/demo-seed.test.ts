import request from 'supertest';
import { ZAuditQueueResponse, ZPassListResponse, ZTeamListResponse, ZVenueSessionListResponse } from '@contest/shared';
import { UnionModel } from '@contest/bff/src/models/union';
import { PassSigner } from '@contest/bff/src/passSigning/signer';
import { PersonalDataCipher } from '@contest/bff/src/personalData/cipher';
import { seedDemoPasses } from '@contest/bff/src/seed/demoPasses';
import { seedDemoRegistrations } from '@contest/bff/src/seed/demoRegistrations';
import { DEMO_TEAM, seedTeamDemo } from '@contest/bff/src/seed/demoTeam';
import { DEMO_TWO_LEVEL_COMPETITION, DEMO_TWO_LEVEL_UNION, seedTwoLevelDemo } from '@contest/bff/src/seed/demoTwoLevel';
import { DEMO_HOST_UNIT, DEMO_SCHOOL, DEMO_SCHOOL_OFFICIALS, DEMO_SCHOOL_PATH_COMPETITION, seedSchoolPathDemo } from '@contest/bff/src/seed/demoSchoolPath';
import { RoleGrantModel } from '@contest/bff/src/models/roleGrant';
import { UserModel } from '@contest/bff/src/models/user';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { signInAs } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';

let harness: TestHarness;

beforeAll(async () => {
  harness = await startHarness({ seed: true });
});
afterAll(() => harness.stop());

it('a fresh demo has registrations waiting at 河西区, and seeding again adds none', async () => {
  const cipher = PersonalDataCipher.fromConfig(harness.config);
  expect(await seedDemoRegistrations(cipher, new Date())).toBe(8);
  expect(await seedDemoRegistrations(cipher, new Date())).toBe(0);

  const hexi = await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail();
  const official = await signInAs([{ role: 'union_official', unionId: hexi._id }]);
  const competition = await CompetitionModel.findOne({}).lean().orFail();
  const res = await request(harness.app.callback())
    .get(`/api/v1/audit/union/competitions/${competition._id.toHexString()}/registrations`)
    .set(official.auth)
    .expect(200);
  const names = ZAuditQueueResponse.parse(res.body).data.items.map((item) => item.name);
  expect(names.sort()).toEqual(['刘洋', '张伟', '李强', '王芳'].sort());
});

it('a fresh demo has its competition day: sessions at the main and branch venues, two confirmed workers placed with passes; seeding again issues none', async () => {
  await seedDemoRegistrations(PersonalDataCipher.fromConfig(harness.config), new Date());
  const signer = PassSigner.fromConfig(harness.config);
  expect(await seedDemoPasses(signer, new Date())).toBe(2);
  expect(await seedDemoPasses(signer, new Date())).toBe(0);

  const competition = await CompetitionModel.findOne({}).lean().orFail();
  const committee = await signInAs([{ role: 'committee' }]);
  const api = request(harness.app.callback());
  const sessions = ZVenueSessionListResponse.parse((await api.get(`/api/v1/admin/competitions/${competition._id.toHexString()}/sessions`).set(committee.auth).expect(200)).body)
    .data.items;
  expect(sessions.map((s) => [s.code, s.venue.code, s.placed])).toEqual([
    ['main-am', 'main', 1],
    ['branch', 'branch', 0],
    ['main-pm', 'main', 1],
  ]);
  const passes = ZPassListResponse.parse((await api.get(`/api/v1/admin/competitions/${competition._id.toHexString()}/passes`).set(committee.auth).expect(200)).body).data.items;
  expect(passes.map((p) => [p.name, p.session.code, p.station, p.delegation?.name])).toEqual([
    ['陈静', 'main-am', 'A-001', '和平区总工会'],
    ['赵敏', 'main-pm', 'B-001', '南开区总工会'],
  ]);
});

it('the demo’s two-level audit: 学府街道 sees 周涛 at level 1, 南开区 sees 吴娜 at level 2 after 学府街道’s approval; seeding again adds none', async () => {
  const cipher = PersonalDataCipher.fromConfig(harness.config);
  expect(await seedTwoLevelDemo(cipher, new Date())).toBe(2);
  expect(await seedTwoLevelDemo(cipher, new Date())).toBe(0);

  const competition = await CompetitionModel.findOne({ slug: DEMO_TWO_LEVEL_COMPETITION.slug }).lean().orFail();
  const waitingAt = async (unionName: string) => {
    const union = await UnionModel.findOne({ name: unionName }).lean().orFail();
    const official = await signInAs([{ role: 'union_official', unionId: union._id }]);
    const res = await request(harness.app.callback())
      .get(`/api/v1/audit/union/competitions/${competition._id.toHexString()}/registrations`)
      .set(official.auth)
      .expect(200);
    return ZAuditQueueResponse.parse(res.body).data.items.map((item) => [item.name, item.auditLevel?.level, item.auditLevel?.earlier?.unionName ?? null, item.allowedDecisions]);
  };
  expect(await waitingAt(DEMO_TWO_LEVEL_UNION.name)).toEqual([['周涛', 1, null, ['approve', 'reject']]]);
  expect(await waitingAt('南开区总工会')).toEqual([['吴娜', 2, DEMO_TWO_LEVEL_UNION.name, ['approve', 'reject']]]);
});

it('the demo’s school path: the school sees 韩雪 waiting for 学籍, the host unit sees 冯宇 after the school confirmed it; their officials hold grants; seeding again adds none', async () => {
  const cipher = PersonalDataCipher.fromConfig(harness.config);
  expect(await seedSchoolPathDemo(cipher, new Date())).toBe(2);
  expect(await seedSchoolPathDemo(cipher, new Date())).toBe(0);

  const competition = await CompetitionModel.findOne({ slug: DEMO_SCHOOL_PATH_COMPETITION.slug }).lean().orFail();
  const waitingAt = async (unionName: string, openid: string) => {
    const union = await UnionModel.findOne({ name: unionName }).lean().orFail();
    const user = await UserModel.findOne({ openid }).lean().orFail();
    expect(await RoleGrantModel.countDocuments({ userId: user._id, role: 'union_official', unionId: union._id, revokedAt: null })).toBe(1);
    const official = await signInAs([{ role: 'union_official', unionId: union._id }]);
    const res = await request(harness.app.callback())
      .get(`/api/v1/audit/union/competitions/${competition._id.toHexString()}/registrations`)
      .set(official.auth)
      .expect(200);
    return ZAuditQueueResponse.parse(res.body).data.items.map((item) => [item.name, item.auditLevel?.step, item.auditLevel?.earlier?.reason ?? null, item.allowedDecisions]);
  };
  expect(await waitingAt(DEMO_SCHOOL.name, DEMO_SCHOOL_OFFICIALS.school)).toEqual([['韩雪', 'school', null, ['approve', 'reject']]]);
  expect(await waitingAt(DEMO_HOST_UNIT.name, DEMO_SCHOOL_OFFICIALS.host)).toEqual([['冯宇', 'host', '学籍已确认：在校二年级，机电技术应用专业', ['approve', 'reject']]]);
});

it('the demo’s team: 河西区’s official sees its team with its 领队 and two members awaiting their own confirmation; seeding again enters none', async () => {
  const cipher = PersonalDataCipher.fromConfig(harness.config);
  expect(await seedTeamDemo(cipher, new Date())).toBe(2);
  expect(await seedTeamDemo(cipher, new Date())).toBe(0);

  const hexi = await UnionModel.findOne({ name: DEMO_TEAM.unionName }).lean().orFail();
  const competition = await CompetitionModel.findOne({ slug: 'tj-haihe-cup' }).lean().orFail();
  const official = await signInAs([{ role: 'union_official', unionId: hexi._id }]);
  const res = await request(harness.app.callback()).get('/api/v1/audit/union/teams').query({ competitionId: competition._id.toHexString() }).set(official.auth).expect(200);
  const teams = ZTeamListResponse.parse(res.body).data.items;
  expect(teams.map((team) => [team.name, team.leader.name, team.members.map((m) => [m.name, m.status])])).toEqual([
    [DEMO_TEAM.name, DEMO_TEAM.leader.name, [['孙磊', 'awaiting'], ['钱蕾', 'awaiting']]],
  ]);
});
